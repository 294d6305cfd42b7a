import type { ChatMessage, LanchatClient, NotifyLevel } from '@lanchat/client'
import { mentionsName } from './mentions.js'

/** Why a message alerts the person: it mentions them, it is in a direct conversation, or its room notifies on everything. */
export type AlertReason = 'mention' | 'direct' | 'message'

/** What decides whether a message alerts. */
export interface AlertFacts {
  /** The person's user id and current name. */
  userId: string | undefined
  userName: string | undefined
  /** The room's notification level (`RoomState.notify`). */
  notify: NotifyLevel
  /** The room is a direct conversation. */
  direct: boolean
}

/**
 * Whether a live message alerts the person, and why, following the room's notification level: `all`, every message
 * from someone else (a direct conversation's default); `mentions`, a mention of them (`@Name`); `none`, nothing — the
 * same rule as the CLI's and the protocol's. Never their own messages (from any of their devices) or the room's own
 * notices.
 *
 * @example
 * ```ts
 * alertFor(message, { userId, userName: 'Ana', notify: 'mentions', direct: false }) // 'mention' for "hi @Ana"
 * ```
 */
export function alertFor(message: ChatMessage, facts: AlertFacts): AlertReason | undefined {
  if (message.kind !== 'user' || message.from.id === facts.userId || facts.notify === 'none') return undefined
  if (mentionsName(message.text, facts.userName)) return 'mention'
  if (facts.notify !== 'all') return undefined
  return facts.direct ? 'direct' : 'message'
}

/**
 * Tells live messages from the ones a resume replays or a gap fill brings after a reconnect: those are not news.
 * (History pages never come as `message.created`.) Returns a test and the unsubscribe function.
 *
 * @example
 * ```ts
 * const backfill = watchBackfill(client)
 * client.on('message.created', ({ message }) => { if (!backfill.is(message)) alert(message) })
 * ```
 */
export function watchBackfill(client: LanchatClient): { is: (message: ChatMessage) => boolean; stop: () => void } {
  /** Per room, the seq up to which messages are replays, and the ranges gap fills bring. */
  const replayedUpTo = new Map<string, number>()
  const filled = new Map<string, Array<[number, number]>>()
  const stops = [
    client.on('room.resumed', (resumed) => {
      const last = resumed.messages.at(-1)?.seq ?? 0
      replayedUpTo.set(resumed.room.id, Math.max(replayedUpTo.get(resumed.room.id) ?? 0, last))
    }),
    client.on('room.gap', (gap) => {
      if (!gap.filled) return
      const ranges = filled.get(gap.room) ?? []
      ranges.push([gap.after, gap.before])
      filled.set(gap.room, ranges.slice(-20))
    }),
  ]
  return {
    is: (message) =>
      message.seq <= (replayedUpTo.get(message.room) ?? 0) ||
      (filled.get(message.room) ?? []).some(([after, before]) => message.seq > after && message.seq < before),
    stop: () => {
      for (const stop of stops) stop()
    },
  }
}
