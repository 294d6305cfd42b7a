import type { ResumedRoom, ServerEventMap, UnknownServerFrame, Welcome } from '@lanchat/protocol'
import type { LanchatError } from './errors/lanchat-error.js'
import type { OutgoingMessage } from './outbox.js'
import type { RoomGap } from './sequence-guard.js'

/**
 * Where the connection stands. `idle` until `connect()`; `connecting` until the first
 * `welcome`; `open`; `reconnecting` after a drop (with backoff) until the next `welcome`;
 * `closed` after `close()`, a final close code, or when reconnecting gave up.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed'

/**
 * One event per server frame type, named after it, with the frame as payload: derived from the
 * protocol's `ServerEventMap`, so it can never drift from the wire. The wire `error` frame is not
 * among them: errors arrive as the reserved `error` event, as a `LanchatServerError`. Nor is the
 * `room.updated` reply: its change is in `client.rooms`, announced by the reserved `room.updated`
 * event (with the room's id), and the reply is what `updateRoom()`, `manageMember()` and
 * `setNotify()` resolve with.
 *
 * `room.added` fires once the client holds the room (in `client.rooms`, with its timeline), as
 * after a join; `room.removed` once it has dropped it (its state, its timeline, and its unsent
 * messages, which fail).
 */
export type LanchatServerEvents = {
  [Type in Exclude<keyof ServerEventMap, 'error' | 'room.updated'>]: Parameters<ServerEventMap[Type]>[0]
}

/** Events of the client itself, next to the wire events. */
export interface LanchatReservedEvents {
  /** The connection state changed. */
  state: { state: ConnectionState; previous: ConnectionState }
  /** A connection is ready (first connect and every reconnect): the `welcome` the server sent. */
  open: Welcome
  /** A socket closed: every attempt's socket, with its close code (1006 when it closed without one). */
  close: { code: number; reason: string }
  /** The connection dropped; attempt `attempt` (from 1) starts in `delayMs`. */
  reconnecting: { attempt: number; delayMs: number }
  /** An outgoing message was queued or changed state (`pending` → `sent` | `failed`, or back by `retry()`). */
  outbox: OutgoingMessage
  /**
   * The members, typing members, info or notification level of a room changed (a `system` message with an `event`,
   * a `room.updated` reply, `notify.changed`, …), or the room was added to or removed from `client.rooms`.
   */
  'room.updated': string
  /**
   * After a reconnect, once per room that was resumed, before its messages. `recovered: true`:
   * the missed messages follow as `message.created`. `recovered: false`: the history has a gap
   * (too much was missed, or the room's epoch changed): reset this room's timeline; its newest page
   * follows as `message.created`, and `history()` pages back from there.
   */
  'room.resumed': ResumedRoom
  /**
   * A room's seqs jumped: the messages between `after` and `before` did not come on the live stream. With
   * `filled: true` the client fetched them and delivered them in order before `before` (nothing for the app to do).
   * With `filled: false` it could not (too many, or the server did not have them): page them with `history()`, or
   * let a `RoomTimeline` show the gap and fill it.
   */
  'room.gap': RoomGap
  /**
   * A frame of a type this version of the SDK does not know: an event of a newer server (say `message.edited`). It
   * is handed over as it came, unchecked beyond being a JSON object with a string `type`; the client does nothing
   * else with it. See "Evolving the protocol" in the protocol spec.
   */
  unknown: UnknownServerFrame
  /** Something went wrong that no promise reports. Never thrown; only emitted. */
  error: LanchatError
}

/** Every event of a {@link LanchatClient}: the wire events and the reserved ones. */
export type LanchatClientEvents = LanchatServerEvents & LanchatReservedEvents
