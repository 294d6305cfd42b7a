import { randomUUID } from 'node:crypto'
import type { ChatMessage } from '@lanchat/protocol'
import type { AppendResult, HistoryPage, HistoryStore, MessageDraft } from './history-store.js'

/** Options of {@link MemoryHistoryStore}. */
export interface MemoryHistoryStoreOptions {
  /**
   * Most messages kept per room; older ones are forgotten (and so is their dedupe key). Default 10 000.
   * A client that missed more than were kept gets `recovered: false` on resume, never a silent gap.
   */
  maxMessagesPerRoom?: number
}

interface RoomHistory {
  /** Contiguous by seq: `messages[index].seq === messages[0].seq + index`. */
  messages: ChatMessage[]
  nextSeq: number
  byKey: Map<string, ChatMessage>
}

const DEFAULT_MAX_MESSAGES_PER_ROOM = 10_000

/**
 * Keeps history in process memory: for tests, demos and servers whose chat may vanish on restart.
 * Every operation completes synchronously (the promises are already settled).
 *
 * @example
 * ```ts
 * const store = new MemoryHistoryStore()
 * const { message } = await store.append({
 *   room: 'lobby', kind: 'user', from: { id: 'u-1', name: 'Maria' }, text: 'hi', ts: Date.now(), clientMsgId: 'm1',
 * })
 * message.seq // 1
 * ```
 */
export class MemoryHistoryStore implements HistoryStore {
  readonly #rooms = new Map<string, RoomHistory>()
  readonly #maxMessagesPerRoom: number
  #closed = false

  constructor(options: MemoryHistoryStoreOptions = {}) {
    const max = options.maxMessagesPerRoom ?? DEFAULT_MAX_MESSAGES_PER_ROOM
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxMessagesPerRoom must be a positive integer')
    this.#maxMessagesPerRoom = max
  }

  async append(draft: MessageDraft): Promise<AppendResult> {
    this.#assertOpen()
    let history = this.#rooms.get(draft.room)
    if (history === undefined) {
      history = { messages: [], nextSeq: 1, byKey: new Map() }
      this.#rooms.set(draft.room, history)
    }
    const key = dedupeKey(draft.from.id, draft.clientMsgId)
    const stored = history.byKey.get(key)
    if (stored !== undefined) return { message: stored, duplicate: true }

    const message: ChatMessage = Object.freeze({
      id: `m-${randomUUID()}`,
      room: draft.room,
      seq: history.nextSeq++,
      kind: draft.kind,
      from: Object.freeze({ id: draft.from.id, name: draft.from.name }),
      text: draft.text,
      ts: draft.ts,
      clientMsgId: draft.clientMsgId,
    })
    history.messages.push(message)
    history.byKey.set(key, message)
    this.#trim(history)
    return { message, duplicate: false }
  }

  async latest(room: string, limit: number): Promise<HistoryPage> {
    this.#assertOpen()
    const messages = this.#rooms.get(room)?.messages ?? []
    return pageEndingAt(messages, messages.length, limit)
  }

  async before(room: string, seq: number, limit: number): Promise<HistoryPage> {
    this.#assertOpen()
    const messages = this.#rooms.get(room)?.messages ?? []
    return pageEndingAt(messages, indexOfSeq(messages, seq), limit)
  }

  async after(room: string, seq: number, limit: number): Promise<HistoryPage> {
    this.#assertOpen()
    const messages = this.#rooms.get(room)?.messages ?? []
    const start = indexOfSeq(messages, seq + 1)
    const end = Math.min(messages.length, start + Math.max(0, limit))
    return { messages: messages.slice(start, end), hasMore: end < messages.length }
  }

  async deleteRoom(room: string): Promise<void> {
    this.#rooms.delete(room)
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#rooms.clear()
  }

  #trim(history: RoomHistory): void {
    // Trim in batches of a tenth so that appending stays amortised O(1).
    const slack = Math.ceil(this.#maxMessagesPerRoom / 10)
    if (history.messages.length <= this.#maxMessagesPerRoom + slack) return
    const dropped = history.messages.splice(0, history.messages.length - this.#maxMessagesPerRoom)
    for (const message of dropped) history.byKey.delete(dedupeKey(message.from.id, message.clientMsgId))
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('MemoryHistoryStore is closed')
  }
}

function dedupeKey(userId: string, clientMsgId: string): string {
  return `${userId}\u0000${clientMsgId}`
}

/** The index of the message with this seq, clamped to [0, length]: messages are contiguous by seq. */
function indexOfSeq(messages: readonly ChatMessage[], seq: number): number {
  const first = messages[0]
  if (first === undefined) return 0
  return Math.min(messages.length, Math.max(0, seq - first.seq))
}

function pageEndingAt(messages: readonly ChatMessage[], end: number, limit: number): HistoryPage {
  const start = Math.max(0, end - Math.max(0, limit))
  return { messages: messages.slice(start, end), hasMore: start > 0 }
}
