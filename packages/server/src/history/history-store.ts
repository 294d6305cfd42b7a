import type { ChatMessage, Member, MessageKind } from '@lanchat/protocol'

/** A message as the chat core hands it to the store: everything but the `id` and `seq` the store assigns. */
export interface MessageDraft {
  room: string
  kind: MessageKind
  from: Member
  text: string
  /** Server time, in ms. */
  ts: number
  /** The sender's idempotency key: the store keeps one message per `(room, from.id, clientMsgId)`. */
  clientMsgId: string
}

/** What {@link HistoryStore.append} resolves with. */
export interface AppendResult {
  /** The stored message: the new one, or the one stored earlier under the same key. */
  message: ChatMessage
  /** True when `(room, from.id, clientMsgId)` was already stored; nothing new was stored. */
  duplicate: boolean
}

/** A page of history, oldest first. */
export interface HistoryPage {
  messages: ChatMessage[]
  /**
   * Whether more messages exist beyond this page in the direction of reading:
   * older ones for {@link HistoryStore.latest} and {@link HistoryStore.before}, newer ones for {@link HistoryStore.after}.
   */
  hasMore: boolean
}

/**
 * Where messages live. The chat core calls it one room at a time (appends of one room never overlap), so an
 * implementation only has to make `append` atomic per room. Every method may be asynchronous; an `append` resolves
 * once the message is durable, because the sender's ack waits for it.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import lanchat, { MemoryHistoryStore } from '@lanchat/server'
 *
 * const app = Fastify()
 * await app.register(lanchat, { history: new MemoryHistoryStore({ maxMessagesPerRoom: 1000 }) })
 * ```
 */
export interface HistoryStore {
  /**
   * Stores a message, giving it a globally unique `id` and the room's next `seq` (1, 2, 3, …). Idempotent on
   * `(room, from.id, clientMsgId)`: a repeat resolves with the stored message and `duplicate: true`.
   */
  append(draft: MessageDraft): Promise<AppendResult>
  /** The newest `limit` messages of a room, oldest first. */
  latest(room: string, limit: number): Promise<HistoryPage>
  /** Up to `limit` messages with a seq below `seq`, the newest of them, oldest first. */
  before(room: string, seq: number, limit: number): Promise<HistoryPage>
  /** Up to `limit` messages with a seq above `seq`, the oldest of them, oldest first; `hasMore` says whether newer ones remain. */
  after(room: string, seq: number, limit: number): Promise<HistoryPage>
  /** Forgets a room's messages and its seq counter. */
  deleteRoom(room: string): Promise<void>
  /** Releases what the store holds; called once when the Fastify app closes. */
  close(): Promise<void>
}
