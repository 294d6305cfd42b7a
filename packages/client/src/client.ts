import {
  CloseCode,
  encode,
  ErrorCodes,
  FEATURES,
  LIMITS,
  normalizeRoomId,
  REPLY_TYPES,
  type ClientCommand,
  type ClientCommandType,
  type ClientMessage,
  type CommandBody,
  type CommandReply,
  type DirectoryRoom,
  type ErrorFrame,
  type HistoryResult,
  type Invite,
  type KnownFeature,
  type Member,
  type MemberAction,
  type MessageCreated,
  type NotifyLevel,
  type ProfileUpdated,
  type ResumedRoom,
  type ResumePoint,
  type RoomJoined,
  type RoomLeft,
  type RoomRemoved,
  type RoomUpdated,
  type ServerLimits,
  type ServerMessage,
  type Welcome,
} from '@lanchat/protocol'
import { Backoff } from './backoff.js'
import { CLIENT_CLOSE, closeSocket, dropSocket } from './close-socket.js'
import { ConnectWaiters } from './connect-waiters.js'
import { connectionLostError, finalError, handshakeTimeoutError, openFailedError } from './connection-errors.js'
import { Emitter } from './emitter.js'
import { ClientErrorCodes } from './errors/client-error-codes.js'
import { LanchatConnectionError } from './errors/lanchat-connection-error.js'
import { LanchatError, toError } from './errors/lanchat-error.js'
import { LanchatProtocolError } from './errors/lanchat-protocol-error.js'
import { LanchatServerError } from './errors/lanchat-server-error.js'
import { EventBatch } from './event-batch.js'
import type { ConnectionState, LanchatClientEvents } from './events.js'
import { Heartbeat } from './heartbeat.js'
import { createId, isClientMsgId } from './ids.js'
import type {
  CreateRoomOptions,
  HistoryOptions,
  InviteOptions,
  JoinOptions,
  LanchatClientOptions,
  LanchatLogger,
  MemberTarget,
  RequestOptions,
  RoomChanges,
  SendOptions,
} from './options.js'
import { Outbox, type OutgoingMessage } from './outbox.js'
import { OutboxDispatcher } from './outbox-dispatcher.js'
import { readFrame } from './read-frame.js'
import { PendingRequests } from './requests.js'
import { resolveOptions, type ResolvedOptions } from './resolve-options.js'
import { rejoinedAsResumed, Resume } from './resume.js'
import { RoomStates, type RoomState } from './room-state.js'
import { SequenceGuard } from './sequence-guard.js'
import { Timers } from './timers.js'
import type { RoomTimeline } from './timeline/room-timeline.js'
import { Timelines } from './timeline/timelines.js'
import { LanchatCertificateError } from './errors/lanchat-certificate-error.js'
import { certificateRefusal } from './tls/certificate-refusal.js'
import { loadNodeTls } from './node-tls-loader.js'
import type { TlsTrust } from './tls/node-tls.js'
import { openWebSocket, resolveWebSocket, WEB_SOCKET_OPEN, type WebSocketConstructor, type WebSocketLike } from './transport.js'

/** Commands an app may send with {@link LanchatClient.request}: all but `hello`, which is the client's own. */
export type RequestType = Exclude<ClientCommandType, 'hello'>

/** `typing.start` is repeated at most this often while the app keeps reporting typing (the server absorbs faster repeats). */
export const TYPING_REPEAT_MS = 2_000

const DEFAULT_TYPING_TIMEOUT_MS = 6_000
/** The shortest wait before reconnecting after the server closed the connection for flooding (4029). */
const RATE_LIMITED_RECONNECT_MS = 5_000

const silentLogger: LanchatLogger = {}

/**
 * A lanchat client for browsers and Node ≥ 20.19. It owns one WebSocket and its state machine
 * (`idle → connecting → open → reconnecting → open … → closed`), reconnects with backoff, resumes
 * every room it is in without gaps or duplicates, and keeps an outbox so that messages sent while
 * offline are delivered once when the connection is back.
 *
 * Events: one per server frame type (`message.created`, `member.joined`, `room.added`,
 * `room.removed`, …, typed from the protocol) plus `state`, `open`, `close`, `reconnecting`,
 * `outbox`, `room.updated`, `room.resumed` and `error`. `on()` returns its unsubscribe function.
 *
 * Rooms beyond the code rooms (private and public rooms, direct conversations, invite links, the
 * directory, notification levels) need the server's features: see {@link LanchatClient.features}.
 *
 * @example
 * ```ts
 * const client = new LanchatClient({ url: 'ws://localhost:5000/ws', name: 'Maria' })
 * client.on('message.created', ({ message }) => console.log(`${message.from.name}: ${message.text}`))
 * await client.connect()
 * await client.join('lobby')
 * await client.send('lobby', 'Hello!').acked
 * await client.close()
 * ```
 */
export class LanchatClient extends Emitter<LanchatClientEvents> {
  readonly #options: ResolvedOptions
  readonly #logger: LanchatLogger
  readonly #backoff: Backoff
  readonly #requests = new PendingRequests()
  readonly #outbox: Outbox
  readonly #rooms: RoomStates
  readonly #timers = new Timers()
  readonly #events = new EventBatch()
  readonly #resume = new Resume()
  readonly #dispatcher: OutboxDispatcher
  readonly #heartbeat: Heartbeat
  readonly #sequence: SequenceGuard
  readonly #timelines: Timelines
  /** When `typing.start` last went out, per room, while the user types there. */
  readonly #typingSentAt = new Map<string, number>()

  #name: string
  #session: string | undefined
  #user: Member | undefined
  #limits: ServerLimits | undefined
  #welcome: Welcome | undefined
  #features: ReadonlySet<string> = new Set()
  #state: ConnectionState = 'idle'
  #socket: WebSocketLike | undefined
  #WebSocket: WebSocketConstructor | undefined
  /** The `tls` option at work (Node): pinning, the CA, the refusal of a certificate. */
  #tls: TlsTrust | undefined
  /** Bumped by `close()`, so work started before it (a pending import, say) knows to stop. */
  #generation = 0
  #requestCounter = 0
  #helloId: string | undefined
  /** What went wrong with the current attempt before its socket closed (a `hello` error, a timeout). */
  #attemptError: LanchatError | undefined
  /** Whether a `welcome` came since `connect()`: from then on a drop means reconnecting, before it failing. */
  #welcomed = false
  readonly #connectWaiters = new ConnectWaiters()
  #closing: Promise<void> | undefined
  /** The shortest wait before the next reconnect, after the server said to slow down (0: the backoff alone). */
  #reconnectFloorMs = 0
  /** Until when requests wait after a `RATE_LIMITED` (see {@link #holdRequests}). */
  #requestsHeldUntil = 0

  constructor(options: LanchatClientOptions) {
    super()
    this.#options = resolveOptions(options)
    this.#logger = options.logger ?? silentLogger
    this.#name = options.name
    this.#session = options.session
    this.#backoff = new Backoff(this.#options.reconnect === false ? {} : this.#options.reconnect)
    this.#outbox = new Outbox((outgoing) => this.#fire('outbox', outgoing))
    this.#rooms = new RoomStates(
      (room) => this.#fire('room.updated', room),
      () => this.#limits?.typingTimeoutMs ?? DEFAULT_TYPING_TIMEOUT_MS,
    )
    this.#dispatcher = new OutboxDispatcher(this.#outbox, this.#timers, {
      isOpen: () => this.#state === 'open',
      limits: () => this.#limits,
      nextId: () => this.#nextId(),
      write: (frame) => this.#write(frame),
    })
    this.#sequence = new SequenceGuard({
      cursor: (room) => (this.#rooms.view.has(room) ? this.#rooms.cursor(room) : undefined),
      deliver: (message) => this.#events.run(() => this.#deliver({ type: 'message.created', message })),
      history: (room, before, limit) => this.#request('history.get', { room, before, limit }, {}).reply,
      maxPage: () => this.#limits?.maxHistoryPage ?? LIMITS.maxHistoryPage,
      gap: (gap) => {
        this.#logger.warn?.('A room had a gap in its seqs', { ...gap })
        this.#fire('room.gap', gap)
      },
      badFrame: (message) => this.#report(new LanchatProtocolError({ message })),
      isOpen: () => this.#state === 'open',
    })
    // First to listen, so an app's own listeners already see the timelines updated.
    this.#timelines = new Timelines(
      this,
      {
        history: (room, options) => this.history(room, options),
        userId: () => this.#user?.id,
        listenerError: (error) => this.onListenerError(error, 'room.updated'),
      },
      options.timeline,
    )
    this.#heartbeat = new Heartbeat(this.#options.heartbeat, this.#timers, {
      openSocket: () => (this.#state === 'open' ? this.#socket : undefined),
      ping: (timeoutMs) => this.request('ping', {}, { timeoutMs }),
      timedOut: (socket, error) => this.#abandon(socket, CLIENT_CLOSE.heartbeatTimeout, 'No pong in time', error),
    })
    if (options.autoConnect === true) {
      // On the next microtask, so listeners added right after `new` see the first `state` event.
      queueMicrotask(() => {
        if (this.#state === 'idle') this.connect().catch((error: LanchatError) => this.#report(error))
      })
    }
  }

  // ---- State ----

  /** Where the connection stands. */
  get state(): ConnectionState {
    return this.#state
  }

  /** Who the server knows this client as, once a `welcome` came. */
  get user(): Member | undefined {
    return this.#user
  }

  /**
   * The session token of this user (from the last `welcome`, or the one passed in the options).
   * Store it (a browser: `localStorage`) and pass it as `options.session` to stay the same user.
   */
  get session(): string | undefined {
    return this.#session
  }

  /**
   * What the server announced it supports in its last `welcome` (`history`, `typing`, `rooms.create`, …; later
   * versions add `accounts`, `uploads`, …): an app offers a feature only when its server has it. Empty before the
   * first `welcome`, and for a server too old to announce any.
   *
   * @example
   * ```ts
   * if (client.features.has('rooms.create')) showCreateRoomButton()
   * ```
   */
  get features(): ReadonlySet<string> {
    return this.#features
  }

  /** The server's limits, once a `welcome` came. */
  get limits(): ServerLimits | undefined {
    return this.#limits
  }

  /** The rooms the client is in, by id (lower case), with members, typing members, info and the last seq delivered. */
  get rooms(): ReadonlyMap<string, RoomState> {
    return this.#rooms.view
  }

  /**
   * The timeline of a room the client is in: its messages, notices, gaps and this client's unsent messages in
   * display order, with members, typing and unread count, kept up to date from the room's events. `undefined` for a
   * room the client is not in (join it first).
   *
   * @example
   * ```ts
   * await client.join('lobby')
   * client.timeline('lobby')?.subscribe(({ entries }) => render(entries))
   * ```
   */
  timeline(room: string): RoomTimeline | undefined {
    return this.#timelines.get(normalizeRoomId(room))
  }

  /** Messages not stored yet, oldest first: `pending` ones (queued or on their way) and `failed` ones. */
  get outbox(): readonly OutgoingMessage[] {
    return this.#outbox.list()
  }

  // ---- Connection ----

  /**
   * Opens the connection and resolves with the server's `welcome`. If the first attempt fails it
   * rejects (`LanchatConnectionError`, `LanchatTimeoutError`, or `LanchatServerError` when the
   * server refused the `hello`) and the client is `closed`; call `connect()` again to retry. Once
   * connected, drops are handled by reconnecting. While reconnecting, `connect()` skips the
   * remaining backoff delay and resolves with the next `welcome`.
   *
   * @example
   * ```ts
   * const welcome = await client.connect()
   * console.log(`connected as ${welcome.user.name}`)
   * ```
   */
  connect(): Promise<Welcome> {
    if (this.#state === 'open' && this.#welcome !== undefined) return Promise.resolve(this.#welcome)
    const welcome = this.#connectWaiters.wait()
    if (this.#state === 'idle' || this.#state === 'closed') {
      this.#welcomed = false
      this.#backoff.reset()
      this.#setState('connecting')
      void this.#attempt()
    } else if (this.#state === 'reconnecting' && this.#timers.has('reconnect')) {
      this.#timers.clear('reconnect')
      void this.#attempt()
    }
    return welcome
  }

  /**
   * Closes the connection cleanly (the server treats it as leaving every room) and stops every
   * timer. Waiting requests reject and pending outbox messages fail with a
   * `LanchatConnectionError` (`CONNECTION_CLOSED`); `retry()` them after a later `connect()`.
   * The session is kept, so a later `connect()` is the same user.
   *
   * @example
   * ```ts
   * await client.close()
   * ```
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing
    this.#generation += 1
    const error = new LanchatConnectionError({
      code: ClientErrorCodes.CONNECTION_CLOSED,
      message: 'The client was closed',
    })
    const socket = this.#socket
    this.#socket = undefined
    this.#events.run(() => {
      this.#timers.clearAll()
      this.#setState('closed')
      this.#helloId = undefined
      this.#attemptError = undefined
      this.#resume.clear()
      this.#typingSentAt.clear()
      this.#requests.rejectAll(error)
      this.#outbox.failPending(error)
      this.#rooms.clear()
      this.#connectWaiters.reject(error)
    })
    if (socket === undefined) return Promise.resolve()
    this.#closing = closeSocket(socket).then((closed) => {
      this.#closing = undefined
      this.#fire('close', closed)
    })
    return this.#closing
  }

  // ---- Requests ----

  /**
   * Sends a command and resolves with its reply, typed from the protocol. Rejects with a
   * `LanchatServerError` when the server answers with an `error`, a `LanchatTimeoutError` after
   * `timeoutMs`, or a `LanchatConnectionError` when the connection drops before the reply (or
   * the client is idle or closed). While the client is connecting or reconnecting, the command
   * waits for the connection. Prefer `send()` for messages: it has the outbox.
   *
   * @example
   * ```ts
   * const { ts } = await client.request('ping', {}, { timeoutMs: 2000 })
   * ```
   */
  request<Type extends RequestType>(
    type: Type,
    body: CommandBody<Type>,
    options: RequestOptions = {},
  ): Promise<CommandReply<Type>> {
    if (this.#state === 'idle' || this.#state === 'closed') {
      return Promise.reject(
        new LanchatConnectionError({
          code: ClientErrorCodes.NOT_CONNECTED,
          message: `Cannot send "${type}": the client is ${this.#state}; call connect() first`,
        }),
      )
    }
    return this.#request(type, body, options).reply
  }

  #request<Type extends RequestType>(
    type: Type,
    body: CommandBody<Type>,
    options: RequestOptions,
  ): { id: string; reply: Promise<CommandReply<Type>> } {
    const id = this.#nextId()
    const frame = { ...body, type, id } as ClientCommand
    const reply = this.#requests.add(frame, options.timeoutMs ?? this.#options.requestTimeoutMs)
    this.#flushRequests()
    return { id, reply: reply as Promise<CommandReply<Type>> }
  }

  /**
   * Joins a room by id or code, in any case. Resolves with the room, its members and its newest
   * messages; later messages arrive as `message.created`. A private room takes members only, or
   * whoever brings the secret of an invite link (`options.invite`, feature `rooms.manage`); to
   * anyone else it does not exist (`ROOM_NOT_FOUND`). A ban refuses with `FORBIDDEN`.
   *
   * @example
   * ```ts
   * const { room, members, messages, hasMore } = await client.join('K7M2QX')
   * await client.join('design', { invite: 'q5Xv0Vx2mX0' }) // from an invite link
   * ```
   */
  join(room: string, options: JoinOptions = {}): Promise<RoomJoined> {
    const id = normalizeRoomId(room)
    if (options.invite === undefined) return this.request('room.join', { room: id })
    return this.#gated(FEATURES.roomsManage, 'room.join', { room: id, invite: options.invite })
  }

  /**
   * Creates a room and joins it, as its owner. Without `access` it is a code room, gone when its
   * last member leaves, under a generated id (`joined.room.id`; show it upper case). With `access`
   * (feature `rooms.manage`) it is a `public` room (in the directory) or a `private` one (members
   * only) that stays when empty; `code` picks its id (`ROOM_EXISTS` if taken).
   *
   * @example
   * ```ts
   * const { room } = await client.create({ name: 'Study group' })
   * console.log(`Join code: ${room.id.toUpperCase()}`)
   * await client.create({ name: 'Design', access: 'private', code: 'design' })
   * ```
   */
  create(options: CreateRoomOptions = {}): Promise<RoomJoined> {
    const body: CommandBody<'room.create'> = {}
    if (options.name !== undefined) body.name = options.name
    if (options.access !== undefined) body.access = options.access
    if (options.code !== undefined) body.code = options.code
    if (body.access === undefined && body.code === undefined) return this.request('room.create', body)
    return this.#gated(FEATURES.roomsManage, 'room.create', body)
  }

  /**
   * Opens the direct conversation of this user and `userIds` (1–7 others; feature `dm`) and joins
   * it. The same people always get the same room (`info.direct` lists them); the others get
   * `room.added`. Name it with {@link directName}. `USER_NOT_FOUND` when someone cannot be reached,
   * `FORBIDDEN` when the server does not let this user start one (guests, by its policy).
   *
   * @example
   * ```ts
   * const { room } = await client.openDm([pete.id])
   * client.send(room.id, 'Lunch?')
   * ```
   */
  openDm(userIds: readonly string[]): Promise<RoomJoined> {
    return this.#gated(FEATURES.dm, 'dm.open', { with: [...new Set(userIds)] })
  }

  /**
   * Changes a room (feature `rooms.manage`): `name` and `topic` need a moderator, `access` and
   * `kept` its owner (`FORBIDDEN` otherwise). Resolves with the room as it is now, which
   * `client.rooms` holds already; every member sees the change as a `system` message.
   *
   * @example
   * ```ts
   * await client.updateRoom('design', { topic: 'Mockups for v2' })
   * await client.updateRoom('k7m2qx', { kept: true }) // a code room that stays when empty
   * ```
   */
  updateRoom(room: string, changes: RoomChanges): Promise<RoomUpdated> {
    return this.#gated(FEATURES.roomsManage, 'room.update', { ...changes, room: normalizeRoomId(room) })
  }

  /**
   * Acts on a member of a room (feature `rooms.manage`), named by user id or by name. Moderators
   * `invite` (makes them a member: of a private room, the way in besides a link), `remove`, `ban`,
   * `unban`, `mute` and `unmute`; the owner also makes them `moderator` or `member` again, or
   * hands the room over (`owner`). Resolves with the room as it is now.
   *
   * @example
   * ```ts
   * await client.manageMember('design', 'invite', { name: 'Pete' })
   * await client.manageMember('design', 'moderator', { user: pete.id })
   * ```
   */
  manageMember(room: string, action: MemberAction, target: MemberTarget): Promise<RoomUpdated> {
    return this.#gated(FEATURES.roomsManage, 'member.update', { ...target, room: normalizeRoomId(room), action })
  }

  /**
   * Deletes a room with its messages (feature `rooms.manage`, its owner only). The client drops
   * the room; its other members get `room.removed`.
   *
   * @example
   * ```ts
   * await client.deleteRoom('design')
   * ```
   */
  deleteRoom(room: string): Promise<RoomLeft> {
    return this.#gated(FEATURES.roomsManage, 'room.delete', { room: normalizeRoomId(room) })
  }

  /**
   * Makes an invite link to a private room (feature `rooms.manage`, moderators). The invite's
   * `token` is its secret, shown this once: pass it to `join(room, { invite })`, or put it in a
   * link such as `https://chat.example/#join=design&invite=<token>`.
   *
   * @example
   * ```ts
   * const invite = await client.createInvite('design', { expiresInMs: 86_400_000, maxUses: 5 })
   * const link = `${location.origin}/#join=${invite.room}&invite=${invite.token}`
   * ```
   */
  async createInvite(room: string, options: InviteOptions = {}): Promise<Invite> {
    const body: CommandBody<'invite.create'> = { room: normalizeRoomId(room) }
    if (options.expiresInMs !== undefined) body.expiresInMs = options.expiresInMs
    if (options.maxUses !== undefined) body.maxUses = options.maxUses
    return (await this.#gated(FEATURES.roomsManage, 'invite.create', body)).invite
  }

  /**
   * The live invite links of a private room, newest first, without their secrets (feature
   * `rooms.manage`, moderators).
   *
   * @example
   * ```ts
   * for (const invite of await client.listInvites('design')) console.log(invite.id, invite.uses, invite.maxUses)
   * ```
   */
  async listInvites(room: string): Promise<Invite[]> {
    return (await this.#gated(FEATURES.roomsManage, 'invite.list', { room: normalizeRoomId(room) })).invites
  }

  /**
   * Revokes an invite link at once (feature `rooms.manage`, moderators). Resolves with the
   * room's live invites that remain.
   *
   * @example
   * ```ts
   * const left = await client.revokeInvite('design', invite.id)
   * ```
   */
  async revokeInvite(room: string, inviteId: string): Promise<Invite[]> {
    return (await this.#gated(FEATURES.roomsManage, 'invite.revoke', { room: normalizeRoomId(room), invite: inviteId })).invites
  }

  /**
   * The room directory (feature `rooms.directory`): public rooms, busiest first, with how many
   * members each has and how many are online; `query` keeps those whose name, code or topic
   * contains its words.
   *
   * @example
   * ```ts
   * for (const { room, members, online } of await client.listRooms('design')) {
   *   console.log(`${room.name} (${room.id}): ${online}/${members} online`)
   * }
   * ```
   */
  async listRooms(query?: string): Promise<DirectoryRoom[]> {
    return (await this.#gated(FEATURES.roomsDirectory, 'rooms.list', query === undefined ? {} : { query })).rooms
  }

  /**
   * Sets when a room notifies this user (feature `notify`): on `all` messages, on `mentions`, or
   * `none`. Kept per user, on every device of theirs (the others get `notify.changed`);
   * `client.rooms.get(room).notify` holds it.
   *
   * @example
   * ```ts
   * await client.setNotify('lobby', 'none')
   * ```
   */
  setNotify(room: string, level: NotifyLevel): Promise<RoomUpdated> {
    return this.#gated(FEATURES.notify, 'notify.set', { room: normalizeRoomId(room), level })
  }

  /**
   * A request that needs a feature of the server: refused at once, with nothing sent, when the
   * server's last `welcome` did not list it. Before the first `welcome` it waits for it.
   */
  #gated<Type extends RequestType>(feature: KnownFeature, type: Type, body: CommandBody<Type>): Promise<CommandReply<Type>> {
    if (this.#state === 'connecting' && this.#welcome === undefined) {
      return this.#connectWaiters.wait().then(() => this.#gated(feature, type, body))
    }
    if (this.#state !== 'idle' && this.#state !== 'closed' && !this.#features.has(feature)) {
      const message = `The server does not offer "${feature}", which "${type}" needs`
      return Promise.reject(new LanchatError({ code: ClientErrorCodes.NOT_SUPPORTED, message }))
    }
    return this.request(type, body)
  }

  /**
   * Leaves a room. A code room whose last member leaves is deleted with its messages.
   *
   * @example
   * ```ts
   * await client.leave('k7m2qx')
   * ```
   */
  leave(room: string): Promise<RoomLeft> {
    const id = normalizeRoomId(room)
    this.#typingSentAt.delete(id)
    return this.request('room.leave', { room: id })
  }

  /**
   * Pages a room's history backwards: up to `limit` messages before seq `before` (the newest
   * without it), oldest first; `hasMore` says whether older ones exist.
   *
   * @example
   * ```ts
   * const page = await client.history('lobby', { before: oldest.seq, limit: 50 })
   * ```
   */
  history(room: string, options: HistoryOptions = {}): Promise<HistoryResult> {
    const body: CommandBody<'history.get'> = { room: normalizeRoomId(room) }
    if (options.before !== undefined) body.before = options.before
    if (options.limit !== undefined) body.limit = options.limit
    return this.request('history.get', body)
  }

  /**
   * Changes the display name in every room (members get `member.updated`), and for later reconnects.
   *
   * @example
   * ```ts
   * const { user } = await client.setName('Mia')
   * ```
   */
  setName(name: string): Promise<ProfileUpdated> {
    return this.request('profile.update', { name })
  }

  // ---- Messages ----

  /**
   * Sends a message through the outbox and returns it at once as `pending`. Online it goes out
   * now; offline it waits and goes out after the next `welcome`. Every resend carries the same
   * `clientMsgId`, so the server stores it exactly once. It becomes `sent` when the server
   * acknowledges it (or its own `message.created` arrives), or `failed` when the server refuses
   * it (`MESSAGE_REJECTED`, `NOT_A_MEMBER`, `ROOM_NOT_FOUND`, `BAD_REQUEST`, …); `RATE_LIMITED`
   * messages are resent by themselves after a pause. Sending also ends the typing notice there.
   *
   * @example
   * ```ts
   * const outgoing = client.send('lobby', 'Hi!')
   * outgoing.state // 'pending'
   * const message = await outgoing.acked // the stored ChatMessage, with its seq
   * ```
   *
   * To send a message again after a reload or a restart, pass the `clientMsgId` it had (saved
   * from `client.outbox`): the server stores it once, however many times it arrives. A key already
   * in the outbox returns that message; a key that is not valid on the wire fails it with `BAD_REQUEST`.
   *
   * @example
   * ```ts
   * const saved = { room: 'lobby', text: 'Written before the reload', clientMsgId: 'V1StGXR8_Z5jdHi6B-myT' }
   * client.send(saved.room, saved.text, { clientMsgId: saved.clientMsgId })
   * ```
   */
  send(room: string, text: string, options: SendOptions = {}): OutgoingMessage {
    const id = normalizeRoomId(room)
    const clientMsgId = options.clientMsgId ?? createId()
    const queued = this.#outbox.get(clientMsgId)
    if (queued !== undefined) return queued
    if (this.#typingSentAt.delete(id)) this.#writeIfOpen({ type: 'typing.stop', room: id })
    const outgoing = this.#outbox.add(id, text, clientMsgId)
    if (isClientMsgId(clientMsgId)) this.#dispatcher.submit(outgoing)
    else {
      const message = 'A clientMsgId has 1 to 64 characters of A-Z a-z 0-9 _ -'
      this.#outbox.fail(clientMsgId, new LanchatError({ code: ErrorCodes.BAD_REQUEST, message }))
    }
    return outgoing
  }

  /**
   * Sends a failed message again, with the same `clientMsgId` and a fresh `acked`. Returns it,
   * or `undefined` when there is no failed message with that id. A message refused with `CONFLICT`
   * (its key was already used for another text) cannot go again under that key: it is discarded
   * and its text is sent as a new message with a new `clientMsgId`, which is returned.
   *
   * @example
   * ```ts
   * client.on('outbox', (outgoing) => {
   *   if (outgoing.error?.code === 'NOT_A_MEMBER') client.join(outgoing.room).then(() => client.retry(outgoing.clientMsgId))
   * })
   * ```
   */
  retry(clientMsgId: string): OutgoingMessage | undefined {
    const failed = this.#outbox.get(clientMsgId)
    if (failed?.state === 'failed' && failed.error?.code === ErrorCodes.CONFLICT) {
      this.#outbox.discard(clientMsgId, failed.error)
      return this.send(failed.room, failed.text)
    }
    const outgoing = this.#outbox.retry(clientMsgId)
    if (outgoing !== undefined) this.#dispatcher.submit(outgoing)
    return outgoing
  }

  /**
   * Removes a pending or failed message from the outbox; a pending one fails first with
   * `MESSAGE_DISCARDED`. Returns whether there was one. A copy already on the wire may still be
   * stored and then arrives as a normal `message.created`.
   *
   * @example
   * ```ts
   * for (const outgoing of client.outbox) if (outgoing.state === 'failed') client.discard(outgoing.clientMsgId)
   * ```
   */
  discard(clientMsgId: string): boolean {
    return this.#outbox.discard(
      clientMsgId,
      new LanchatError({ code: ClientErrorCodes.MESSAGE_DISCARDED, message: 'The message was discarded' }),
    )
  }

  /**
   * Tells the room whether the user is typing. Call it with `true` on every keystroke: the
   * client sends `typing.start` at most every 2 s. `false` (or sending a message) sends
   * `typing.stop`. Offline it does nothing.
   *
   * @example
   * ```ts
   * input.addEventListener('input', () => client.typing(room, input.value !== ''))
   * ```
   */
  typing(room: string, isTyping: boolean): void {
    const id = normalizeRoomId(room)
    if (!isTyping) {
      if (this.#typingSentAt.delete(id)) this.#writeIfOpen({ type: 'typing.stop', room: id })
      return
    }
    if (this.#state !== 'open') return
    const now = Date.now()
    const last = this.#typingSentAt.get(id)
    if (last !== undefined && now - last < TYPING_REPEAT_MS) return
    this.#typingSentAt.set(id, now)
    this.#write({ type: 'typing.start', room: id })
  }

  // ---- Connection internals ----

  async #attempt(): Promise<void> {
    const generation = this.#generation
    let WebSocketClass: WebSocketConstructor
    try {
      WebSocketClass = this.#WebSocket ??= await resolveWebSocket(this.#options.WebSocket, this.#options.tls !== undefined)
      if (this.#options.tls !== undefined) this.#tls ??= new (await loadNodeTls()).TlsTrust(this.#options.url, this.#options.tls)
    } catch (error) {
      if (generation === this.#generation) this.#terminate(error as LanchatError)
      return
    }
    let tlsOptions: Record<string, unknown> | undefined
    try {
      tlsOptions = await this.#tls?.connectOptions()
    } catch (error) {
      if (generation !== this.#generation || this.#socket !== undefined) return
      // A pin not in the chain is final; a server that could not be reached counts as a socket that closed.
      if (LanchatCertificateError.isInstance(error)) this.#terminate(error)
      else {
        this.#attemptError = error as LanchatError
        this.#ended(1006, '')
      }
      return
    }
    if (generation !== this.#generation || this.#socket !== undefined) return
    let socket: WebSocketLike
    try {
      socket = openWebSocket(WebSocketClass, this.#options.url, this.#options.token, tlsOptions)
    } catch (error) {
      this.#terminate(openFailedError(this.#options.url, error))
      return
    }
    this.#socket = socket
    this.#attemptError = undefined
    const timeoutMs = this.#options.connectTimeoutMs
    this.#timers.set(
      'handshake',
      () => this.#abandon(socket, CLIENT_CLOSE.handshakeTimeout, 'No welcome in time', handshakeTimeoutError(this.#options.url, timeoutMs)),
      timeoutMs,
    )
    socket.addEventListener('open', () => this.#guard(() => this.#onOpen(socket)))
    socket.addEventListener('message', (event) => this.#guard(() => this.#onMessage(socket, event.data)))
    socket.addEventListener('close', (event) => this.#guard(() => this.#onClose(socket, event.code, event.reason)))
    // A close event follows every error; listening keeps `ws` from throwing it as an unhandled 'error'. A refused
    // certificate (Node) becomes the attempt's error, which makes the close final.
    socket.addEventListener('error', (event) => {
      const refusal = this.#tls === undefined ? certificateRefusal(this.#options.url, event?.error, undefined) : this.#tls.refusal(event?.error)
      if (refusal !== undefined && socket === this.#socket) this.#attemptError = refusal
    })
  }

  #onOpen(socket: WebSocketLike): void {
    if (socket !== this.#socket) return
    const points = this.#rooms.resumePoints()
    this.#helloId = this.#nextId()
    this.#write(this.#resume.hello({ id: this.#helloId, name: this.#name, session: this.#session }, points))
  }

  #onClose(socket: WebSocketLike, code: number, reason: string): void {
    if (socket !== this.#socket) return
    this.#socket = undefined
    this.#ended(code, reason)
  }

  /** Gives up on a socket that is not closed yet (a timeout, a refused `hello`), as if it had closed. */
  #abandon(socket: WebSocketLike, code: number, reason: string, error: LanchatError): void {
    if (socket !== this.#socket) return
    this.#socket = undefined
    this.#attemptError = error
    dropSocket(socket, code, reason)
    this.#ended(code, reason)
  }

  #ended(code: number, reason: string): void {
    this.#events.run(() => {
      this.#fire('close', { code, reason })
      this.#connectionEnded(code, reason)
    })
  }

  /** After any socket ended: clean up, then reconnect, or close for good. */
  #connectionEnded(code: number, reason: string): void {
    const end = { code, reason, attemptError: this.#attemptError }
    const wasOpen = this.#state === 'open'
    this.#attemptError = undefined
    this.#helloId = undefined
    this.#resume.clear()
    this.#timers.clear('handshake')
    this.#timers.clear('stable')
    this.#heartbeat.stop()
    this.#dispatcher.stopPacing()
    if (wasOpen) {
      this.#requests.rejectSent(connectionLostError(end))
      // Nothing is on the wire any more: every pending message goes out again after the next welcome.
      this.#outbox.connectionLost()
      this.#rooms.connectionLost()
      this.#sequence.connectionLost()
      this.#typingSentAt.clear()
    }
    const error = finalError(end, {
      url: this.#options.url,
      welcomed: this.#welcomed,
      reconnect: this.#options.reconnect,
      attempts: this.#backoff.attempts,
    })
    // Closed for flooding: come back, but not at once.
    if (code === CloseCode.RateLimited) this.#reconnectFloorMs = Math.max(this.#reconnectFloorMs, RATE_LIMITED_RECONNECT_MS)
    if (error === undefined) this.#scheduleReconnect()
    else this.#terminate(error)
  }

  #scheduleReconnect(): void {
    const delayMs = Math.max(this.#backoff.next(), this.#reconnectFloorMs)
    this.#reconnectFloorMs = 0
    this.#setState('reconnecting')
    this.#fire('reconnecting', { attempt: this.#backoff.attempts, delayMs })
    this.#timers.set('reconnect', () => void this.#attempt(), delayMs)
  }

  /**
   * Stops trying: `closed`, waiting requests reject, `connect()` callers get `error` (or, if
   * nobody waits for `connect()`, the `error` event does). Rooms and the outbox are kept, so a
   * later `connect()` resumes the rooms and sends what is pending.
   */
  #terminate(error: LanchatError): void {
    this.#timers.clearAll()
    this.#requests.rejectAll(error)
    this.#resume.clear()
    const socket = this.#socket
    this.#socket = undefined
    if (socket !== undefined) dropSocket(socket, CLIENT_CLOSE.normal, 'Client gave up')
    this.#setState('closed')
    if (this.#connectWaiters.size > 0) this.#connectWaiters.reject(error)
    else this.#report(error)
  }

  // ---- Frames ----

  #onMessage(socket: WebSocketLike, data: unknown): void {
    if (socket !== this.#socket) return
    const decoded = readFrame(data)
    if (LanchatProtocolError.isInstance(decoded)) this.#report(decoded)
    else if (decoded.known) this.#events.run(() => this.#dispatch(decoded.frame))
    else this.#fire('unknown', decoded.frame)
  }

  #dispatch(frame: ServerMessage): void {
    switch (frame.type) {
      case 'welcome':
        if (frame.ref === this.#helloId && this.#state !== 'open') this.#onWelcome(frame)
        else this.#logger.warn?.('Ignored a welcome that answers no hello', { ref: frame.ref })
        return
      case 'error':
        this.#onErrorFrame(frame)
        return
      case 'message.created':
        this.#sequence.live(frame.message)
        return
      case 'room.joined': {
        const rejoin = this.#resume.take(frame.ref)
        if (rejoin !== undefined) {
          this.#onResumed(rejoinedAsResumed(frame, rejoin))
          this.#settleRequest(frame)
          return
        }
        this.#sequence.reset(frame.room.id)
        this.#rooms.joined(frame)
        break
      }
      case 'room.left': {
        const deleted = this.#requests.get(frame.ref)?.frame.type === 'room.delete'
        this.#dropRoom(frame.room, deleted ? roomGoneError({ type: 'room.removed', room: frame.room, reason: 'deleted' }) : undefined)
        break
      }
      case 'room.added':
        this.#sequence.reset(frame.room.id)
        this.#rooms.joined(frame)
        break
      case 'room.removed':
        this.#dropRoom(frame.room, roomGoneError(frame))
        break
      case 'room.updated':
        // A reply only: its change is the reserved `room.updated` event (the room's id), fired by the room states.
        this.#rooms.updated(frame)
        this.#settleRequest(frame)
        return
      case 'notify.changed':
        this.#rooms.notifyChanged(frame)
        break
      case 'message.ack':
        this.#dispatcher.acked(frame, this.#user ?? { id: '', name: this.#name })
        break
      case 'profile.updated':
        this.#user = frame.user
        this.#name = frame.user.name
        break
      case 'member.joined':
        this.#rooms.memberJoined(frame)
        break
      case 'member.left':
        this.#rooms.memberLeft(frame)
        break
      case 'member.updated':
        this.#rooms.memberUpdated(frame)
        break
      case 'presence.changed':
        this.#rooms.presenceChanged(frame)
        break
      case 'typing.changed':
        this.#rooms.typingChanged(frame)
        break
      case 'history.result':
      case 'pong':
      case 'invite.created':
      case 'invite.listed':
      case 'rooms.listed':
        break
    }
    ;(this.#fire as (name: string, payload: unknown) => void)(frame.type, frame)
    if ('ref' in frame) this.#settleRequest(frame)
  }

  #settleRequest(frame: Extract<ServerMessage, { ref: string }>): void {
    const request = this.#requests.get(frame.ref)
    if (request === undefined) return
    const expected = REPLY_TYPES[request.frame.type]
    if (frame.type === expected) request.resolve(frame)
    else {
      request.reject(
        new LanchatProtocolError({
          message: `The server answered "${request.frame.type}" with "${frame.type}" instead of "${expected}"`,
        }),
      )
    }
  }

  #onWelcome(welcome: Welcome): void {
    this.#timers.clear('handshake')
    this.#welcome = welcome
    this.#user = welcome.user
    this.#session = welcome.session
    this.#limits = welcome.limits
    this.#features = new Set(welcome.features ?? [])
    this.#welcomed = true
    // Only a connection that stays up earns a fresh backoff: one the server drops at once is retried ever more slowly.
    const reconnect = this.#options.reconnect
    if (reconnect !== false) this.#timers.set('stable', () => this.#backoff.reset(), reconnect.stableAfterMs)
    this.#dispatcher.resetPace()
    this.#setState('open')
    this.#fire('welcome', welcome)
    this.#fire('open', welcome)
    for (const resumed of welcome.rooms) this.#onResumed(resumed)
    for (const room of welcome.lostRooms) this.#rooms.remove(room)
    for (const point of this.#resume.takeOverflow(welcome)) this.#rejoin(point)
    // What waited for the connection goes out now, oldest first, before anything the app does on these events.
    this.#dispatcher.flush()
    this.#flushRequests()
    this.#heartbeat.schedule()
    this.#connectWaiters.resolve(welcome)
  }

  /** One resumed room: its state, then `room.resumed`, then the messages the app has not seen, in order. */
  #onResumed(resumed: ResumedRoom): void {
    this.#sequence.reset(resumed.room.id)
    const messages = this.#rooms.resumed(resumed)
    this.#fire('room.resumed', resumed)
    for (const message of messages) this.#sequence.live(message)
  }

  /** The client is no longer in a room: its state and timeline go, and its unsent messages fail with `error`. */
  #dropRoom(room: string, error: LanchatError | undefined): void {
    this.#sequence.reset(room)
    this.#rooms.remove(room)
    this.#typingSentAt.delete(room)
    if (error !== undefined) this.#outbox.failRoom(room, error)
  }

  /** Rejoins a room the `hello` had no place for; the reply is treated as that room's resume. */
  #rejoin(point: ResumePoint): void {
    const { id, reply } = this.#request('room.join', { room: point.room }, {})
    this.#resume.track(id, point)
    reply.catch((error: LanchatError) => {
      if (LanchatServerError.isInstance(error) && error.code === ErrorCodes.ROOM_NOT_FOUND) this.#rooms.remove(point.room)
      else this.#report(error)
    })
  }

  /** A `message.created` that the sequence guard let through: delivered once per (room, seq), in order. */
  #deliver(frame: MessageCreated): void {
    const { message } = frame
    if (!this.#rooms.accept(message)) {
      this.#logger.debug?.('Dropped a message already delivered', { room: message.room, seq: message.seq })
      return
    }
    if (message.from.id === this.#user?.id) {
      const outgoing = this.#outbox.get(message.clientMsgId)
      if (outgoing !== undefined && outgoing.room === message.room) this.#outbox.settle(message.clientMsgId, message)
    }
    this.#fire('message.created', frame)
  }

  #onErrorFrame(frame: ErrorFrame): void {
    const error = LanchatServerError.fromFrame(frame)
    const ref = frame.ref
    if (ref !== undefined && ref === this.#helloId && this.#state !== 'open') {
      this.#onHelloRefused(error)
      return
    }
    if (ref !== undefined) {
      const outgoing = this.#outbox.byRequest(ref)
      if (outgoing !== undefined) {
        this.#dispatcher.refused(outgoing, error)
        return
      }
      const request = this.#requests.get(ref)
      if (request !== undefined) {
        if (error.code === ErrorCodes.RATE_LIMITED && error.retryAfterMs !== undefined) {
          // Nothing was done: send it again once the server takes it, and hold the other requests till then.
          request.sent = false
          this.#holdRequests(error.retryAfterMs)
          return
        }
        request.reject(error)
        return
      }
    }
    this.#report(error)
  }

  #onHelloRefused(error: LanchatServerError): void {
    const socket = this.#socket
    if (socket === undefined) return
    if (error.code === ErrorCodes.UNAVAILABLE || error.code === ErrorCodes.RATE_LIMITED) {
      // Busy, restarting, or this user has too many sessions: try again like after a drop, not before it says.
      this.#reconnectFloorMs = Math.max(this.#reconnectFloorMs, error.retryAfterMs ?? 0)
      this.#abandon(socket, CLIENT_CLOSE.normal, 'Server unavailable', error)
      return
    }
    // Anything else (a protocol version or a name the server will not take) fails again on every retry.
    this.#socket = undefined
    dropSocket(socket, CLIENT_CLOSE.normal, 'Hello refused')
    this.#fire('close', { code: CLIENT_CLOSE.normal, reason: 'Hello refused' })
    this.#timers.clear('handshake')
    this.#helloId = undefined
    this.#terminate(error)
  }

  // ---- Requests ----

  /** Sends no request for `delayMs` (or longer, if a hold runs longer already), then the waiting ones. */
  #holdRequests(delayMs: number): void {
    const until = Date.now() + delayMs
    if (this.#timers.has('requests') && until <= this.#requestsHeldUntil) return
    this.#requestsHeldUntil = until
    this.#timers.set('requests', () => this.#flushRequests(), delayMs)
  }

  #flushRequests(): void {
    if (this.#state !== 'open' || this.#timers.has('requests')) return
    for (const request of this.#requests.unsent()) {
      request.sent = true
      this.#write(request.frame)
    }
  }

  // ---- Plumbing ----

  #write(frame: ClientMessage): void {
    const socket = this.#socket
    if (socket === undefined || socket.readyState !== WEB_SOCKET_OPEN) return
    try {
      socket.send(encode(frame))
    } catch (error) {
      // The socket is going away; its close event follows and the frame is resent or rejected then.
      this.#logger.warn?.('Could not send a frame', { type: frame.type, error })
    }
  }

  #writeIfOpen(frame: ClientMessage): void {
    if (this.#state === 'open') this.#write(frame)
  }

  #nextId(): string {
    this.#requestCounter += 1
    return String(this.#requestCounter)
  }

  #setState(state: ConnectionState): void {
    const previous = this.#state
    if (previous === state) return
    this.#state = state
    this.#logger.debug?.('Connection state changed', { state, previous })
    this.#fire('state', { state, previous })
  }

  #fire<Name extends keyof LanchatClientEvents>(name: Name, payload: LanchatClientEvents[Name]): void {
    this.#events.emit(() => this.emit(name, payload))
  }

  /** Reports an error nobody awaits: to `error` listeners, and to the logger. Never throws. */
  #report(error: LanchatError): void {
    this.#logger.warn?.(error.message, { code: error.code, error })
    this.#fire('error', error)
  }

  /** Socket callbacks run through here: nothing the client does may throw into the WebSocket implementation. */
  #guard(work: () => void): void {
    try {
      work()
    } catch (error) {
      this.#logger.error?.('Unexpected error while handling the connection', { error })
      try {
        this.#report(
          LanchatError.isInstance(error)
            ? error
            : new LanchatProtocolError({ message: `Could not handle the connection event: ${toError(error).message}`, cause: error }),
        )
      } catch {
        // Reporting failed too; there is nothing left to tell.
      }
    }
  }

  protected override onListenerError(error: unknown, name: keyof LanchatClientEvents): void {
    if (name === 'error') {
      this.#logger.error?.('An "error" listener threw', { error })
      return
    }
    this.#report(
      new LanchatError({
        code: ClientErrorCodes.LISTENER_ERROR,
        message: `A "${String(name)}" listener threw: ${toError(error).message}`,
        cause: error,
      }),
    )
  }
}

/** Why messages to a room the client is no longer in fail. */
function roomGoneError({ room, reason, by }: RoomRemoved): LanchatError {
  const who = by === undefined ? '' : ` by ${by.name}`
  const message =
    reason === 'deleted'
      ? `The room "${room}" was deleted${who}`
      : reason === 'left'
        ? `You left the room "${room}" on another device`
        : `You were ${reason} from the room "${room}"${who}`
  return new LanchatError({ code: reason === 'deleted' ? ErrorCodes.ROOM_NOT_FOUND : ErrorCodes.NOT_A_MEMBER, message })
}
