import { randomBytes } from 'node:crypto'
import type { RoomKind } from '@lanchat/protocol'
import type { FanoutAdapter } from '../fanout/fanout-adapter.js'
import type { LanchatStore, RoomRetention, RoomSettings, StoredRoom } from '../store/store.js'
import { Room, RoomBusyError } from './room.js'

/** What {@link RoomRegistry.create} needs to make a room. */
export interface NewRoomOptions {
  id: string
  name: string
  kind: RoomKind
  retention: RoomRetention
  createdBy: string | undefined
  settings?: RoomSettings
}

/** Options of a {@link RoomRegistry}. */
export interface RoomRegistryOptions {
  store: LanchatStore
  fanout: FanoutAdapter
  typingTimeoutMs: number
}

/**
 * The rooms that exist: the store's rooms, each with its live state (members, typing, its task queue). A room is
 * stored before anyone can enter it. Deleting a room removes it here at once and queues the deletion of the stored
 * room (with its log) behind the room's pending sends, so no late append writes into a deleted room; its id stays
 * taken until that is done.
 */
export class RoomRegistry {
  readonly #rooms = new Map<string, Room>()
  /** Ids being stored or deleted: taken, though not (or no longer) in {@link #rooms}. */
  readonly #reserved = new Set<string>()
  readonly #options: RoomRegistryOptions

  constructor(options: RoomRegistryOptions) {
    this.#options = options
  }

  get(id: string): Room | undefined {
    return this.#rooms.get(id)
  }

  values(): IterableIterator<Room> {
    return this.#rooms.values()
  }

  /** True for ids in use, including rooms being stored or deleted. */
  isTaken(id: string): boolean {
    return this.#rooms.has(id) || this.#reserved.has(id)
  }

  /** Brings back every stored room, with its epoch and log position. */
  async load(): Promise<Room[]> {
    const stored = await this.#options.store.rooms.list()
    return stored.map((room) => this.#add(room))
  }

  /**
   * Stores a new room with a fresh epoch, then makes it live. Undefined when the id is taken (here or in the
   * store). Rejects when the store fails; then the id is free again.
   */
  async create(options: NewRoomOptions): Promise<Room | undefined> {
    if (this.isTaken(options.id)) return undefined
    this.#reserved.add(options.id)
    try {
      const stored = await this.#options.store.rooms.create({
        ...options,
        // A new epoch per room: a room made again under an old id never passes for the old one on resume.
        epoch: randomBytes(6).toString('base64url'),
        createdAt: Date.now(),
      })
      return stored === undefined ? undefined : this.#add(stored)
    } finally {
      this.#reserved.delete(options.id)
    }
  }

  /**
   * A room that is not live here but is in the store (another node made it): made live. Undefined when the store
   * has none, or the id is being stored or deleted here.
   */
  async find(id: string): Promise<Room | undefined> {
    const live = this.#rooms.get(id)
    if (live !== undefined || this.#reserved.has(id)) return live
    const found = await this.#options.store.rooms.get(id)
    if (found === undefined || this.#reserved.has(id)) return undefined
    return this.#rooms.get(id) ?? this.#add(found)
  }

  /** Stops keeping a room live here without deleting it from the store (other nodes still have its members). */
  forget(room: Room): void {
    if (this.#rooms.get(room.id) !== room) return
    this.#rooms.delete(room.id)
    room.dispose()
  }

  /** Removes a room and queues the deletion of the stored room and its log; resolves when they are gone. */
  delete(room: Room): Promise<void> {
    if (this.#rooms.get(room.id) !== room) return Promise.resolve()
    this.#rooms.delete(room.id)
    room.deleted = true
    room.dispose()
    this.#reserved.add(room.id)
    const forget = () => this.#options.store.rooms.delete(room.id)
    // The deletion must run even when the room's queue is full: then it waits for the queue to drain.
    const deletion = room
      .run(forget)
      .catch((error: unknown) => (error instanceof RoomBusyError ? room.settled().then(forget) : Promise.reject(error)))
    return deletion.finally(() => this.#reserved.delete(room.id))
  }

  /** Clears every room's timers; used on shutdown. */
  dispose(): void {
    for (const room of this.#rooms.values()) room.dispose()
  }

  #add(stored: StoredRoom): Room {
    const room = new Room({
      id: stored.id,
      name: stored.name,
      kind: stored.kind,
      epoch: stored.epoch,
      retention: stored.retention,
      createdBy: stored.createdBy,
      createdAt: stored.createdAt,
      lastSeq: stored.lastSeq,
      settings: stored.settings,
      typingTimeoutMs: this.#options.typingTimeoutMs,
      fanout: this.#options.fanout,
    })
    this.#rooms.set(room.id, room)
    return room
  }
}
