import type { ChatMessage, LeaveReason, Member, RoomInfo } from '@lanchat/protocol'
import type { ChatLogger } from './logger.js'

/**
 * What `app.lanchat.on(event, listener)` listeners receive, by event.
 *
 * @example
 * ```ts
 * app.lanchat.on('member.left', ({ room, member, reason }) => app.log.info({ room, user: member.id, reason }, 'left'))
 * ```
 */
export interface LanchatEventMap {
  /** A message was stored and sent to the room (user and system messages; not duplicates). */
  message: ChatMessage
  /** A room was made: a code room by a user, or a named room by the host. */
  'room.created': RoomInfo
  /** A room was deleted (code rooms, when they became empty). */
  'room.deleted': RoomInfo
  /** A user's first connection entered a room. */
  'member.joined': { room: string; member: Member }
  /** A user's last connection left a room. */
  'member.left': { room: string; member: Member; reason: LeaveReason }
}

/** A listener of one {@link LanchatEventMap} event. */
export type LanchatListener<Event extends keyof LanchatEventMap> = (payload: LanchatEventMap[Event]) => void

/**
 * The chat core's observable events. A listener that throws is logged and does not disturb the core or the
 * other listeners.
 */
export class ChatEvents {
  readonly #listeners = new Map<keyof LanchatEventMap, Set<(payload: never) => void>>()
  readonly #log: ChatLogger

  constructor(log: ChatLogger) {
    this.#log = log
  }

  on<Event extends keyof LanchatEventMap>(event: Event, listener: LanchatListener<Event>): () => void {
    let listeners = this.#listeners.get(event)
    if (listeners === undefined) {
      listeners = new Set()
      this.#listeners.set(event, listeners)
    }
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry = (payload: never) => listener(payload)
    listeners.add(entry)
    return () => {
      listeners.delete(entry)
    }
  }

  emit<Event extends keyof LanchatEventMap>(event: Event, payload: LanchatEventMap[Event]): void {
    const listeners = this.#listeners.get(event)
    if (listeners === undefined) return
    for (const listener of listeners) {
      try {
        ;(listener as LanchatListener<Event>)(payload)
      } catch (error) {
        this.#log.error({ err: error, event }, 'lanchat event listener threw')
      }
    }
  }
}
