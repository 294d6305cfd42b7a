import type { RoomMember } from '@lanchat/protocol'

/** One serialized room frame on its way to the room's connections. */
export interface RoomFrame {
  readonly room: string
  /** The frame, encoded once for every recipient. */
  readonly data: string
  /** Marks a `message.created` (its seq), so no connection gets one seq twice. */
  readonly seq?: number | undefined
  /** Leave out every connection of this user (typing is for the others). */
  readonly exceptUser?: string | undefined
  /** Leave out one connection (the joining one, which gets a reply instead). */
  readonly exceptConnection?: string | undefined
}

/** What a node gives its adapter in {@link FanoutAdapter.init}. */
export interface FanoutNode {
  /** Writes a frame to this node's own connections in the frame's room. */
  deliver(frame: RoomFrame): void
  /** The users connected to a room on this node, one entry per user. */
  localPresence(room: string): RoomMember[]
  /**
   * The room's stored events after `afterSeq`, oldest first, as frames ready for {@link deliver}: how a node that
   * missed publications (a seq gap) heals from the store before it delivers anything later.
   */
  replay(room: string, afterSeq: number, limit: number): Promise<{ frames: RoomFrame[]; hasMore: boolean }>
  /** The seq of the room's newest stored event (0 for none or no room). */
  storedSeq(room: string): Promise<number>
}

/**
 * How a room frame reaches every member connection, wherever it is connected. The chat core never loops over
 * sockets itself: it hands each frame, encoded once, to the adapter. The in-process {@link LocalFanout} delivers it
 * on this node; an adapter for several nodes (Redis pub/sub) also publishes it to the nodes that have members of
 * the room and merges their presence. Modelled on socket.io-adapter.
 *
 * @example
 * ```ts
 * class LoggingFanout extends LocalFanout {
 *   override broadcast(frame: RoomFrame): void {
 *     console.log('to', frame.room, frame.data.length, 'bytes')
 *     super.broadcast(frame)
 *   }
 * }
 * ```
 */
export interface FanoutAdapter {
  /** Called once when the chat core starts, before any broadcast. */
  init(node: FanoutNode): Promise<void>
  /** Sends a frame to every member connection of its room (but the exceptions), in the order of the calls. */
  broadcast(frame: RoomFrame): void
  /** Who is present in a room across all nodes, one entry per user. */
  presence(room: string): Promise<RoomMember[]>
  /** Stops; called once when the chat core closes. */
  close(): Promise<void>
  /**
   * For adapters of several nodes: this node has connections in the room (called for each new one). Resolves once
   * every frame published to the room from then on reaches this node, so a join reads the room's history after it.
   * A one-node adapter leaves it out.
   */
  watch?(room: string): Promise<void>
  /** For adapters of several nodes: this node has no connection left in the room. */
  unwatch?(room: string): void
  /**
   * For adapters of several nodes: whether another node has members in the room (connected or away). A room kept
   * until empty is deleted only when none has; an adapter that cannot tell resolves true.
   */
  othersPresent?(room: string): Promise<boolean>
}

/**
 * The one-node adapter: a broadcast is a synchronous loop over this node's connections, and presence is this
 * node's presence.
 */
export class LocalFanout implements FanoutAdapter {
  #node: FanoutNode | undefined

  async init(node: FanoutNode): Promise<void> {
    this.#node = node
  }

  broadcast(frame: RoomFrame): void {
    this.#node?.deliver(frame)
  }

  async presence(room: string): Promise<RoomMember[]> {
    return this.#node?.localPresence(room) ?? []
  }

  async close(): Promise<void> {
    this.#node = undefined
  }
}
