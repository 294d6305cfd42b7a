import { randomUUID } from 'node:crypto'
import {
  CloseCode,
  encode,
  ErrorCodes,
  LIMITS,
  LOBBY_ROOM_ID,
  normalizeRoomId,
  PROTOCOL_VERSION,
  type ChatMessage,
  type ClientMessage,
  type ErrorCode,
  type Hello,
  type HistoryGet,
  type LeaveReason,
  type Member,
  type MessageSend,
  type ResumedRoom,
  type ResumePoint,
  type RoomInfo,
  type RoomSnapshot,
  type ServerLimits,
  type ServerMessage,
} from '@lanchat/protocol'
import type { HistoryPage, HistoryStore, MessageDraft } from '../history/history-store.js'
import { ChatConnection, MAX_DEFERRED_FRAMES } from './chat-connection.js'
import { ChatEvents, type LanchatEventMap, type LanchatListener } from './chat-events.js'
import { silentLogger, type ChatLogger } from './logger.js'
import { Membership } from './membership.js'
import { MessageHooks, type MessageHook } from './message-hooks.js'
import type { ChatPeer } from './peer.js'
import { generateRoomCode } from './room-code.js'
import { RoomRegistry } from './room-registry.js'
import { RoomBusyError, type Room } from './room.js'
import { SessionRegistry, type Session } from './session-registry.js'
import { TokenBucket } from './token-bucket.js'

/** Settings of the chat core; the plugin fills them from its validated options. */
export interface ChatCoreOptions {
  history: HistoryStore
  lobby: { name: string } | false
  maxFrameBytes: number
  handshakeTimeoutMs: number
  /** Bound of the per-connection queue of room events held while a join or resume is read. */
  maxBufferedBytes: number
  joinHistory: number
  maxResumeMessages: number
  typingTimeoutMs: number
  rateLimit: { messagesPerSecond: number; burst: number }
  emptyRoomGraceMs: number
  sessionTtlMs: number
  log?: ChatLogger
}

/** The sender of messages the host posts with `app.lanchat.post`. */
export const SYSTEM_USER_ID = 'system'

type PublishResult =
  | { outcome: 'stored'; message: ChatMessage; duplicate: boolean }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'gone' }

interface Entered {
  membership: Membership
  /** The room's last seq when the connection was added: everything above it reaches the connection as an event. */
  asOf: number
  isNew: boolean
}

type Command = Exclude<ClientMessage, Hello>

/**
 * Rooms, membership, presence, typing, history and sessions: everything a lanchat server does, without a socket in
 * sight. Connections come in as {@link ChatPeer}s, frames come in decoded, and frames go out as strings encoded
 * once per event.
 *
 * @example
 * ```ts
 * const core = new ChatCore({ history: new MemoryHistoryStore(), lobby: { name: 'Lobby' }, … })
 * await core.start()
 * const connection = core.connect(peer)
 * await core.receive(connection, decodeClientMessage(raw))
 * core.disconnect(connection, 'left')
 * await core.close()
 * ```
 */
export class ChatCore {
  readonly #options: ChatCoreOptions
  readonly #history: HistoryStore
  readonly #log: ChatLogger
  readonly #rooms: RoomRegistry
  readonly #sessions: SessionRegistry<ChatConnection>
  readonly #connections = new Set<ChatConnection>()
  readonly #events: ChatEvents
  readonly #hooks = new MessageHooks()
  readonly #limits: ServerLimits
  #state: 'created' | 'running' | 'closing' | 'closed' = 'created'

  constructor(options: ChatCoreOptions) {
    this.#options = options
    this.#history = options.history
    this.#log = options.log ?? silentLogger
    this.#rooms = new RoomRegistry(options.history)
    this.#sessions = new SessionRegistry({ ttlMs: options.sessionTtlMs })
    this.#events = new ChatEvents(this.#log)
    this.#limits = Object.freeze({
      maxFrameBytes: options.maxFrameBytes,
      maxTextLength: LIMITS.maxTextLength,
      maxNameLength: LIMITS.maxNameLength,
      maxRoomNameLength: LIMITS.maxRoomNameLength,
      maxHistoryPage: LIMITS.maxHistoryPage,
      joinHistory: options.joinHistory,
      maxResumeMessages: options.maxResumeMessages,
      typingTimeoutMs: options.typingTimeoutMs,
      messagesPerSecond: options.rateLimit.messagesPerSecond,
      messageBurst: options.rateLimit.burst,
    })
  }

  /** True between {@link start} and {@link beginShutdown}. */
  get running(): boolean {
    return this.#state === 'running'
  }

  /** The limits sent in every `welcome`. */
  get limits(): ServerLimits {
    return this.#limits
  }

  /** Makes the lobby (continuing its seq if the store already holds messages) and starts the session sweep. */
  async start(): Promise<void> {
    if (this.#state !== 'created') throw new Error('the chat core was already started')
    if (this.#options.lobby !== false) {
      const lastSeq = await this.#lastStoredSeq(LOBBY_ROOM_ID)
      this.#rooms.create({
        id: LOBBY_ROOM_ID,
        name: this.#options.lobby.name,
        kind: 'lobby',
        lastSeq,
        typingTimeoutMs: this.#options.typingTimeoutMs,
      })
    }
    this.#sessions.start()
    this.#state = 'running'
  }

  // ---- Connections ----

  /** Registers a new connection; it has `handshakeTimeoutMs` to say hello. */
  connect(peer: ChatPeer): ChatConnection {
    const connection = new ChatConnection(
      peer,
      new TokenBucket(this.#options.rateLimit.messagesPerSecond, this.#options.rateLimit.burst),
    )
    if (this.#state !== 'running') {
      connection.state = 'gone'
      peer.close(CloseCode.GoingAway, 'server shutting down')
      return connection
    }
    this.#connections.add(connection)
    connection.handshakeTimer = setTimeout(() => {
      connection.handshakeTimer = undefined
      if (connection.state === 'greeting') peer.close(CloseCode.HandshakeTimeout, 'no hello in time')
    }, this.#options.handshakeTimeoutMs)
    return connection
  }

  /**
   * Handles one decoded frame. Never rejects: a failure is logged and, for a command, answered with `INTERNAL`
   * (or `UNAVAILABLE` when the room is flooded).
   */
  async receive(connection: ChatConnection, frame: ClientMessage): Promise<void> {
    if (connection.state === 'gone') return
    const ref = 'id' in frame ? frame.id : undefined
    try {
      if (this.#state !== 'running') {
        this.#fail(connection, ref, ErrorCodes.UNAVAILABLE, 'The server is shutting down')
        return
      }
      if (frame.type === 'hello') {
        await this.#hello(connection, frame)
        return
      }
      if (connection.state === 'welcoming') {
        // The client did not wait for its welcome: run the frame once the welcome is out, in order.
        if (connection.deferred.length >= MAX_DEFERRED_FRAMES) {
          this.#fail(connection, ref, ErrorCodes.HANDSHAKE_REQUIRED, 'Wait for the welcome before sending more')
        } else {
          connection.deferred.push(frame)
        }
        return
      }
      if (connection.state === 'greeting') {
        this.#fail(connection, ref, ErrorCodes.HANDSHAKE_REQUIRED, 'Send hello first')
        return
      }
      await this.#dispatch(connection, frame)
    } catch (error) {
      const busy = error instanceof RoomBusyError
      if (busy) this.#log.warn({ connectionId: connection.id, type: frame.type }, 'lanchat room busy')
      else this.#log.error({ err: error, connectionId: connection.id, type: frame.type }, 'lanchat command failed')
      if (ref !== undefined) {
        if (busy) this.#fail(connection, ref, ErrorCodes.UNAVAILABLE, 'The room is too busy; retry in a moment')
        else this.#fail(connection, ref, ErrorCodes.INTERNAL, 'The server failed; the command had no effect')
      }
    }
  }

  /**
   * The connection is gone. `left`: it closed cleanly, so its empty code rooms go at once; `disconnected`: it
   * dropped, so they wait `emptyRoomGraceMs` for a resume. Safe to call twice.
   */
  disconnect(connection: ChatConnection, reason: LeaveReason): void {
    if (connection.state === 'gone') return
    connection.state = 'gone'
    if (connection.handshakeTimer !== undefined) clearTimeout(connection.handshakeTimer)
    connection.handshakeTimer = undefined
    connection.deferred = []
    this.#connections.delete(connection)
    for (const membership of [...connection.rooms.values()]) this.#leave(connection, membership, reason)
    if (connection.session !== undefined) this.#sessions.detach(connection.session, connection)
  }

  /** Refuses new work: further frames get `UNAVAILABLE`, and disconnects no longer broadcast or delete rooms. */
  beginShutdown(): void {
    if (this.#state === 'running' || this.#state === 'created') this.#state = 'closing'
  }

  /** Stops every timer, waits for the rooms' queued work, and closes the history store. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return
    this.#state = 'closed'
    for (const connection of this.#connections) {
      if (connection.handshakeTimer !== undefined) clearTimeout(connection.handshakeTimer)
      connection.handshakeTimer = undefined
    }
    this.#connections.clear()
    this.#sessions.stop()
    const rooms = [...this.#rooms.values()]
    this.#rooms.dispose()
    await Promise.allSettled(rooms.map((room) => room.settled()))
    await this.#history.close()
  }

  // ---- Host API ----

  rooms(): RoomInfo[] {
    return Array.from(this.#rooms.values(), (room) => room.info())
  }

  room(id: string): RoomInfo | undefined {
    return this.#rooms.get(normalizeRoomId(id))?.info()
  }

  members(id: string): Member[] {
    return this.#rooms.get(normalizeRoomId(id))?.memberList() ?? []
  }

  /** Makes a `named` room; undefined when the id is taken. `id` must be a valid room id (the API checks it). */
  async createRoom(id: string | undefined, name: string): Promise<RoomInfo | undefined> {
    const roomId = id === undefined ? generateRoomCode((code) => this.#rooms.isTaken(code)) : normalizeRoomId(id)
    if (this.#rooms.isTaken(roomId)) return undefined
    // Named rooms live while the server runs; a persistent store may already hold their history.
    const lastSeq = await this.#lastStoredSeq(roomId)
    if (this.#rooms.isTaken(roomId)) return undefined
    const room = this.#rooms.create({
      id: roomId,
      name,
      kind: 'named',
      lastSeq,
      typingTimeoutMs: this.#options.typingTimeoutMs,
    })
    this.#events.emit('room.created', room.info())
    return room.info()
  }

  /** Posts a `system` message; undefined when the room does not exist. Hooks do not run for the host's own posts. */
  async post(roomId: string, text: string, name: string): Promise<ChatMessage | undefined> {
    const room = this.#rooms.get(normalizeRoomId(roomId))
    if (room === undefined) return undefined
    const result = await this.#publish(
      room,
      { room: room.id, kind: 'system', from: { id: SYSTEM_USER_ID, name }, text, clientMsgId: `sys-${randomUUID()}` },
      false,
    )
    return result.outcome === 'stored' ? result.message : undefined
  }

  onMessage(hook: MessageHook): () => void {
    return this.#hooks.add(hook)
  }

  on<Event extends keyof LanchatEventMap>(event: Event, listener: LanchatListener<Event>): () => void {
    return this.#events.on(event, listener)
  }

  // ---- Commands ----

  async #dispatch(connection: ChatConnection, frame: Command): Promise<void> {
    switch (frame.type) {
      case 'room.create':
        this.#create(connection, frame.id, frame.name)
        return
      case 'room.join':
        await this.#join(connection, frame.id, frame.room)
        return
      case 'room.leave':
        this.#leaveCommand(connection, frame.id, frame.room)
        return
      case 'message.send':
        await this.#send(connection, frame)
        return
      case 'history.get':
        await this.#historyGet(connection, frame)
        return
      case 'profile.update':
        this.#profileUpdate(connection, frame.id, frame.name)
        return
      case 'ping':
        this.#reply(connection, { type: 'pong', ref: frame.id, ts: Date.now() })
        return
      case 'typing.start':
      case 'typing.stop': {
        // Typing is best effort: a notice for a room the connection is not in is ignored.
        const membership = connection.rooms.get(normalizeRoomId(frame.room))
        const room = membership && this.#rooms.get(membership.roomId)
        const user = connection.user
        if (room === undefined || user === undefined) return
        if (frame.type === 'typing.start') room.typing.start(user.id)
        else room.typing.stop(user.id)
        return
      }
    }
  }

  async #hello(connection: ChatConnection, frame: Hello): Promise<void> {
    if (connection.state !== 'greeting') {
      this.#fail(connection, frame.id, ErrorCodes.HANDSHAKE_REQUIRED, 'hello was already sent on this connection')
      return
    }
    if (frame.protocol !== PROTOCOL_VERSION) {
      this.#fail(
        connection,
        frame.id,
        ErrorCodes.UNSUPPORTED_PROTOCOL,
        `This server speaks lanchat protocol ${PROTOCOL_VERSION}, not ${frame.protocol}`,
      )
      connection.peer.close(CloseCode.UnsupportedProtocol, 'unsupported protocol')
      return
    }
    const name = frame.name.trim()
    if (name === '') {
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, 'name must not be only white space')
      return
    }

    if (connection.handshakeTimer !== undefined) clearTimeout(connection.handshakeTimer)
    connection.handshakeTimer = undefined
    const opened = this.#sessions.open(frame.session, name)
    connection.session = opened.session
    connection.state = 'welcoming'
    this.#sessions.attach(opened.session, connection)
    if (opened.resumed) this.#rename(opened.session, name)

    const lostRooms: string[] = []
    const entries: Array<Entered & { room: Room; point: ResumePoint }> = []
    const seen = new Set<string>()
    for (const point of frame.resume ?? []) {
      const id = normalizeRoomId(point.room)
      if (seen.has(id)) continue
      seen.add(id)
      const room = this.#rooms.get(id)
      if (room === undefined) lostRooms.push(id)
      else entries.push({ ...this.#enter(connection, room), room, point })
    }

    let rooms: Array<{ resumed: ResumedRoom; covered: number }>
    try {
      rooms = await Promise.all(entries.map((entry) => this.#readResume(entry.room, entry.point, entry.asOf)))
    } catch (error) {
      this.#log.error({ err: error, connectionId: connection.id }, 'lanchat resume failed')
      this.#fail(connection, frame.id, ErrorCodes.INTERNAL, 'The server failed to resume; reconnect')
      connection.peer.close(1011, 'internal error')
      return
    }
    if (connection.state !== 'welcoming') return

    connection.state = 'ready'
    const user = opened.session.user
    this.#reply(connection, {
      type: 'welcome',
      ref: frame.id,
      protocol: PROTOCOL_VERSION,
      connectionId: connection.id,
      user: { id: user.id, name: user.name },
      session: opened.token,
      sessionResumed: opened.resumed,
      limits: this.#limits,
      rooms: rooms.map((room) => room.resumed),
      lostRooms,
    })
    entries.forEach((entry, index) => entry.membership.release(rooms[index]?.covered ?? entry.asOf))

    const deferred = connection.deferred
    connection.deferred = []
    for (const next of deferred) void this.receive(connection, next)
  }

  /** A resumed room: exactly the missed messages when they are all there, else the newest page. */
  async #readResume(room: Room, point: ResumePoint, asOf: number): Promise<{ resumed: ResumedRoom; covered: number }> {
    if (point.epoch === room.epoch && point.lastSeq <= asOf) {
      const missed = await this.#history.after(room.id, point.lastSeq, this.#options.maxResumeMessages)
      const first = missed.messages[0]
      // Contiguous from the client's last seq, and nothing left over: the gap is closed.
      const contiguous = first === undefined ? asOf === point.lastSeq : first.seq === point.lastSeq + 1
      if (!missed.hasMore && contiguous) {
        const { snapshot, covered } = this.#snapshot(room, { messages: missed.messages, hasMore: point.lastSeq > 0 }, asOf)
        return { resumed: { ...snapshot, recovered: true }, covered }
      }
    }
    const page = await this.#history.latest(room.id, this.#options.joinHistory)
    const { snapshot, covered } = this.#snapshot(room, page, asOf)
    return { resumed: { ...snapshot, recovered: false }, covered }
  }

  #create(connection: ChatConnection, ref: string, name: string | undefined): void {
    const id = generateRoomCode((code) => this.#rooms.isTaken(code))
    const room = this.#rooms.create({
      id,
      name: name?.trim() || `Room ${id.toUpperCase()}`,
      kind: 'code',
      lastSeq: 0,
      typingTimeoutMs: this.#options.typingTimeoutMs,
    })
    this.#events.emit('room.created', room.info())
    const { membership, asOf } = this.#enter(connection, room)
    this.#reply(connection, { type: 'room.joined', ref, room: room.info(asOf), members: room.memberList(), messages: [], hasMore: false })
    membership.release(asOf)
  }

  async #join(connection: ChatConnection, ref: string, requested: string): Promise<void> {
    const room = this.#rooms.get(normalizeRoomId(requested))
    if (room === undefined) {
      this.#fail(connection, ref, ErrorCodes.ROOM_NOT_FOUND, `No room "${normalizeRoomId(requested)}"`)
      return
    }
    const { membership, asOf, isNew } = this.#enter(connection, room)
    let page: HistoryPage
    try {
      page = await this.#history.latest(room.id, this.#options.joinHistory)
    } catch (error) {
      if (isNew) this.#leave(connection, membership, 'left')
      else membership.release(asOf)
      throw error
    }
    if (connection.state === 'gone') return
    if (connection.rooms.get(room.id) !== membership) {
      this.#fail(connection, ref, ErrorCodes.NOT_A_MEMBER, 'The room was left before the join completed')
      return
    }
    const { snapshot, covered } = this.#snapshot(room, page, asOf)
    this.#reply(connection, { type: 'room.joined', ref, ...snapshot })
    membership.release(covered)
  }

  #leaveCommand(connection: ChatConnection, ref: string, requested: string): void {
    const id = normalizeRoomId(requested)
    const membership = this.#membership(connection, ref, id)
    if (membership === undefined) return
    this.#leave(connection, membership, 'left')
    this.#reply(connection, { type: 'room.left', ref, room: id })
  }

  async #send(connection: ChatConnection, frame: MessageSend): Promise<void> {
    const membership = this.#membership(connection, frame.id, normalizeRoomId(frame.room))
    const room = membership && this.#rooms.get(membership.roomId)
    const user = connection.user
    if (room === undefined || user === undefined) return
    if (frame.text.trim() === '') {
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, 'Message text must not be only white space')
      return
    }
    if (!connection.bucket.take()) {
      this.#fail(connection, frame.id, ErrorCodes.RATE_LIMITED, 'Too many messages; wait a moment')
      return
    }
    const result = await this.#publish(
      room,
      { room: room.id, kind: 'user', from: { id: user.id, name: user.name }, text: frame.text, clientMsgId: frame.clientMsgId },
      true,
    )
    if (result.outcome === 'rejected') {
      this.#fail(connection, frame.id, ErrorCodes.MESSAGE_REJECTED, result.reason)
      return
    }
    if (result.outcome === 'gone') {
      this.#fail(connection, frame.id, ErrorCodes.ROOM_NOT_FOUND, `No room "${room.id}"`)
      return
    }
    const { message, duplicate } = result
    this.#reply(connection, {
      type: 'message.ack',
      ref: frame.id,
      room: message.room,
      clientMsgId: message.clientMsgId,
      id: message.id,
      seq: message.seq,
      ts: message.ts,
      duplicate,
    })
  }

  async #historyGet(connection: ChatConnection, frame: HistoryGet): Promise<void> {
    const membership = this.#membership(connection, frame.id, normalizeRoomId(frame.room))
    if (membership === undefined) return
    const limit = frame.limit ?? LIMITS.maxHistoryPage
    const page =
      frame.before === undefined
        ? await this.#history.latest(membership.roomId, limit)
        : await this.#history.before(membership.roomId, frame.before, limit)
    this.#reply(connection, {
      type: 'history.result',
      ref: frame.id,
      room: membership.roomId,
      messages: page.messages,
      hasMore: page.hasMore,
    })
  }

  #profileUpdate(connection: ChatConnection, ref: string, requested: string): void {
    const session = connection.session
    if (session === undefined) return
    const name = requested.trim()
    if (name === '') {
      this.#fail(connection, ref, ErrorCodes.BAD_REQUEST, 'name must not be only white space')
      return
    }
    this.#rename(session, name)
    this.#reply(connection, { type: 'profile.updated', ref, user: { id: session.user.id, name } })
  }

  // ---- Membership ----

  /** Adds the connection to the room (synchronously) and holds its room events until the reply is out. */
  #enter(connection: ChatConnection, room: Room): Entered {
    const existing = connection.rooms.get(room.id)
    if (existing !== undefined) {
      existing.hold()
      return { membership: existing, asOf: room.lastSeq, isNew: false }
    }
    const membership = new Membership(connection, room.id, this.#options.maxBufferedBytes)
    connection.rooms.set(room.id, membership)
    room.cancelDeletion()
    membership.hold()
    const asOf = room.lastSeq
    const user = connection.user
    if (room.add(membership) && user !== undefined) {
      const member = { id: user.id, name: user.name }
      room.broadcast(encode({ type: 'member.joined', room: room.id, member, ts: Date.now() }), {
        exceptMembership: membership,
      })
      this.#events.emit('member.joined', { room: room.id, member })
    }
    return { membership, asOf, isNew: true }
  }

  #leave(connection: ChatConnection, membership: Membership, reason: LeaveReason): void {
    connection.rooms.delete(membership.roomId)
    membership.dispose()
    const room = this.#rooms.get(membership.roomId)
    const user = connection.user
    if (room === undefined || user === undefined) return
    const running = this.#state === 'running'
    const connections = room.members.get(user.id)
    const last = connections !== undefined && connections.size === 1 && connections.has(membership)
    // Typing ends before the member goes, so the others still learn who stopped.
    if (last && running) room.typing.stop(user.id)
    room.remove(membership)
    if (!running) return
    if (last) {
      const member = { id: user.id, name: user.name }
      room.broadcast(encode({ type: 'member.left', room: room.id, member, reason, ts: Date.now() }))
      this.#events.emit('member.left', { room: room.id, member, reason })
    }
    if (room.isEmpty && room.kind === 'code') {
      if (reason === 'left' || this.#options.emptyRoomGraceMs === 0) this.#deleteRoom(room)
      else room.scheduleDeletion(this.#options.emptyRoomGraceMs, () => this.#deleteRoom(room))
    }
  }

  #deleteRoom(room: Room): void {
    const info = room.info()
    this.#rooms.delete(room).catch((error: unknown) => {
      this.#log.error({ err: error, room: room.id }, 'lanchat could not delete room history')
    })
    this.#events.emit('room.deleted', info)
  }

  /** The connection's membership of a room, or an error reply saying why there is none. */
  #membership(connection: ChatConnection, ref: string, id: string): Membership | undefined {
    const membership = connection.rooms.get(id)
    if (membership !== undefined) return membership
    if (this.#rooms.get(id) === undefined) this.#fail(connection, ref, ErrorCodes.ROOM_NOT_FOUND, `No room "${id}"`)
    else this.#fail(connection, ref, ErrorCodes.NOT_A_MEMBER, `Join room "${id}" first`)
    return undefined
  }

  #rename(session: Session<ChatConnection>, name: string): void {
    const user = session.user
    const previousName = user.name
    if (previousName === name) return
    user.name = name
    const roomIds = new Set<string>()
    for (const connection of session.connections) for (const id of connection.rooms.keys()) roomIds.add(id)
    const member = { id: user.id, name }
    for (const id of roomIds) {
      this.#rooms.get(id)?.broadcast(encode({ type: 'member.updated', room: id, member, previousName }))
    }
  }

  // ---- Messages ----

  /**
   * Stores a message and fans it out, in the room's queue: hooks, then the store, then `message.created` to every
   * member connection. A duplicate is neither stored nor broadcast again.
   */
  #publish(room: Room, base: Omit<MessageDraft, 'ts'>, runHooks: boolean): Promise<PublishResult> {
    return room.run(async (): Promise<PublishResult> => {
      if (room.deleted) return { outcome: 'gone' }
      const draft: MessageDraft = Object.freeze({ ...base, from: Object.freeze({ ...base.from }), ts: Date.now() })
      if (runHooks) {
        const reason = await this.#hooks.check(draft)
        if (reason !== undefined) return { outcome: 'rejected', reason }
      }
      const { message, duplicate } = await this.#history.append(draft)
      // A deleted room's history is deleted after this task (its deletion is queued behind it): no fan-out.
      if (duplicate || room.deleted) return { outcome: 'stored', message, duplicate }
      if (message.seq > room.lastSeq) room.lastSeq = message.seq
      if (message.kind === 'user') room.typing.stop(message.from.id)
      room.broadcast(encode({ type: 'message.created', message }), { seq: message.seq })
      this.#events.emit('message', message)
      return { outcome: 'stored', message, duplicate }
    })
  }

  #snapshot(room: Room, page: HistoryPage, asOf: number): { snapshot: RoomSnapshot; covered: number } {
    const covered = Math.max(page.messages.at(-1)?.seq ?? 0, asOf)
    return {
      snapshot: { room: room.info(covered), members: room.memberList(), messages: page.messages, hasMore: page.hasMore },
      covered,
    }
  }

  async #lastStoredSeq(roomId: string): Promise<number> {
    const page = await this.#history.latest(roomId, 1)
    return page.messages.at(-1)?.seq ?? 0
  }

  // ---- Replies ----

  #reply(connection: ChatConnection, frame: ServerMessage): void {
    connection.peer.send(encode(frame))
  }

  #fail(connection: ChatConnection, ref: string | undefined, code: ErrorCode, message: string): void {
    this.#reply(connection, ref === undefined ? { type: 'error', code, message } : { type: 'error', ref, code, message })
  }
}
