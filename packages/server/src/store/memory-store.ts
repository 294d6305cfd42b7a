import { randomUUID } from 'node:crypto'
import type { NotifyLevel } from '@lanchat/protocol'
import { frozenCopy, withEvent } from './documents.js'
import { memoryAccounts } from './memory-accounts.js'
import {
  StoreRoomNotFoundError,
  type AccountStore,
  type CredentialStore,
  type AppendResult,
  type EventPage,
  type LanchatStore,
  type MembershipStore,
  type NewRoom,
  type RoomChanges,
  type RoomEvent,
  type RoomEventDraft,
  type RoomLogStore,
  type RoomStore,
  type SessionStore,
  type StoredRoom,
  type StoredSession,
  type StoredUser,
  type UserStore,
} from './store.js'

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most events kept per room; older ones are forgotten (and so are their idempotency keys). Default 10 000.
   * A client that missed more than were kept gets `recovered: false` on resume, never a silent gap.
   */
  maxEventsPerRoom?: number
}

interface RoomState {
  room: StoredRoom
  /** Contiguous by seq: `events[index].seq === events[0].seq + index`. */
  events: RoomEvent[]
  byKey: Map<string, RoomEvent>
  /** Member user ids, in the order they joined, with the notification level each set (undefined: the default). */
  members: Map<string, NotifyLevel | undefined>
}

const DEFAULT_MAX_EVENTS_PER_ROOM = 10_000

/**
 * Keeps everything in process memory: for tests, demos and servers whose chat may vanish on restart. Every
 * operation completes at once (the promises are already settled).
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import lanchat, { MemoryStore } from '@lanchat/server'
 *
 * const app = Fastify()
 * await app.register(lanchat, { store: new MemoryStore({ maxEventsPerRoom: 1000 }) })
 * ```
 */
export class MemoryStore implements LanchatStore {
  readonly rooms: RoomStore
  readonly log: RoomLogStore
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly memberships: MembershipStore
  readonly accounts: AccountStore
  readonly credentials: CredentialStore
  readonly #clearAccounts: () => void
  readonly #rooms = new Map<string, RoomState>()
  readonly #users = new Map<string, StoredUser>()
  readonly #sessions = new Map<string, StoredSession>()
  readonly #maxEventsPerRoom: number
  #closed = false

  constructor(options: MemoryStoreOptions = {}) {
    const max = options.maxEventsPerRoom ?? DEFAULT_MAX_EVENTS_PER_ROOM
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxEventsPerRoom must be a positive integer')
    this.#maxEventsPerRoom = max
    const open = <Args extends unknown[], Result>(work: (...args: Args) => Result) => {
      return async (...args: Args): Promise<Awaited<Result>> => {
        if (this.#closed) throw new Error('the MemoryStore is closed')
        return await work(...args)
      }
    }

    this.rooms = {
      create: open((room: NewRoom) => {
        if (this.#rooms.has(room.id)) return undefined
        const stored: StoredRoom = Object.freeze({ ...room, settings: frozenCopy(room.settings ?? {}), lastSeq: 0 })
        this.#rooms.set(room.id, { room: stored, events: [], byKey: new Map(), members: new Map() })
        return stored
      }),
      get: open((id: string) => this.#rooms.get(id)?.room),
      list: open(() =>
        [...this.#rooms.values()]
          .map((state) => state.room)
          .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
      ),
      rename: open((id: string, name: string) => {
        const state = this.#rooms.get(id)
        if (state === undefined) return false
        state.room = Object.freeze({ ...state.room, name })
        return true
      }),
      update: open((id: string, changes: RoomChanges) => {
        const state = this.#rooms.get(id)
        if (state === undefined) return undefined
        const { name, retention, settings } = changes
        state.room = Object.freeze({
          ...state.room,
          ...(name === undefined ? {} : { name }),
          ...(retention === undefined ? {} : { retention }),
          ...(settings === undefined ? {} : { settings: frozenCopy(settings) }),
        })
        return state.room
      }),
      setEpoch: open((id: string, epoch: string) => {
        const state = this.#rooms.get(id)
        if (state === undefined) return false
        state.room = Object.freeze({ ...state.room, epoch })
        return true
      }),
      delete: open((id: string) => {
        this.#rooms.delete(id)
      }),
    }

    this.log = {
      append: open((draft: RoomEventDraft) => this.#append(draft)),
      latest: open((room: string, limit: number) => {
        const events = this.#rooms.get(room)?.events ?? []
        return pageEndingAt(events, events.length, limit)
      }),
      before: open((room: string, seq: number, limit: number) => {
        const events = this.#rooms.get(room)?.events ?? []
        return pageEndingAt(events, indexOfSeq(events, seq), limit)
      }),
      after: open((room: string, seq: number, limit: number): EventPage => {
        const events = this.#rooms.get(room)?.events ?? []
        const start = indexOfSeq(events, seq + 1)
        const end = Math.min(events.length, start + Math.max(0, limit))
        return { events: events.slice(start, end), hasMore: end < events.length }
      }),
    }

    this.users = {
      create: open((user: StoredUser) => {
        if (this.#users.has(user.id)) throw new Error(`user ${user.id} exists`)
        this.#users.set(user.id, Object.freeze({ ...user }))
      }),
      get: open((id: string) => this.#users.get(id)),
      rename: open((id: string, name: string) => {
        const user = this.#users.get(id)
        if (user === undefined) return false
        this.#users.set(id, Object.freeze({ ...user, name }))
        return true
      }),
    }

    this.sessions = {
      create: open((session: StoredSession) => {
        if (!this.#users.has(session.userId)) throw new Error(`no user ${session.userId}`)
        this.#sessions.set(session.tokenHash, Object.freeze({ ...session }))
      }),
      get: open((tokenHash: string, now: number) => {
        const session = this.#sessions.get(tokenHash)
        return session !== undefined && session.expiresAt > now ? session : undefined
      }),
      extend: open((tokenHashes: readonly string[], expiresAt: number) => {
        for (const hash of tokenHashes) {
          const session = this.#sessions.get(hash)
          if (session !== undefined) this.#sessions.set(hash, Object.freeze({ ...session, expiresAt }))
        }
      }),
      delete: open((tokenHash: string) => {
        this.#sessions.delete(tokenHash)
      }),
      deleteExpired: open((now: number) => {
        let count = 0
        for (const [hash, session] of this.#sessions) {
          if (session.expiresAt <= now) {
            this.#sessions.delete(hash)
            count++
          }
        }
        return count
      }),
    }

    const accounts = memoryAccounts(open, (id) => this.#users.has(id))
    this.accounts = accounts.accounts
    this.credentials = accounts.credentials
    this.#clearAccounts = accounts.clear

    this.memberships = {
      add: open((room: string, userId: string) => {
        const members = this.#rooms.get(room)?.members
        if (members !== undefined && !members.has(userId)) members.set(userId, undefined)
      }),
      remove: open((room: string, userId: string) => {
        this.#rooms.get(room)?.members.delete(userId)
      }),
      list: open((room: string) => [...(this.#rooms.get(room)?.members.keys() ?? [])]),
      roomsOf: open((userId: string) =>
        [...this.#rooms.values()].filter((state) => state.members.has(userId)).map((state) => state.room.id),
      ),
      setNotify: open((room: string, userId: string, level: NotifyLevel | undefined) => {
        const members = this.#rooms.get(room)?.members
        if (members === undefined || !members.has(userId)) return false
        members.set(userId, level)
        return true
      }),
      notifyLevels: open((userId: string) => {
        const levels = new Map<string, NotifyLevel>()
        for (const state of this.#rooms.values()) {
          const level = state.members.get(userId)
          if (level !== undefined) levels.set(state.room.id, level)
        }
        return levels
      }),
    }
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#rooms.clear()
    this.#users.clear()
    this.#sessions.clear()
    this.#clearAccounts()
  }

  #append(draft: RoomEventDraft): AppendResult {
    const state = this.#rooms.get(draft.message.room)
    if (state === undefined) throw new StoreRoomNotFoundError(draft.message.room)
    const key = idempotencyKey(draft.message.from.id, draft.message.clientMsgId)
    const stored = state.byKey.get(key)
    if (stored !== undefined) return { event: stored, duplicate: true }

    const seq = state.room.lastSeq + 1
    const { message: base } = draft
    const message = withEvent(
      {
        id: `m-${randomUUID()}`,
        room: base.room,
        seq,
        kind: base.kind,
        from: Object.freeze({ id: base.from.id, name: base.from.name }),
        text: base.text,
        ts: base.ts,
        clientMsgId: base.clientMsgId,
      },
      base.event === undefined ? undefined : frozenCopy(base.event),
    )
    const event: RoomEvent = Object.freeze({ type: 'message.created', room: base.room, seq, ts: base.ts, message })
    state.room = Object.freeze({ ...state.room, lastSeq: seq })
    state.events.push(event)
    state.byKey.set(key, event)
    this.#trim(state)
    return { event, duplicate: false }
  }

  #trim(state: RoomState): void {
    // Trim in batches of a tenth so that appending stays amortised O(1).
    const slack = Math.ceil(this.#maxEventsPerRoom / 10)
    if (state.events.length <= this.#maxEventsPerRoom + slack) return
    const dropped = state.events.splice(0, state.events.length - this.#maxEventsPerRoom)
    for (const event of dropped) state.byKey.delete(idempotencyKey(event.message.from.id, event.message.clientMsgId))
  }
}

function idempotencyKey(userId: string, clientMsgId: string): string {
  return `${userId}\u0000${clientMsgId}`
}

/** The index of the event with this seq, clamped to [0, length]: events are contiguous by seq. */
function indexOfSeq(events: readonly RoomEvent[], seq: number): number {
  const first = events[0]
  if (first === undefined) return 0
  return Math.min(events.length, Math.max(0, seq - first.seq))
}

function pageEndingAt(events: readonly RoomEvent[], end: number, limit: number): EventPage {
  const start = Math.max(0, end - Math.max(0, limit))
  return { events: events.slice(start, end), hasMore: start > 0 }
}
