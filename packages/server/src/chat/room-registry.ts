import { randomBytes } from 'node:crypto'
import type { HistoryStore } from '../history/history-store.js'
import { Room, RoomBusyError, type RoomOptions } from './room.js'

/**
 * The rooms that exist. Deleting a room removes it at once and queues the deletion of its history behind the
 * room's pending sends, so no late append writes into a deleted room; its id stays taken until that is done.
 */
export class RoomRegistry {
  readonly #rooms = new Map<string, Room>()
  readonly #deleting = new Set<string>()
  readonly #history: HistoryStore

  constructor(history: HistoryStore) {
    this.#history = history
  }

  get(id: string): Room | undefined {
    return this.#rooms.get(id)
  }

  values(): IterableIterator<Room> {
    return this.#rooms.values()
  }

  /** True for ids in use, including rooms whose history is still being deleted. */
  isTaken(id: string): boolean {
    return this.#rooms.has(id) || this.#deleting.has(id)
  }

  create(options: Omit<RoomOptions, 'epoch'>): Room {
    if (this.isTaken(options.id)) throw new Error(`room ${options.id} exists`)
    // A new epoch per room object: a room made again under an old id never passes for the old one on resume.
    const room = new Room({ ...options, epoch: randomBytes(6).toString('base64url') })
    this.#rooms.set(room.id, room)
    return room
  }

  /** Removes a room and queues the deletion of its history; resolves when the history is gone. */
  delete(room: Room): Promise<void> {
    if (this.#rooms.get(room.id) !== room) return Promise.resolve()
    this.#rooms.delete(room.id)
    room.deleted = true
    room.dispose()
    this.#deleting.add(room.id)
    const forget = () => this.#history.deleteRoom(room.id)
    // The deletion must run even when the room's queue is full: then it waits for the queue to drain.
    const deletion = room
      .run(forget)
      .catch((error: unknown) => (error instanceof RoomBusyError ? room.settled().then(forget) : Promise.reject(error)))
    return deletion.finally(() => this.#deleting.delete(room.id))
  }

  /** Clears every room's timers; used on shutdown. */
  dispose(): void {
    for (const room of this.#rooms.values()) room.dispose()
  }
}
