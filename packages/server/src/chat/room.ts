import { encode, type Member, type RoomInfo, type RoomKind } from '@lanchat/protocol'
import type { FanoutAdapter, RoomFrame } from '../fanout/fanout-adapter.js'
import type { RoomRetention, RoomSettings } from '../store/store.js'
import type { Membership } from './membership.js'
import { TypingTracker } from './typing-tracker.js'
import { memberOf } from './session-registry.js'

/** A repeat of `typing.start` within this window is absorbed (the protocol's 2 s). */
export const TYPING_THROTTLE_MS = 2_000

/** Most tasks (sends, posts, the deletion) one room may have waiting; more means the room is flooded. */
export const MAX_PENDING_TASKS = 1_024

/** Thrown by {@link Room.run} when the room's queue is full. */
export class RoomBusyError extends Error {
  override readonly name = 'RoomBusyError'
}

/** Options of a {@link Room}. */
export interface RoomOptions {
  id: string
  name: string
  kind: RoomKind
  epoch: string
  retention: RoomRetention
  createdBy: string | undefined
  createdAt: number
  lastSeq: number
  settings: RoomSettings
  typingTimeoutMs: number
  /** Where the room's frames go: to its connections on every node. */
  fanout: FanoutAdapter
}

/** Options of {@link Room.broadcast}. */
export type BroadcastOptions = Omit<RoomFrame, 'room' | 'data'>

/**
 * One room: its members (per user, each with one or more connections), its typing notices, and a promise chain
 * that makes everything touching its history happen one after another, so fan-out order is seq order.
 */
export class Room {
  readonly id: string
  readonly kind: RoomKind
  readonly createdAt: number
  readonly createdBy: string | undefined
  readonly epoch: string
  retention: RoomRetention
  name: string
  /** Access, topic, roles, bans and invites, as stored; replaced whole on every change. */
  settings: RoomSettings
  /** For a direct conversation: its people with their current names (the settings keep only their ids). */
  directMembers: Member[] | undefined
  /** The seq of the newest message stored and fanned out. */
  lastSeq: number
  /** Set when the room is removed; queued tasks then fail instead of writing to a deleted room. */
  deleted = false
  /** Per user, that user's connections in this room. */
  readonly members = new Map<string, Set<Membership>>()
  readonly typing: TypingTracker
  readonly #fanout: FanoutAdapter
  #tail: Promise<unknown> = Promise.resolve()
  #delivery: Promise<unknown> = Promise.resolve()
  #pending = 0
  #changes: Promise<unknown> = Promise.resolve()
  #deletionTimer: ReturnType<typeof setTimeout> | undefined

  constructor(options: RoomOptions) {
    this.id = options.id
    this.name = options.name
    this.kind = options.kind
    this.epoch = options.epoch
    this.retention = options.retention
    this.lastSeq = options.lastSeq
    this.settings = options.settings
    this.directMembers = undefined
    this.createdAt = options.createdAt
    this.createdBy = options.createdBy
    this.#fanout = options.fanout
    this.typing = new TypingTracker({
      timeoutMs: options.typingTimeoutMs,
      throttleMs: TYPING_THROTTLE_MS,
      onChange: (userId, typing) => {
        const member = this.member(userId)
        if (member === undefined) return
        this.broadcast(encode({ type: 'typing.changed', room: this.id, member, typing }), { exceptUser: userId })
      },
    })
  }

  info(lastSeq: number = this.lastSeq): RoomInfo {
    const info: RoomInfo = { id: this.id, name: this.name, kind: this.kind, epoch: this.epoch, lastSeq, createdAt: this.createdAt }
    const { access, topic, owner, moderators, muted, kept } = this.settings
    if (access !== undefined) info.access = access
    if (topic !== undefined && topic !== '') info.topic = topic
    if (owner !== undefined) info.owner = owner
    if (moderators !== undefined && moderators.length > 0) info.moderators = [...moderators]
    if (muted !== undefined && muted.length > 0) info.muted = [...muted]
    if (this.directMembers !== undefined) info.direct = this.directMembers
    if (kept === true) info.kept = true
    return info
  }

  /** Whether only members may enter: private rooms and direct conversations. */
  get isPrivate(): boolean {
    return this.settings.access === 'private'
  }

  get isEmpty(): boolean {
    return this.members.size === 0
  }

  /** Adds a connection; true when it is its user's first here (the user joined). */
  add(membership: Membership): boolean {
    const user = membership.connection.user
    if (user === undefined) throw new Error('a connection joins rooms only after hello')
    const connections = this.members.get(user.id)
    if (connections !== undefined) {
      connections.add(membership)
      return false
    }
    this.members.set(user.id, new Set([membership]))
    return true
  }

  /** Removes a connection; true when it was its user's last here (the user left). */
  remove(membership: Membership): boolean {
    const user = membership.connection.user
    if (user === undefined) return false
    const connections = this.members.get(user.id)
    if (connections === undefined || !connections.delete(membership)) return false
    if (connections.size > 0) return false
    this.members.delete(user.id)
    return true
  }

  /** A member as others see them. */
  member(userId: string): Member | undefined {
    for (const membership of this.members.get(userId) ?? []) {
      const user = membership.connection.user
      if (user !== undefined) return memberOf(user)
    }
    return undefined
  }

  memberList(): Member[] {
    const list: Member[] = []
    for (const userId of this.members.keys()) {
      const member = this.member(userId)
      if (member !== undefined) list.push(member)
    }
    return list
  }

  /** Hands one already serialized frame to the fan-out, for every member connection on every node. */
  broadcast(data: string, options: BroadcastOptions = {}): void {
    this.#fanout.broadcast({ room: this.id, data, ...options })
  }

  /** Writes a frame to this node's member connections: the frame is encoded once, whatever the room's size. */
  deliver(frame: RoomFrame): void {
    for (const [userId, connections] of this.members) {
      if (userId === frame.exceptUser) continue
      for (const membership of connections) {
        if (membership.connection.peer.id !== frame.exceptConnection) membership.deliver(frame.data, frame.seq)
      }
    }
  }

  /** Runs `task` after every task queued before it; a failed task does not stop the chain. */
  run<Result>(task: () => Promise<Result>): Promise<Result> {
    if (this.#pending >= MAX_PENDING_TASKS) return Promise.reject(new RoomBusyError(`room ${this.id} is busy`))
    this.#pending++
    const result = this.#tail.then(task).finally(() => this.#pending--)
    this.#tail = result.catch(() => undefined)
    return result
  }

  /**
   * Runs `work` after every work handed here before it has finished. The room's queue hands fan-out here, so a
   * store can commit several of the room's messages together while they still reach members in seq order.
   */
  inOrder<Result>(work: () => Promise<Result>): Promise<Result> {
    this.#pending++
    const result = this.#delivery.then(work).finally(() => this.#pending--)
    this.#delivery = result.catch(() => undefined)
    return result
  }

  /**
   * Runs `change` after every change handed here before it: a read-modify-write of the room's settings that no
   * other change of this room interleaves with. Apart from the message queue, so a change may post to the room.
   */
  exclusive<Result>(change: () => Promise<Result>): Promise<Result> {
    const result = this.#changes.then(change)
    this.#changes = result.catch(() => undefined)
    return result
  }

  /** Resolves when every queued task, and the fan-out it handed on, has finished. */
  settled(): Promise<void> {
    return this.#tail.then(() => this.#delivery).then(() => undefined)
  }

  scheduleDeletion(delayMs: number, remove: () => void): void {
    this.cancelDeletion()
    this.#deletionTimer = setTimeout(() => {
      this.#deletionTimer = undefined
      if (this.isEmpty && !this.deleted) remove()
    }, delayMs)
  }

  cancelDeletion(): void {
    if (this.#deletionTimer !== undefined) clearTimeout(this.#deletionTimer)
    this.#deletionTimer = undefined
  }

  /** Clears the room's timers (typing notices, pending deletion) without telling anyone. */
  dispose(): void {
    this.cancelDeletion()
    this.typing.dispose()
  }
}
