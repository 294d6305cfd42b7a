import type { ChatMessage, Member } from '@lanchat/protocol'
import type { OutgoingMessage } from '../outbox.js'

/** A stored message. `own`: sent by this user (from any of their devices or tabs). */
export interface TimelineMessage {
  readonly kind: 'message'
  readonly key: string
  readonly message: ChatMessage
  readonly own: boolean
}

/**
 * One of this client's own messages that is not stored yet: `outgoing.state` is `pending` (on its way, or waiting for
 * the connection) or `failed` (`outgoing.error` says why; `client.retry()` or `client.discard()` it). Outgoing
 * entries sit after every stored message, in the order they were sent; once stored, the entry becomes a message.
 */
export interface TimelineOutgoing {
  readonly kind: 'outgoing'
  readonly key: string
  readonly outgoing: OutgoingMessage
}

/** Something that happened in the room between messages. */
export interface TimelineNotice {
  readonly kind: 'notice'
  readonly key: string
  /** `joined` / `left`: on purpose; `disconnected`: their connection dropped for good; `renamed`: a new display name. */
  readonly event: 'joined' | 'left' | 'disconnected' | 'renamed'
  readonly member: Member
  /** The name before a `renamed`. */
  readonly previousName?: string | undefined
  readonly ts: number
}

/**
 * Messages the timeline knows exist but does not hold: seqs after `after` and before `before`. Shown where they
 * belong; `timeline.fillGap(key)` pages them in. `before - after - 1` is an upper bound of how many are missing, not
 * an exact count: seqs of messages the server no longer keeps (expired, or a room's retention) are in the range too,
 * so say "up to N" or "earlier messages", not "N messages".
 */
export interface TimelineGap {
  readonly kind: 'gap'
  readonly key: string
  readonly after: number
  readonly before: number
  /** Whether a page of it is being fetched. */
  readonly loading: boolean
}

/** A line of the app's own, placed after the newest message: a hint, the result of a command, a warning. */
export interface TimelineNote {
  readonly kind: 'note'
  readonly key: string
  readonly text: string
  readonly level: 'info' | 'error'
  readonly ts: number
}

/** One entry of a room's timeline, in display order: oldest first. */
export type TimelineEntry = TimelineMessage | TimelineOutgoing | TimelineNotice | TimelineGap | TimelineNote
