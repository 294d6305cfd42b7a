import { randomUUID } from 'node:crypto'
import {
  checkDisplayName,
  CloseCode,
  encode,
  ErrorCodes,
  FEATURES,
  LIMITS,
  LOBBY_ROOM_ID,
  nameKey,
  normalizeRoomId,
  PROTOCOL_VERSION,
  type ChatMessage,
  type ClientMessage,
  type ErrorCode,
  type ErrorFrame,
  type Feature,
  type Hello,
  type HistoryGet,
  type LeaveReason,
  type DmOpen,
  type InviteCreate,
  type Invite,
  type Member,
  type MemberUpdate,
  type MessageSend,
  type NotifyLevel,
  type RoomAccess,
  type RoomChange,
  type RoomCreate,
  type RoomJoin,
  type RoomUpdate,
  type RoomsList,
  type RoomMember,
  type ResumedRoom,
  type ResumePoint,
  type RoomInfo,
  type RoomSnapshot,
  type ServerLimits,
  type ServerMessage,
} from '@lanchat/protocol'
import { LocalFanout, type FanoutAdapter, type RoomFrame } from '../fanout/fanout-adapter.js'
import {
  messagesOf,
  type AppendResult,
  type EventPage,
  type LanchatStore,
  type MessageDraft,
  type RoomSettings,
  type StoredInvite,
} from '../store/store.js'
import { AddressBudget } from './address-budget.js'
import { ChatConnection, MAX_DEFERRED_FRAMES } from './chat-connection.js'
import { ABUSE_DEFAULTS, CommandBudget, commandClassOf, UserBudgets, type CommandBudgetOptions, type Rate } from './command-budget.js'
import { ChatEvents, type LanchatEventMap, type LanchatListener } from './chat-events.js'
import { silentLogger, type ChatLogger } from './logger.js'
import { Membership } from './membership.js'
import { hookRefusal, MessageHooks, type MessageHook } from './message-hooks.js'
import type { ChatPeer } from './peer.js'
import { PresenceGrace } from './presence-grace.js'
import { GUEST, type Principal } from './principal.js'
import { roomChangeText } from './room-change-text.js'
import { generateRoomCode } from './room-code.js'
import { JoinHooks, type JoinHook } from './join-hooks.js'
import {
  allows,
  directRoomId,
  inviteFor,
  isBanned,
  isMuted,
  liveInvites,
  neededRole,
  newInvite,
  outranks,
  roleOf,
  settingsAfter,
  withInviteUsed,
  type RoomAction,
} from './room-policy.js'
import { RoomRegistry, type NewRoomOptions } from './room-registry.js'
import { RoomBusyError, type Room } from './room.js'
import { memberOf, NewUserLimitError, SessionLimitError, SessionRegistry, type ChatUser } from './session-registry.js'
import { StoreFailedError, stored } from './store-failure.js'

/** Settings of the chat core; the plugin fills them from its validated options. */
export interface ChatCoreOptions {
  /** Where everything is kept. The core does not close it: its owner does. */
  store: LanchatStore
  /** How room frames reach the members' connections. Default: a {@link LocalFanout}, closed with the core. */
  fanout?: FanoutAdapter | undefined
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
  /** How long a member whose last connection dropped is `away` before `member.left`. Default 0: at once. */
  presenceGraceMs?: number | undefined
  /** Per-connection budgets of the commands other than `message.send` (whose budget is `rateLimit`). */
  commandRates?: Partial<Record<'typing' | 'rooms' | 'profile' | 'history' | 'ping', Rate>> | undefined
  /** A user's connections together get this many times one connection's budgets. Default 3. */
  userRateFactor?: number | undefined
  /** Refusals, from a second after a connection was first refused and within 10 s, that close it (4029). Default 50. */
  refusalsBeforeClose?: number | undefined
  /** Most live code rooms one user has created. Default 20. */
  maxRoomsPerUser?: number | undefined
  /** Most live code rooms created from one address. Default 50. */
  maxRoomsPerAddress?: number | undefined
  /** New guest users from one address: a burst, then a sustained rate. Default 60, then 0.5 a second. */
  newUsersPerAddress?: Rate | undefined
  /** Most live sessions of one user the host vouched for. Default 20. */
  maxSessionsPerUser?: number | undefined
  /** Time to live of a session that never joined a room. Default 3 600 000 (1 h). */
  unusedSessionTtlMs?: number | undefined
  /** How long a message hook may take before the message is answered with `UNAVAILABLE`. Default 5 000. */
  messageHookTimeoutMs?: number | undefined
  /**
   * Whether a user may go by a name (the accounts' rule that a guest cannot take an account's name): resolves with a
   * reason to refuse it, or undefined. Its presence also announces the `accounts` feature.
   */
  checkName?: ((userId: string, name: string) => Promise<string | undefined>) | undefined
  /** Whether a user is a server admin (an admin acts as the owner of every room but direct conversations). */
  isAdmin?: ((userId: string) => Promise<boolean>) | undefined
  /** What guests (people without an account) may do. Default: create rooms, and direct messages with anyone. */
  guests?: GuestPolicy | undefined
  log?: ChatLogger
}

/**
 * What guests (people who did not sign in to an account) may do beyond joining the lobby, public and code rooms.
 * `createRooms`: make code, public and private rooms. `directMessages`: `anyone` — open and receive direct
 * conversations with anyone; `accounts` — only conversations that include an account (a guest can write to an
 * account and be written to by one, but two guests cannot talk in private); `none` — no direct conversations.
 */
export interface GuestPolicy {
  createRooms: boolean
  directMessages: 'anyone' | 'accounts' | 'none'
}

const DEFAULT_GUEST_POLICY: GuestPolicy = Object.freeze({ createRooms: true, directMessages: 'anyone' })

/** The features a core with these options offers, announced in `welcome.features`. */
function featuresOf(options: ChatCoreOptions): Feature[] {
  const features: Feature[] = [FEATURES.history, FEATURES.typing, FEATURES.profile, FEATURES.resume]
  // With no grace a dropped member leaves at once: nobody is ever `away`.
  if ((options.presenceGraceMs ?? 0) > 0) features.push(FEATURES.presenceAway)
  // A cap of 0 rooms per user or per address lets nobody create one.
  const roomsPerUser = options.maxRoomsPerUser ?? ABUSE_DEFAULTS.maxRoomsPerUser
  const roomsPerAddress = options.maxRoomsPerAddress ?? ABUSE_DEFAULTS.maxRoomsPerAddress
  if (roomsPerUser > 0 && roomsPerAddress > 0) features.push(FEATURES.roomCreate)
  if (options.checkName !== undefined) features.push(FEATURES.accounts)
  features.push(FEATURES.roomsManage, FEATURES.roomsDirectory, FEATURES.dm, FEATURES.notify)
  return features
}

/** What a `hello` refused for too many sessions is told to wait: a session frees only when a tab closes. */
const SESSION_LIMIT_RETRY_MS = 30_000

/** The sender of messages the host posts with `app.lanchat.post`. */
export const SYSTEM_USER_ID = 'system'

/** Who room changes the host makes through `app.lanchat` come from. */
const HOST_ACTOR: Member = Object.freeze({ id: SYSTEM_USER_ID, name: 'System' })

type PublishResult =
  | { outcome: 'stored'; message: ChatMessage; duplicate: boolean }
  | { outcome: 'conflict'; message: ChatMessage }
  | { outcome: 'rejected'; code: ErrorCode; reason: string }
  | { outcome: 'gone' }

interface Entered {
  membership: Membership
  /** The room's last seq when the connection was added: everything above it reaches the connection as an event. */
  asOf: number
  isNew: boolean
  /** Settles when the user's membership of the room is stored (at once when it already was). */
  stored: Promise<void>
  /**
   * With an adapter of several nodes: settles once the room's frames published from now on reach this node (and
   * the room's `lastSeq` is caught up with the store). Its history is read after that. Undefined for one node.
   */
  watched: Promise<void> | undefined
}

/** Optional details of a new connection. */
export interface ConnectOptions {
  /** Who the host's `authenticate` step said is connecting. Default: a guest. */
  principal?: Principal
  /** The connection's logger (the transport's, carrying the request id). */
  log?: ChatLogger
  /** Where the connection comes from (the upgrade request's address), for per-address caps. Default `'unknown'`. */
  address?: string
  /** The hash of the account session the connection signed in with, so ending that session can close it. */
  credential?: string | undefined
}

/** Which connections {@link ChatCore.signOut} closes. */
export interface SignOutFilter {
  /** Every connection of this user… */
  userId?: string
  /** …or every connection signed in with this account session… */
  credential?: string
  /** …but those signed in with this one (the device that changed the password). */
  exceptCredential?: string
}

type Command = Exclude<ClientMessage, Hello>

/**
 * Rooms, membership, presence, typing, history and sessions: everything a lanchat server does, without a socket in
 * sight. Connections come in as {@link ChatPeer}s, frames come in decoded, and frames go out as strings encoded
 * once per event.
 *
 * @example
 * ```ts
 * const core = new ChatCore({ store: new MemoryStore(), lobby: { name: 'Lobby' }, … })
 * await core.start()
 * const connection = core.connect(peer)
 * await core.receive(connection, decodeClientMessage(raw))
 * core.disconnect(connection, 'left')
 * await core.close()
 * ```
 */
export class ChatCore {
  readonly #options: ChatCoreOptions
  readonly #store: LanchatStore
  readonly #fanout: FanoutAdapter
  readonly #log: ChatLogger
  readonly #rooms: RoomRegistry
  readonly #sessions: SessionRegistry<ChatConnection>
  readonly #connections = new Set<ChatConnection>()
  readonly #events: ChatEvents
  /** New guest users per address: a script that reconnects in a loop cannot make users (and sessions) without end. */
  readonly #newUsers: AddressBudget
  readonly #hooks: MessageHooks
  readonly #joinHooks: JoinHooks
  readonly #guests: GuestPolicy
  /** The notification levels of each connected user, by room: read once per hello, kept while they are connected. */
  readonly #notifyLevels = new Map<string, Map<string, NotifyLevel>>()
  readonly #presenceGrace: PresenceGrace
  readonly #limits: ServerLimits
  readonly #features: readonly Feature[]
  readonly #budgetOptions: CommandBudgetOptions
  readonly #userBudgets: UserBudgets
  /** The address each live code room was created from, by room id. */
  readonly #roomAddresses = new Map<string, string>()
  #state: 'created' | 'running' | 'closing' | 'closed' = 'created'

  constructor(options: ChatCoreOptions) {
    this.#options = options
    this.#store = options.store
    this.#fanout = options.fanout ?? new LocalFanout()
    this.#log = options.log ?? silentLogger
    this.#hooks = new MessageHooks({ timeoutMs: options.messageHookTimeoutMs ?? 5_000, log: this.#log })
    this.#joinHooks = new JoinHooks({ timeoutMs: options.messageHookTimeoutMs ?? 5_000, log: this.#log })
    this.#guests = options.guests ?? DEFAULT_GUEST_POLICY
    this.#rooms = new RoomRegistry({ store: this.#store, fanout: this.#fanout, typingTimeoutMs: options.typingTimeoutMs })
    this.#sessions = new SessionRegistry({
      store: this.#store,
      ttlMs: options.sessionTtlMs,
      unusedTtlMs: options.unusedSessionTtlMs ?? ABUSE_DEFAULTS.unusedSessionTtlMs,
      maxPerUser: options.maxSessionsPerUser ?? ABUSE_DEFAULTS.maxSessionsPerUser,
      onError: (error) => this.#log.error({ err: error }, 'lanchat could not update sessions'),
    })
    this.#newUsers = new AddressBudget(options.newUsersPerAddress ?? ABUSE_DEFAULTS.newUsersPerAddress)
    this.#events = new ChatEvents(this.#log)
    this.#presenceGrace = new PresenceGrace(options.presenceGraceMs ?? 0)
    const rates = { ...ABUSE_DEFAULTS.commandRates, ...options.commandRates }
    this.#budgetOptions = {
      rates: { ...rates, message: { perSecond: options.rateLimit.messagesPerSecond, burst: options.rateLimit.burst } },
      userFactor: options.userRateFactor ?? ABUSE_DEFAULTS.userRateFactor,
      refusalsBeforeClose: options.refusalsBeforeClose ?? ABUSE_DEFAULTS.refusalsBeforeClose,
    }
    this.#userBudgets = new UserBudgets(this.#budgetOptions)
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
    this.#features = Object.freeze(featuresOf(options))
  }

  /** True between {@link start} and {@link beginShutdown}. */
  get running(): boolean {
    return this.#state === 'running'
  }

  /** The features sent in every `welcome`: what this configuration offers. */
  get features(): readonly Feature[] {
    return this.#features
  }

  /** The limits sent in every `welcome`. */
  get limits(): ServerLimits {
    return this.#limits
  }

  /**
   * Brings back every stored room (with its epoch and log position), makes the lobby if the store has none, and
   * starts the session sweep. Code rooms nobody is connected to wait `emptyRoomGraceMs` for their members to come
   * back, as after any drop.
   */
  async start(): Promise<void> {
    if (this.#state !== 'created') throw new Error('the chat core was already started')
    await this.#fanout.init({
      deliver: (frame: RoomFrame) => {
        const room = this.#rooms.get(frame.room)
        if (room === undefined) return
        // A message another node stored: this node's view of the room's log moves on with it.
        if (frame.seq !== undefined && frame.seq > room.lastSeq) room.lastSeq = frame.seq
        // A room change made on another node (its log entry carries an `event`; JSON escaping keeps message text
        // from ever containing the bare key): this node reads the room's settings again, so mutes, roles and bans
        // hold here too.
        if (frame.seq !== undefined && this.#fanout.watch !== undefined && frame.data.includes('"event":{')) {
          this.#applyRemoteChange(room, frame.data)
        }
        room.deliver(frame)
        // Several nodes: a room deleted on another node; its members here were just told, and it goes here too.
        if (frame.seq === undefined && this.#fanout.watch !== undefined && frame.data.startsWith('{"type":"room.removed"')) {
          this.#forgetDeleted(room)
        }
      },
      localPresence: (room: string) => this.#presence(room),
      replay: async (room: string, afterSeq: number, limit: number) => {
        const page = await this.#store.log.after(room, afterSeq, limit)
        const frames = messagesOf(page.events).map((message): RoomFrame => ({
          room,
          data: encode({ type: 'message.created', message }),
          seq: message.seq,
        }))
        return { frames, hasMore: page.hasMore }
      },
      storedSeq: async (id: string) => {
        const lastSeq = (await this.#store.rooms.get(id))?.lastSeq ?? 0
        const room = this.#rooms.get(id)
        if (room !== undefined && lastSeq > room.lastSeq) room.lastSeq = lastSeq
        return lastSeq
      },
    })
    for (const room of await this.#rooms.load()) {
      if (room.retention === 'until-empty') this.#scheduleEmptyRoomDeletion(room)
      await this.#withDirectMembers(room)
    }
    const lobby = this.#options.lobby
    if (lobby !== false) {
      const existing = this.#rooms.get(LOBBY_ROOM_ID)
      if (existing === undefined) {
        await this.#rooms.create({ id: LOBBY_ROOM_ID, name: lobby.name, kind: 'lobby', retention: 'forever', createdBy: undefined })
      } else if (existing.name !== lobby.name) {
        await this.#store.rooms.rename(LOBBY_ROOM_ID, lobby.name)
        existing.name = lobby.name
      }
    }
    this.#sessions.start()
    this.#state = 'running'
  }

  // ---- Connections ----

  /** Registers a new connection; it has `handshakeTimeoutMs` to say hello. */
  connect(peer: ChatPeer, options: ConnectOptions = {}): ChatConnection {
    const connection = new ChatConnection(
      peer,
      new CommandBudget(this.#budgetOptions),
      options.principal ?? GUEST,
      options.log ?? this.#log,
      options.address ?? 'unknown',
      options.credential,
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
      if (error instanceof RoomBusyError) {
        connection.log.warn({ connectionId: connection.id, type: frame.type }, 'lanchat room busy')
        if (ref !== undefined) this.#fail(connection, ref, ErrorCodes.UNAVAILABLE, 'The room is too busy; retry in a moment')
      } else if (error instanceof StoreFailedError) {
        connection.log.error({ err: error.cause, connectionId: connection.id, type: frame.type }, 'lanchat store failed')
        if (ref !== undefined) {
          this.#fail(connection, ref, ErrorCodes.UNAVAILABLE, 'The server cannot store right now; nothing was changed, retry later')
        }
      } else {
        connection.log.error({ err: error, connectionId: connection.id, type: frame.type }, 'lanchat command failed')
        if (ref !== undefined) this.#fail(connection, ref, ErrorCodes.INTERNAL, 'The server failed; the command had no effect')
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
    if (connection.session !== undefined) {
      this.#sessions.detach(connection.session, connection)
      this.#userBudgets.release(connection.session.user.id)
      const userId = connection.session.user.id
      if (this.#sessions.liveUser(userId) === undefined) this.#notifyLevels.delete(userId)
    }
  }

  /**
   * Closes the connections an ended account session stood for, with {@link CloseCode.SignedOut}, and returns how
   * many. The clients do not reconnect by themselves: they sign in again.
   */
  signOut(filter: SignOutFilter): number {
    let closed = 0
    for (const connection of [...this.#connections]) {
      const matches =
        (filter.userId !== undefined && connection.user?.id === filter.userId) ||
        (filter.userId !== undefined && connection.principal.kind === 'user' && connection.principal.id === filter.userId) ||
        (filter.credential !== undefined && connection.credential === filter.credential)
      if (!matches || (filter.exceptCredential !== undefined && connection.credential === filter.exceptCredential)) continue
      connection.peer.close(CloseCode.SignedOut, 'signed out')
      closed++
    }
    return closed
  }

  /** The accounts' verdict on a name; a store failure rejects as `StoreFailedError`, answered as for any command. */
  async #checkName(userId: string, name: string): Promise<string | undefined> {
    const check = this.#options.checkName
    if (check === undefined) return undefined
    return stored(check(userId, name))
  }

  /** The user just claimed an account: members see it from their next join or presence change. */
  markAccount(userId: string): void {
    const user = this.#sessions.liveUser(userId)
    if (user !== undefined) user.account = true
  }

  /** Refuses new work: further frames get `UNAVAILABLE`, and disconnects no longer broadcast or delete rooms. */
  beginShutdown(): void {
    if (this.#state === 'running' || this.#state === 'created') this.#state = 'closing'
  }

  /** Stops every timer, waits for the rooms' queued work, and stops the fan-out. The store stays open: its owner closes it. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return
    this.#state = 'closed'
    for (const connection of this.#connections) {
      if (connection.handshakeTimer !== undefined) clearTimeout(connection.handshakeTimer)
      connection.handshakeTimer = undefined
    }
    this.#connections.clear()
    this.#sessions.stop()
    this.#presenceGrace.dispose()
    const rooms = [...this.#rooms.values()]
    this.#rooms.dispose()
    await Promise.allSettled(rooms.map((room) => room.settled()))
    await this.#fanout.close()
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

  /**
   * Makes a `named` room, kept until deleted; undefined when the id is taken. `id` must be a valid room id (the API
   * checks it). With `access` it is public (in the directory) or private (members only); without, anyone who knows
   * the id may join, as before rooms had access.
   */
  async createRoom(id: string | undefined, name: string, access?: RoomAccess): Promise<RoomInfo | undefined> {
    const room = await this.#createRoom({
      id: id === undefined ? undefined : normalizeRoomId(id),
      name,
      kind: 'named',
      retention: 'forever',
      createdBy: undefined,
      settings: access === undefined ? {} : { access },
    })
    return room?.info()
  }

  /**
   * The host makes a user a member of a room (of a private room: the only way in besides an invite link); their
   * connected devices get `room.added`. False when there is no such room or user.
   */
  async addMember(roomId: string, userId: string): Promise<boolean> {
    const room = await this.#liveRoom(normalizeRoomId(roomId))
    const user = this.#sessions.liveUser(userId) ?? (await stored(this.#store.users.get(userId)))
    if (room === undefined || user === undefined) return false
    await this.#addUser(room, userId)
    await this.#publishChange(room, HOST_ACTOR, { type: 'member.added', member: { id: userId, name: user.name } })
    return true
  }

  /** The host puts a user out of a room (and with `ban`, keeps them out). False when there is no such room. */
  async removeMember(roomId: string, userId: string, banned: boolean): Promise<boolean> {
    const room = await this.#liveRoom(normalizeRoomId(roomId))
    if (room === undefined) return false
    const user = this.#sessions.liveUser(userId) ?? (await stored(this.#store.users.get(userId)))
    const member: Member = { id: userId, name: user?.name ?? userId }
    const action = banned ? 'ban' : 'remove'
    const ban = banned ? { userId, address: undefined, by: SYSTEM_USER_ID, at: Date.now() } : undefined
    await this.#changeRoom(room, (settings) => settingsAfter(settings, action, userId, ban))
    await this.#removeUser(room, userId, banned ? 'banned' : 'removed', HOST_ACTOR)
    await this.#publishChange(room, HOST_ACTOR, { type: banned ? 'member.banned' : 'member.removed', member })
    return true
  }

  /** Adds a hook asked before anyone enters a room; returns a function that removes it. */
  onJoin(hook: JoinHook): () => void {
    return this.#joinHooks.add(hook)
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
    const verdict = connection.budget.take(commandClassOf(frame.type), frame.type === 'message.send' ? frame.clientMsgId : undefined)
    if (!verdict.ok) {
      if (verdict.close) {
        connection.log.warn({ connectionId: connection.id, type: frame.type }, 'lanchat closed a connection that kept flooding')
        connection.peer.close(CloseCode.RateLimited, 'too many commands')
        return
      }
      // Typing is best effort: over its budget it is dropped without a word (and still counts as flooding).
      if ('id' in frame) {
        this.#fail(connection, frame.id, ErrorCodes.RATE_LIMITED, `Too many ${frame.type} commands; retry in ${verdict.retryAfterMs} ms`, {
          retryAfterMs: verdict.retryAfterMs,
        })
      }
      return
    }
    switch (frame.type) {
      case 'room.create':
        await this.#create(connection, frame)
        return
      case 'room.join':
        await this.#join(connection, frame)
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
        await this.#profileUpdate(connection, frame.id, frame.name)
        return
      case 'ping':
        this.#reply(connection, { type: 'pong', ref: frame.id, ts: Date.now() })
        return
      case 'dm.open':
        await this.#openDirect(connection, frame)
        return
      case 'room.update':
        await this.#updateRoom(connection, frame)
        return
      case 'member.update':
        await this.#updateMember(connection, frame)
        return
      case 'room.delete':
        await this.#deleteRoomCommand(connection, frame.id, frame.room)
        return
      case 'invite.create':
        await this.#createInvite(connection, frame)
        return
      case 'invite.list':
      case 'invite.revoke':
        await this.#listInvites(connection, frame.id, frame.room, frame.type === 'invite.revoke' ? frame.invite : undefined)
        return
      case 'rooms.list':
        await this.#listRooms(connection, frame)
        return
      case 'notify.set':
        await this.#setNotify(connection, frame.id, frame.room, frame.level)
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
    // A name the host's authenticate step gave is the host's own; the name a user chose must pass the rules.
    const hostName = connection.principal.kind === 'user' ? connection.principal.name : undefined
    const checked = checkDisplayName(frame.name)
    if (!checked.ok && hostName === undefined) {
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, checked.reason)
      return
    }
    const name = checked.ok ? checked.name : (hostName ?? '')

    if (connection.handshakeTimer !== undefined) clearTimeout(connection.handshakeTimer)
    connection.handshakeTimer = undefined
    connection.state = 'welcoming'
    const principal = connection.principal
    let opened
    try {
      opened = await stored(
        this.#sessions.open({
          token: frame.session,
          name: principal.kind === 'user' && principal.name !== undefined ? principal.name : name,
          userId: principal.kind === 'user' ? principal.id : undefined,
          account: principal.kind === 'user' && principal.account === true,
          admitNewUser: () => this.#newUsers.take(connection.address),
        }),
      )
    } catch (error) {
      // Nothing was opened: the client may say hello again. What it sent meanwhile cannot run.
      if (connection.state === 'welcoming') connection.state = 'greeting'
      for (const deferred of connection.deferred) {
        if ('id' in deferred) this.#fail(connection, deferred.id, ErrorCodes.HANDSHAKE_REQUIRED, 'The hello failed; send it again')
      }
      connection.deferred = []
      if (error instanceof StoreFailedError && error.cause instanceof NewUserLimitError) {
        this.#fail(connection, frame.id, ErrorCodes.RATE_LIMITED, 'Too many new people from this address; wait a moment', {
          retryAfterMs: error.cause.retryAfterMs,
        })
        return
      }
      if (error instanceof StoreFailedError && error.cause instanceof SessionLimitError) {
        this.#fail(connection, frame.id, ErrorCodes.RATE_LIMITED, 'This user has too many sessions open; close one and retry', {
          retryAfterMs: SESSION_LIMIT_RETRY_MS,
        })
        return
      }
      throw error
    }
    // A guest may not go by a name that reads as an account's; the account's own sign-in already named them.
    const nameRefusal = principal.kind === 'user' && principal.account === true ? undefined : await this.#checkName(opened.session.user.id, name)
    if (nameRefusal !== undefined) {
      if (connection.state === 'welcoming') connection.state = 'greeting'
      for (const deferred of connection.deferred) {
        if ('id' in deferred) this.#fail(connection, deferred.id, ErrorCodes.HANDSHAKE_REQUIRED, 'The hello failed; send it again')
      }
      connection.deferred = []
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, nameRefusal)
      return
    }
    this.#sessions.attach(opened.session, connection)
    if (connection.state !== 'welcoming') {
      this.#sessions.detach(opened.session, connection)
      return
    }
    connection.session = opened.session
    connection.budget.bindUser(this.#userBudgets.acquire(opened.session.user.id))
    if (opened.resumed) {
      // A name that cannot be stored now is not worth refusing the connection: the user keeps the old one.
      await this.#rename(opened.session.user, name).catch((error: unknown) => {
        connection.log.error({ err: error, connectionId: connection.id }, 'lanchat could not store a new name')
      })
    }

    const lostRooms: string[] = []
    const entries: Array<Entered & { room: Room; point: ResumePoint }> = []
    const seen = new Set<string>()
    for (const point of frame.resume ?? []) {
      const id = normalizeRoomId(point.room)
      if (seen.has(id)) continue
      seen.add(id)
      const room = await this.#liveRoom(id)
      // A private room the user is no longer a member of (removed, banned while away) is lost to them, as if gone.
      if (room === undefined || (await this.#mayEnter(connection, room, 'resume')) !== undefined) lostRooms.push(id)
      else entries.push({ ...this.#enter(connection, room), room, point })
    }
    // An account's rooms follow it to every device: the rooms it is a member of that the hello did not list (a new
    // device, a cleared browser) come with the welcome too, each with its newest messages. A guest's session gets
    // the private rooms and direct conversations it was added to while away (its client resumes the others itself).
    const memberOfRooms = await stored(this.#store.memberships.roomsOf(opened.session.user.id))
    this.#notifyLevels.set(opened.session.user.id, await stored(this.#store.memberships.notifyLevels(opened.session.user.id)))
    const signedIn = principal.kind === 'user' && principal.account === true
    for (const id of memberOfRooms) {
      if (seen.has(id) || entries.length >= LIMITS.maxResumeRooms) continue
      const room = await this.#liveRoom(id)
      if (room === undefined || (!signedIn && !room.isPrivate)) continue
      seen.add(id)
      if ((await this.#mayEnter(connection, room, 'resume')) === undefined) {
        entries.push({ ...this.#enter(connection, room), room, point: { room: id, epoch: '', lastSeq: 0 } })
      }
    }

    let rooms: Array<{ resumed: ResumedRoom; covered: number }>
    try {
      rooms = await Promise.all(
        entries.map(async (entry) => {
          await Promise.all([entry.stored, entry.watched])
          // Caught up with the store once watched: the read below covers everything up to the room's lastSeq.
          return this.#readResume(entry.room, entry.point, Math.max(entry.asOf, entry.room.lastSeq), opened.session.user.id)
        }),
      )
    } catch (error) {
      connection.log.error({ err: error, connectionId: connection.id }, 'lanchat resume failed')
      this.#fail(connection, frame.id, ErrorCodes.UNAVAILABLE, 'The server failed to resume; reconnect in a moment')
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
      user: memberOf(user),
      session: opened.token,
      sessionResumed: opened.resumed,
      limits: this.#limits,
      rooms: rooms.map((room) => room.resumed),
      lostRooms,
      features: [...this.#features],
    })
    entries.forEach((entry, index) => entry.membership.release(rooms[index]?.covered ?? entry.asOf))

    const deferred = connection.deferred
    connection.deferred = []
    for (const next of deferred) void this.receive(connection, next)
  }

  /** A resumed room: exactly the missed messages when they are all there, else the newest page. */
  async #readResume(room: Room, point: ResumePoint, asOf: number, userId: string): Promise<{ resumed: ResumedRoom; covered: number }> {
    if (point.epoch === room.epoch && point.lastSeq <= asOf) {
      const missed = await stored(this.#store.log.after(room.id, point.lastSeq, this.#options.maxResumeMessages))
      const first = missed.events[0]
      // Contiguous from the client's last seq, and nothing left over: the gap is closed.
      const contiguous = first === undefined ? asOf === point.lastSeq : first.seq === point.lastSeq + 1
      if (!missed.hasMore && contiguous) {
        const { snapshot, covered } = await this.#snapshot(room, { events: missed.events, hasMore: point.lastSeq > 0 }, asOf, userId)
        return { resumed: { ...snapshot, recovered: true }, covered }
      }
    }
    const page = await stored(this.#store.log.latest(room.id, this.#options.joinHistory))
    const { snapshot, covered } = await this.#snapshot(room, page, asOf, userId)
    return { resumed: { ...snapshot, recovered: false }, covered }
  }

  async #create(connection: ChatConnection, frame: RoomCreate): Promise<void> {
    const ref = frame.id
    const user = connection.user
    if (user === undefined) return
    if (!user.account && !this.#guests.createRooms) {
      this.#fail(connection, ref, ErrorCodes.FORBIDDEN, 'Guests cannot create rooms on this server; sign in to an account first')
      return
    }
    const cap = this.#roomCap(connection, user.id)
    if (cap !== undefined) {
      this.#fail(connection, ref, ErrorCodes.RATE_LIMITED, cap)
      return
    }
    const code = frame.code === undefined ? undefined : normalizeRoomId(frame.code)
    if (code !== undefined && (code === LOBBY_ROOM_ID || code.startsWith('dm-'))) {
      this.#fail(connection, ref, ErrorCodes.ROOM_EXISTS, `The code "${code}" is reserved; pick another`)
      return
    }
    const access = frame.access
    const kept = access !== undefined
    const room = await this.#createRoom({
      id: code,
      name: frame.name?.trim() || undefined,
      kind: kept ? 'named' : 'code',
      retention: kept ? 'forever' : 'until-empty',
      createdBy: user.id,
      settings: access !== undefined ? { access, owner: user.id } : { owner: user.id },
    })
    if (room === undefined) {
      if (code === undefined) throw new Error('no free room code')
      this.#fail(connection, ref, ErrorCodes.ROOM_EXISTS, `A room with the code "${code}" exists already; pick another`)
      return
    }
    this.#roomAddresses.set(room.id, connection.address)
    if (connection.state === 'gone') {
      this.#scheduleEmptyRoomDeletion(room)
      return
    }
    const { membership, asOf, stored: memberStored } = this.#enter(connection, room)
    try {
      await memberStored
    } catch (error) {
      this.#leave(connection, membership, 'left')
      throw error
    }
    const { snapshot } = await this.#snapshot(room, { events: [], hasMore: false }, asOf, user.id)
    this.#reply(connection, { type: 'room.joined', ref, ...snapshot })
    membership.release(asOf)
    if (kept) this.#addOtherConnections(connection, room)
  }

  /** Why the connection may not create another code room (its user's or its address's cap), if it may not. */
  #roomCap(connection: ChatConnection, userId: string): string | undefined {
    const perUser = this.#options.maxRoomsPerUser ?? ABUSE_DEFAULTS.maxRoomsPerUser
    let byUser = 0
    for (const room of this.#rooms.values()) if (room.createdBy === userId) byUser++
    if (byUser >= perUser) return `You already have ${perUser} rooms; leave or delete one before creating another`
    const perAddress = this.#options.maxRoomsPerAddress ?? ABUSE_DEFAULTS.maxRoomsPerAddress
    let byAddress = 0
    for (const address of this.#roomAddresses.values()) if (address === connection.address) byAddress++
    if (byAddress >= perAddress) return `Your network already has ${perAddress} rooms; leave one before creating another`
    return undefined
  }

  /** Stores and makes a room, under a fresh code when `id` is undefined; undefined when `id` is taken. */
  async #createRoom(options: Omit<NewRoomOptions, 'id' | 'name'> & { id: string | undefined; name: string | undefined }) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = options.id ?? generateRoomCode((code) => this.#rooms.isTaken(code))
      const room = await stored(
        this.#rooms.create({ ...options, id, name: options.name ?? `Room ${id.toUpperCase()}` }),
      )
      if (room !== undefined) {
        this.#events.emit('room.created', room.info())
        return room
      }
      if (options.id !== undefined) return undefined
    }
    return undefined
  }

  async #join(connection: ChatConnection, frame: RoomJoin): Promise<void> {
    const ref = frame.id
    const id = normalizeRoomId(frame.room)
    const room = await this.#liveRoom(id)
    const refusal = room === undefined ? notFound(id) : await this.#mayEnter(connection, room, 'join', frame.invite)
    if (room === undefined || refusal !== undefined) {
      this.#fail(connection, ref, refusal?.code ?? ErrorCodes.ROOM_NOT_FOUND, refusal?.message ?? `No room "${id}"`)
      return
    }
    const snapshot = await this.#enterWithSnapshot(connection, room, ref)
    if (snapshot === undefined) return
    this.#reply(connection, { type: 'room.joined', ref, ...snapshot.value })
    snapshot.release()
  }

  /**
   * Enters the connection into the room and reads what it needs to see there, holding the room's events meanwhile.
   * Undefined when the connection left (or went) before the read finished; with a `ref`, the connection is told.
   * The caller sends the snapshot, then calls `release`.
   */
  async #enterWithSnapshot(
    connection: ChatConnection,
    room: Room,
    ref: string | undefined,
  ): Promise<{ value: RoomSnapshot; release: () => void } | undefined> {
    const entered = this.#enter(connection, room)
    const { membership, isNew, stored: memberStored, watched } = entered
    let asOf = entered.asOf
    let page: EventPage
    try {
      if (watched !== undefined) {
        // Several nodes: history is read once this node receives the room's new frames, so none falls between.
        await stored(watched)
        asOf = Math.max(asOf, room.lastSeq)
      }
      ;[page] = await Promise.all([stored(this.#store.log.latest(room.id, this.#options.joinHistory)), memberStored])
    } catch (error) {
      if (isNew) this.#leave(connection, membership, 'left')
      else membership.release(asOf)
      throw error
    }
    if (connection.state === 'gone') return undefined
    if (connection.rooms.get(room.id) !== membership) {
      if (ref !== undefined) this.#fail(connection, ref, ErrorCodes.NOT_A_MEMBER, 'The room was left before the join completed')
      return undefined
    }
    const { snapshot, covered } = await this.#snapshot(room, page, asOf, connection.user?.id)
    if (connection.rooms.get(room.id) !== membership) return undefined
    return { value: snapshot, release: () => membership.release(covered) }
  }

  /**
   * Why the connection may not enter the room, or undefined when it may. A private room lets in its members and
   * holders of a live invite (which makes them members); to anyone else it answers as a room that does not exist.
   */
  async #mayEnter(
    connection: ChatConnection,
    room: Room,
    via: 'join' | 'resume',
    invite?: string,
  ): Promise<{ code: ErrorCode; message: string } | undefined> {
    const user = connection.user
    if (user === undefined) return notFound(room.id)
    if (connection.rooms.has(room.id)) return undefined
    if (this.#fanout.watch !== undefined) await this.#refreshSettings(room)
    const banned = isBanned(room.settings, user.id, this.#guestAddress(connection))
    if (room.isPrivate) {
      if (banned) return notFound(room.id)
      // Its owner and moderators may always come back, even after leaving it.
      const member =
        roleOf(room.settings, user.id, false) !== 'member' || (await stored(this.#store.memberships.list(room.id))).includes(user.id)
      if (!member) {
        const found = invite === undefined || via !== 'join' ? undefined : inviteFor(room.settings, invite, Date.now())
        if (found === undefined || !(await this.#useInvite(room, found, memberOf(user)))) return notFound(room.id)
      }
    } else if (banned) {
      return { code: ErrorCodes.FORBIDDEN, message: `You are banned from room "${room.id}"` }
    }
    const hookRefusal = await this.#joinHooks.check({ room: room.info(), user: memberOf(user), via })
    if (hookRefusal !== undefined) return { code: ErrorCodes.FORBIDDEN, message: hookRefusal }
    return undefined
  }

  /** A guest's address, by which a ban also keeps out the same person under a new guest name; undefined for accounts. */
  #guestAddress(connection: ChatConnection): string | undefined {
    return connection.user?.account === true || connection.principal.kind === 'user' ? undefined : connection.address
  }

  #leaveCommand(connection: ChatConnection, ref: string, requested: string): void {
    const id = normalizeRoomId(requested)
    const membership = this.#membership(connection, ref, id)
    if (membership === undefined) return
    const user = connection.user
    this.#leave(connection, membership, 'left')
    // Leaving on purpose ends the membership too, once none of the user's other connections is still in the room.
    if (user !== undefined && this.#rooms.get(id)?.members.has(user.id) !== true) {
      this.#store.memberships.remove(id, user.id).catch((error: unknown) => {
        this.#log.error({ err: error, room: id }, 'lanchat could not forget a membership')
      })
    }
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
    if (isMuted(room.settings, user.id)) {
      this.#fail(connection, frame.id, ErrorCodes.FORBIDDEN, 'You are muted in this room; a moderator can unmute you')
      return
    }
    if (room.settings.direct !== undefined) await this.#bringBackDirect(room)
    const result = await this.#publish(
      room,
      { room: room.id, kind: 'user', from: { id: user.id, name: user.name }, text: frame.text, clientMsgId: frame.clientMsgId },
      true,
    )
    if (result.outcome === 'rejected') {
      this.#fail(connection, frame.id, result.code, result.reason)
      return
    }
    if (result.outcome === 'gone') {
      this.#fail(connection, frame.id, ErrorCodes.ROOM_NOT_FOUND, `No room "${room.id}"`)
      return
    }
    if (result.outcome === 'conflict') {
      this.#fail(
        connection,
        frame.id,
        ErrorCodes.CONFLICT,
        `clientMsgId "${frame.clientMsgId}" was already used for another message (seq ${result.message.seq}); send this one with a new id`,
      )
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
    const page = await stored(
      frame.before === undefined
        ? this.#store.log.latest(membership.roomId, limit)
        : this.#store.log.before(membership.roomId, frame.before, limit),
    )
    this.#reply(connection, {
      type: 'history.result',
      ref: frame.id,
      room: membership.roomId,
      messages: messagesOf(page.events),
      hasMore: page.hasMore,
    })
  }

  async #profileUpdate(connection: ChatConnection, ref: string, requested: string): Promise<void> {
    const user = connection.user
    if (user === undefined) return
    const checked = checkDisplayName(requested)
    if (!checked.ok) {
      this.#fail(connection, ref, ErrorCodes.BAD_REQUEST, checked.reason)
      return
    }
    const name = checked.name
    const refusal = await this.#checkName(user.id, name)
    if (refusal !== undefined) {
      this.#fail(connection, ref, ErrorCodes.BAD_REQUEST, refusal)
      return
    }
    await this.#rename(user, name)
    this.#reply(connection, { type: 'profile.updated', ref, user: memberOf(user, name) })
  }

  // ---- Membership ----

  /** Adds the connection to the room (synchronously) and holds its room events until the reply is out. */
  #enter(connection: ChatConnection, room: Room): Entered {
    const existing = connection.rooms.get(room.id)
    if (existing !== undefined) {
      existing.hold()
      return { membership: existing, asOf: room.lastSeq, isNew: false, stored: Promise.resolve(), watched: undefined }
    }
    const membership = new Membership(connection, room.id, this.#options.maxBufferedBytes)
    connection.rooms.set(room.id, membership)
    room.cancelDeletion()
    membership.hold()
    const asOf = room.lastSeq
    const watched = this.#fanout.watch?.(room.id)
    // Awaited by the caller; marked handled here so a failure the caller no longer waits for is not unhandled.
    watched?.catch(() => undefined)
    const user = connection.user
    let memberStored = Promise.resolve()
    if (connection.session !== undefined) this.#sessions.markUsed(connection.session)
    if (room.add(membership) && user !== undefined) {
      memberStored = stored(this.#store.memberships.add(room.id, user.id, Date.now()))
      // Awaited by the caller; marked handled here so a failure the caller no longer waits for is not unhandled.
      memberStored.catch(() => undefined)
      const member = memberOf(user)
      if (this.#backFromAway(connection, room, member)) return { membership, asOf, isNew: true, stored: memberStored, watched }
      room.broadcast(encode({ type: 'member.joined', room: room.id, member, ts: Date.now() }), {
        exceptConnection: connection.id,
      })
      this.#events.emit('member.joined', { room: room.id, member })
    }
    return { membership, asOf, isNew: true, stored: memberStored, watched }
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
    if (room.isEmpty) this.#fanout.unwatch?.(room.id)
    if (!running) {
      // This node is shutting down; with several nodes, the members on the others still hear who left.
      if (last && this.#state === 'closing' && this.#fanout.watch !== undefined) {
        room.broadcast(encode({ type: 'member.left', room: room.id, member: memberOf(user), reason: 'disconnected', ts: Date.now() }))
      }
      return
    }
    if (last) {
      const member = memberOf(user)
      if (reason === 'disconnected' && this.#presenceGrace.enabled) this.#goAway(room, member)
      else this.#broadcastLeft(room, member, reason)
    }
    if (room.isEmpty && room.retention === 'until-empty') {
      if (reason === 'left') this.#deleteRoom(room)
      else this.#scheduleEmptyRoomDeletion(room)
    }
  }

  #broadcastLeft(room: Room, member: Member, reason: LeaveReason): void {
    room.broadcast(encode({ type: 'member.left', room: room.id, member, reason, ts: Date.now() }))
    this.#events.emit('member.left', { room: room.id, member, reason })
  }

  /** The member's last connection dropped: they are `away` for `presenceGraceMs`, then they leave. */
  #goAway(room: Room, member: Member): void {
    room.broadcast(encode({ type: 'presence.changed', room: room.id, member, status: 'away', ts: Date.now() }))
    this.#presenceGrace.hold(room.id, member, (away) => {
      if (this.#state !== 'running' || this.#rooms.get(room.id) !== room) return
      this.#broadcastLeft(room, away, 'disconnected')
    })
  }

  /** True when the member was away in the room: the others hear `presence.changed online` instead of a join. */
  #backFromAway(connection: ChatConnection, room: Room, member: Member): boolean {
    const away = this.#presenceGrace.resume(room.id, member.id)
    if (away === undefined) return false
    const except = { exceptConnection: connection.id }
    if (away.name !== member.name) {
      room.broadcast(encode({ type: 'member.updated', room: room.id, member, previousName: away.name }), except)
    }
    room.broadcast(encode({ type: 'presence.changed', room: room.id, member, status: 'online', ts: Date.now() }), except)
    return true
  }

  /** This node's members of a room: the connected ones, then those away. */
  #presence(id: string): RoomMember[] {
    const connected: RoomMember[] = this.#rooms.get(id)?.memberList() ?? []
    const away = this.#presenceGrace.awayIn(id).map((member): RoomMember => ({ ...member, status: 'away' }))
    return connected.concat(away)
  }

  /** An empty room kept until empty waits `emptyRoomGraceMs` for a member to come back, then goes with its log. */
  #scheduleEmptyRoomDeletion(room: Room): void {
    if (!room.isEmpty || room.retention !== 'until-empty') return
    if (this.#options.emptyRoomGraceMs === 0) this.#deleteRoom(room)
    else room.scheduleDeletion(this.#options.emptyRoomGraceMs, () => this.#deleteRoom(room))
  }

  #deleteRoom(room: Room): void {
    const othersPresent = this.#fanout.othersPresent
    if (othersPresent === undefined) {
      this.#deleteRoomNow(room)
      return
    }
    // Several nodes: the room is empty here, but it is deleted only if it is empty everywhere. Otherwise this node
    // just forgets it (it is found in the store again when someone joins it here).
    othersPresent.call(this.#fanout, room.id).then(
      (present) => {
        if (this.#state !== 'running' || !room.isEmpty || this.#rooms.get(room.id) !== room) return
        if (present) this.#rooms.forget(room)
        else this.#deleteRoomNow(room)
      },
      (error: unknown) => this.#log.error({ err: error, room: room.id }, 'lanchat could not ask the other nodes about a room'),
    )
  }

  /**
   * The room to join or resume. With an adapter of several nodes, a room this node does not have is looked up in
   * the store (another node made it), and a room this node has no members in is checked against the store (another
   * node may have deleted it, or deleted and made it again).
   */
  async #liveRoom(id: string): Promise<Room | undefined> {
    const room = this.#rooms.get(id)
    if (this.#fanout.watch === undefined || (room !== undefined && !room.isEmpty)) return room
    if (room !== undefined) {
      const found = await stored(this.#store.rooms.get(id))
      if (found !== undefined && found.epoch === room.epoch) return room
      if (this.#rooms.get(id) === room && room.isEmpty) this.#rooms.forget(room)
    }
    return stored(this.#rooms.find(id))
  }

  #deleteRoomNow(room: Room): void {
    this.#roomAddresses.delete(room.id)
    for (const member of this.#presenceGrace.dropRoom(room.id)) {
      this.#events.emit('member.left', { room: room.id, member, reason: 'disconnected' })
    }
    const info = room.info()
    this.#rooms.delete(room).catch((error: unknown) => {
      this.#log.error({ err: error, room: room.id }, 'lanchat could not delete a room from the store')
    })
    this.#events.emit('room.deleted', info)
  }

  /** The connection's membership of a room, or an error reply saying why there is none. */
  #membership(connection: ChatConnection, ref: string, id: string): Membership | undefined {
    const membership = connection.rooms.get(id)
    if (membership !== undefined) return membership
    // A private room is not there for those outside it: the same answer as for a room that does not exist.
    const room = this.#rooms.get(id)
    if (room === undefined || room.isPrivate) this.#fail(connection, ref, ErrorCodes.ROOM_NOT_FOUND, `No room "${id}"`)
    else this.#fail(connection, ref, ErrorCodes.NOT_A_MEMBER, `Join room "${id}" first`)
    return undefined
  }

  /** Renames a user (stored first) and tells every room one of their connections is in. */
  async #rename(user: ChatUser, name: string): Promise<void> {
    const previousName = user.name
    if (previousName === name) return
    await stored(this.#sessions.rename(user, name))
    const roomIds = new Set<string>()
    for (const connection of this.#connections) {
      if (connection.user === user) for (const id of connection.rooms.keys()) roomIds.add(id)
    }
    const member = memberOf(user, name)
    for (const room of this.#rooms.values()) {
      if (room.directMembers?.some((person) => person.id === user.id) === true) {
        room.directMembers = room.directMembers.map((person) => (person.id === user.id ? member : person))
      }
    }
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
    // Two steps. In the room's queue, one message at a time: hooks, then the append is handed to the store (which
    // gives seqs in call order). The queue moves on without waiting for the commit, so a store that commits in
    // groups stores several of the room's messages in one go; fan-out follows each commit in the same order.
    const handedOn = room.run(async (): Promise<{ result: Promise<PublishResult> }> => {
      if (room.deleted) return { result: Promise.resolve({ outcome: 'gone' }) }
      const draft: MessageDraft = Object.freeze({ ...base, from: Object.freeze({ ...base.from }), ts: Date.now() })
      if (runHooks) {
        const verdict = await this.#hooks.check(draft)
        if (verdict.outcome !== 'accepted') return { result: Promise.resolve({ outcome: 'rejected', ...hookRefusal(verdict) }) }
      }
      const appended = stored(this.#store.log.append({ type: 'message.created', message: draft }))
      // Awaited below, in fan-out order; marked handled now so a failure met before then is not reported as unhandled.
      appended.catch(() => undefined)
      return { result: room.inOrder(async () => this.#fanOutAppended(room, draft, await appended)) }
    })
    return handedOn.then(({ result }) => result)
  }

  /** What a stored (or already stored) message becomes: its fan-out, a duplicate, or a conflict. */
  #fanOutAppended(room: Room, draft: MessageDraft, { event, duplicate }: AppendResult): PublishResult {
    const { message } = event
    // The same key with other content: the stored message stands, and the sender is told.
    if (duplicate && (message.text !== draft.text || message.kind !== draft.kind)) return { outcome: 'conflict', message }
    // A deleted room's log is deleted after this append (its deletion is queued behind it): no fan-out.
    if (room.deleted) return { outcome: 'stored', message, duplicate }
    if (duplicate) {
      // Stored earlier by a node that died before it published it: fanned out now (receivers drop seqs they have).
      if (message.seq > room.lastSeq) {
        room.lastSeq = message.seq
        room.broadcast(encode({ type: 'message.created', message }), { seq: message.seq })
      }
      return { outcome: 'stored', message, duplicate }
    }
    if (message.seq > room.lastSeq) room.lastSeq = message.seq
    if (message.kind === 'user') room.typing.stop(message.from.id)
    room.broadcast(encode({ type: 'message.created', message }), { seq: message.seq })
    this.#events.emit('message', message)
    return { outcome: 'stored', message, duplicate }
  }

  async #snapshot(
    room: Room,
    page: EventPage,
    asOf: number,
    userId: string | undefined,
  ): Promise<{ snapshot: RoomSnapshot; covered: number }> {
    const covered = Math.max(page.events.at(-1)?.seq ?? 0, asOf)
    const members = await this.#fanout.presence(room.id)
    const snapshot: RoomSnapshot = { room: room.info(covered), members, messages: messagesOf(page.events), hasMore: page.hasMore }
    const notify = userId === undefined ? undefined : this.#notifyLevels.get(userId)?.get(room.id)
    if (notify !== undefined) snapshot.notify = notify
    return { snapshot, covered }
  }

  // ---- Private rooms, direct conversations and management ----

  /** A direct conversation's people with their names, read once when the room goes live here. */
  async #withDirectMembers(room: Room): Promise<void> {
    const ids = room.settings.direct
    if (ids === undefined || room.directMembers !== undefined) return
    const members: Member[] = []
    for (const id of ids) {
      const live = this.#sessions.liveUser(id)
      const known = live === undefined ? await stored(this.#store.users.get(id)) : undefined
      members.push(live !== undefined ? memberOf(live) : { id, name: known?.name ?? 'Someone' })
    }
    room.directMembers = members
  }

  /** Several nodes: another node may have changed the room's settings; its join checks read them from the store. */
  async #refreshSettings(room: Room): Promise<void> {
    const found = await stored(this.#store.rooms.get(room.id))
    if (found !== undefined && found.epoch === room.epoch) {
      room.settings = found.settings
      room.name = found.name
    }
  }

  /**
   * Changes a room's settings (and name or retention) in the store, then live. One change of a room at a time on
   * this node: `change` gets the settings as they are when its turn comes and returns the new ones, or undefined to
   * change nothing (then it resolves false).
   */
  #changeRoom(
    room: Room,
    change: (settings: RoomSettings) => RoomSettings | undefined,
    extra: { name?: string; retention?: 'forever' } = {},
  ): Promise<boolean> {
    return room.exclusive(async () => {
      const settings = change(room.settings)
      if (settings === undefined) return false
      const updated = await stored(this.#store.rooms.update(room.id, { ...extra, settings }))
      if (updated === undefined) throw new Error(`room ${room.id} is not in the store`)
      room.settings = updated.settings
      room.name = updated.name
      if (extra.retention !== undefined) room.retention = extra.retention
      return true
    })
  }

  /** Records a change in the room's log as a `system` message from whoever made it: members see it, resumes replay it. */
  async #publishChange(room: Room, actor: Member, change: RoomChange): Promise<void> {
    const result = await this.#publish(
      room,
      {
        room: room.id,
        kind: 'system',
        from: actor,
        text: roomChangeText(actor.name, change),
        clientMsgId: `evt-${randomUUID()}`,
        event: change,
      },
      false,
    )
    if (result.outcome !== 'stored') this.#log.warn({ room: room.id, change: change.type }, 'lanchat could not record a room change')
  }

  /** Counts a use of an invite and makes its holder a member, recorded as `member.added`. */
  async #useInvite(room: Room, invite: StoredInvite, member: Member): Promise<boolean> {
    const now = Date.now()
    // Counted in turn, so of two people using a last invite at once only one gets in.
    const used = await this.#changeRoom(room, (settings) =>
      liveInvites(settings, now).some((live) => live.id === invite.id) ? withInviteUsed(settings, invite.id, now) : undefined,
    )
    if (!used) return false
    await stored(this.#store.memberships.add(room.id, member.id, now))
    void this.#publishChange(room, member, { type: 'member.added', member })
    return true
  }

  /** Sends `room.added` to one connection: it enters the room as on a join, though it did not ask. */
  async #sendAdded(connection: ChatConnection, room: Room): Promise<void> {
    try {
      const snapshot = await this.#enterWithSnapshot(connection, room, undefined)
      if (snapshot === undefined) return
      this.#reply(connection, { type: 'room.added', ...snapshot.value })
      snapshot.release()
    } catch (error) {
      connection.log.error({ err: error, connectionId: connection.id, room: room.id }, 'lanchat could not add a connection to a room')
    }
  }

  /** The ready connections of a user on this node. */
  #connectionsOf(userId: string): ChatConnection[] {
    const found: ChatConnection[] = []
    for (const connection of this.#connections) if (connection.state === 'ready' && connection.user?.id === userId) found.push(connection)
    return found
  }

  /** The user's other connections (their other devices and tabs) follow them into a room. */
  #addOtherConnections(connection: ChatConnection, room: Room): void {
    const user = connection.user
    if (user === undefined) return
    for (const other of this.#connectionsOf(user.id)) {
      if (other !== connection && !other.rooms.has(room.id)) void this.#sendAdded(other, room)
    }
  }

  /** Makes a user a member of a room (stored) and brings in their connected devices. */
  async #addUser(room: Room, userId: string, except?: ChatConnection): Promise<void> {
    await stored(this.#store.memberships.add(room.id, userId, Date.now()))
    for (const connection of this.#connectionsOf(userId)) {
      if (connection !== except && !connection.rooms.has(room.id)) void this.#sendAdded(connection, room)
    }
  }

  /** Ends a user's membership and puts their connections out with `room.removed`; the others see them leave. */
  async #removeUser(room: Room, userId: string, reason: 'removed' | 'banned', by: Member): Promise<void> {
    await stored(this.#store.memberships.remove(room.id, userId))
    this.#evict(room, userId, reason, by)
  }

  /**
   * Several nodes: a change another node made to a room this node has members in. The settings are read again (so
   * mutes and roles hold here), and a member put out there is put out of this node's connections too.
   */
  #applyRemoteChange(room: Room, data: string): void {
    this.#refreshSettings(room).catch((error: unknown) => this.#log.error({ err: error, room: room.id }, 'lanchat could not reread a room'))
    const { message } = JSON.parse(data) as { message: ChatMessage }
    const change = message.event
    if (change?.type === 'member.removed' || change?.type === 'member.banned') {
      this.#evict(room, change.member.id, change.type === 'member.banned' ? 'banned' : 'removed', message.from)
    }
  }

  /** Puts a user's connections on this node out of a room, each told with `room.removed`. */
  #evict(room: Room, userId: string, reason: 'removed' | 'banned', by: Member): void {
    for (const connection of this.#connectionsOf(userId)) {
      const membership = connection.rooms.get(room.id)
      if (membership === undefined) continue
      this.#reply(connection, { type: 'room.removed', room: room.id, reason, by })
      this.#leave(connection, membership, 'left')
    }
  }

  /** Someone writes in a direct conversation: whoever had closed it gets it back. */
  async #bringBackDirect(room: Room): Promise<void> {
    const ids = room.settings.direct ?? []
    if (ids.every((id) => room.members.has(id))) return
    const members = new Set(await stored(this.#store.memberships.list(room.id)))
    for (const id of ids) if (!members.has(id)) await this.#addUser(room, id)
  }

  async #isAdmin(userId: string): Promise<boolean> {
    return this.#options.isAdmin === undefined ? false : stored(this.#options.isAdmin(userId))
  }

  /** Opens (making it the first time) the direct conversation of the connection's user and the people named. */
  async #openDirect(connection: ChatConnection, frame: DmOpen): Promise<void> {
    const user = connection.user
    if (user === undefined) return
    const others = frame.with.filter((id) => id !== user.id)
    if (others.length === 0) {
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, 'Name at least one other person to write to')
      return
    }
    const people: Member[] = [memberOf(user)]
    for (const id of others) {
      const live = this.#sessions.liveUser(id)
      const known = live === undefined ? await stored(this.#store.users.get(id)) : undefined
      if (live === undefined && known === undefined) {
        this.#fail(connection, frame.id, ErrorCodes.USER_NOT_FOUND, 'Nobody with that id is known on this server')
        return
      }
      const account = live?.account ?? (await stored(this.#store.accounts.get(id))) !== undefined
      people.push(live !== undefined ? memberOf(live) : account ? { id, name: known?.name ?? id, account: true } : { id, name: known?.name ?? id })
    }
    const refusal = this.#directPolicy(people)
    if (refusal !== undefined) {
      this.#fail(connection, frame.id, ErrorCodes.FORBIDDEN, refusal)
      return
    }
    const ids = people.map((person) => person.id).sort()
    const id = directRoomId(ids)
    let room = await this.#liveRoom(id)
    if (room === undefined) {
      const name = people.map((person) => person.name).join(', ').slice(0, LIMITS.maxRoomNameLength)
      room = await this.#createRoom({ id, name, kind: 'named', retention: 'forever', createdBy: undefined, settings: { access: 'private', direct: ids } })
      room ??= await this.#liveRoom(id)
      if (room === undefined) throw new Error(`direct conversation ${id} could not be made`)
    }
    await this.#withDirectMembers(room)
    const members = new Set(await stored(this.#store.memberships.list(room.id)))
    for (const person of ids) if (!members.has(person)) await stored(this.#store.memberships.add(room.id, person, Date.now()))
    const snapshot = await this.#enterWithSnapshot(connection, room, frame.id)
    if (snapshot === undefined) return
    this.#reply(connection, { type: 'room.joined', ref: frame.id, ...snapshot.value })
    snapshot.release()
    for (const person of ids) {
      for (const other of this.#connectionsOf(person)) {
        if (other !== connection && !other.rooms.has(room.id)) void this.#sendAdded(other, room)
      }
    }
  }

  /** Why the guest policy keeps these people from a direct conversation, if it does. */
  #directPolicy(people: readonly Member[]): string | undefined {
    const guests = people.filter((person) => person.account !== true).length
    if (guests === 0) return undefined
    switch (this.#guests.directMessages) {
      case 'anyone':
        return undefined
      case 'none':
        return 'Guests cannot have direct conversations on this server; everyone in one must sign in to an account'
      case 'accounts':
        return guests === people.length ? 'Guests can write only to people with an account on this server' : undefined
    }
  }

  /**
   * The room the connection is in, with its role there, when the role allows the action; otherwise the connection is
   * told why (a private room it is not in does not exist for it).
   */
  async #managed(
    connection: ChatConnection,
    ref: string,
    roomId: string,
    action: RoomAction,
  ): Promise<{ room: Room; actor: Member; role: ReturnType<typeof roleOf> } | undefined> {
    const user = connection.user
    const membership = this.#membership(connection, ref, normalizeRoomId(roomId))
    const room = membership && this.#rooms.get(membership.roomId)
    if (room === undefined || user === undefined) return undefined
    const role = roleOf(room.settings, user.id, await this.#isAdmin(user.id))
    if (room.settings.direct !== undefined) {
      this.#fail(connection, ref, ErrorCodes.FORBIDDEN, 'A direct conversation has no one to run it: it cannot be changed')
      return undefined
    }
    if (!allows(role, action)) {
      const needed = neededRole(action) === 'owner' ? 'the owner' : 'a moderator'
      this.#fail(connection, ref, ErrorCodes.FORBIDDEN, `Only ${needed} of the room can do that`)
      return undefined
    }
    return { room, actor: memberOf(user), role }
  }

  async #updateRoom(connection: ChatConnection, frame: RoomUpdate): Promise<void> {
    // The most demanding change asked for decides who may make the update (access and keeping: the owner).
    const action: RoomAction = frame.access !== undefined ? 'access' : frame.kept === true ? 'keep' : frame.name !== undefined ? 'rename' : 'topic'
    const managed = await this.#managed(connection, frame.id, frame.room, action)
    if (managed === undefined) return
    const { room, actor } = managed
    if (room.kind === 'lobby' && (frame.access !== undefined || frame.kept === true)) {
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, 'The lobby is open to everyone and always kept')
      return
    }
    if (frame.access !== undefined && room.kind === 'code' && room.settings.kept !== true && frame.kept !== true) {
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, 'Keep the code room first: only kept rooms can be public or private')
      return
    }
    if (frame.kept === true && room.kind !== 'code') {
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, 'Only code rooms can be kept; this room is kept already')
      return
    }
    const changes: RoomChange[] = []
    if (frame.kept === true && room.settings.kept !== true) {
      await this.#changeRoom(room, (settings) => ({ ...settings, kept: true }), { retention: 'forever' })
      room.cancelDeletion()
      changes.push({ type: 'room.kept' })
    }
    const name = frame.name?.trim()
    if (name !== undefined && name !== '' && name !== room.name) {
      await this.#changeRoom(room, (settings) => settings, { name })
      changes.push({ type: 'room.renamed', name })
    }
    if (frame.topic !== undefined && frame.topic.trim() !== (room.settings.topic ?? '')) {
      const topic = frame.topic.trim()
      await this.#changeRoom(room, (settings) => ({ ...settings, topic }))
      changes.push({ type: 'room.topic', topic })
    }
    const access = frame.access
    if (access !== undefined && access !== room.settings.access) {
      await this.#changeRoom(room, (settings) => ({ ...settings, access }))
      changes.push({ type: 'room.access', access })
    }
    for (const change of changes) await this.#publishChange(room, actor, change)
    this.#reply(connection, { type: 'room.updated', ref: frame.id, room: room.info(), ...this.#notifyOf(actor.id, room.id) })
  }

  #notifyOf(userId: string, roomId: string): { notify?: NotifyLevel } {
    const level = this.#notifyLevels.get(userId)?.get(roomId)
    return level === undefined ? {} : { notify: level }
  }

  /** The person a `member.update` names: by id, or by an account's name, or by the name of one connected person. */
  async #target(frame: MemberUpdate): Promise<Member | string> {
    if (frame.user !== undefined) {
      const live = this.#sessions.liveUser(frame.user)
      if (live !== undefined) return memberOf(live)
      const known = await stored(this.#store.users.get(frame.user))
      if (known === undefined) return 'Nobody with that id is known on this server'
      const account = (await stored(this.#store.accounts.get(frame.user))) !== undefined
      return account ? { id: known.id, name: known.name, account: true } : { id: known.id, name: known.name }
    }
    if (frame.name === undefined) return 'Name the person by `user` or `name`'
    const key = nameKey(frame.name)
    const account = await stored(this.#store.accounts.byNameKey(key))
    if (account !== undefined) return { id: account.userId, name: account.name, account: true }
    const live = this.#sessions.liveUsersNamed(key, nameKey)
    if (live.length === 1 && live[0] !== undefined) return memberOf(live[0])
    if (live.length > 1) return `${live.length} people connected now go by "${frame.name}"; pick one from the member list`
    return `Nobody called "${frame.name}" has an account or is connected now`
  }

  async #updateMember(connection: ChatConnection, frame: MemberUpdate): Promise<void> {
    const managed = await this.#managed(connection, frame.id, frame.room, frame.action)
    if (managed === undefined) return
    const { room, actor, role } = managed
    const target = await this.#target(frame)
    if (typeof target === 'string') {
      this.#fail(connection, frame.id, ErrorCodes.USER_NOT_FOUND, target)
      return
    }
    const isAdmin = await this.#isAdmin(target.id)
    const targetRole = roleOf(room.settings, target.id, isAdmin)
    if (target.id === actor.id && frame.action !== 'invite') {
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, 'You cannot do that to yourself; leave the room instead')
      return
    }
    if (frame.action !== 'invite' && frame.action !== 'unban' && !outranks(role, targetRole)) {
      this.#fail(connection, frame.id, ErrorCodes.FORBIDDEN, `${target.name} is ${targetRole === 'owner' ? 'the owner' : 'a moderator'} of the room: only the owner can do that`)
      return
    }
    const now = Date.now()
    const action = frame.action
    switch (action) {
      case 'invite':
        if (isBanned(room.settings, target.id, undefined)) {
          this.#fail(connection, frame.id, ErrorCodes.FORBIDDEN, `${target.name} is banned from the room; lift the ban first`)
          return
        }
        await this.#addUser(room, target.id)
        await this.#publishChange(room, actor, { type: 'member.added', member: target })
        break
      case 'remove':
        await this.#changeRoom(room, (settings) => settingsAfter(settings, 'remove', target.id))
        await this.#removeUser(room, target.id, 'removed', actor)
        await this.#publishChange(room, actor, { type: 'member.removed', member: target })
        break
      case 'ban': {
        const address = target.account === true ? undefined : this.#connectionsOf(target.id).map((c) => this.#guestAddress(c)).find((a) => a !== undefined)
        const ban = { userId: target.id, address, by: actor.id, at: now }
        await this.#changeRoom(room, (settings) => settingsAfter(settings, 'ban', target.id, ban))
        await this.#removeUser(room, target.id, 'banned', actor)
        await this.#publishChange(room, actor, { type: 'member.banned', member: target })
        break
      }
      case 'unban':
        await this.#changeRoom(room, (settings) => settingsAfter(settings, 'unban', target.id))
        await this.#publishChange(room, actor, { type: 'member.unbanned', member: target })
        break
      case 'mute':
      case 'unmute':
        await this.#changeRoom(room, (settings) => settingsAfter(settings, action, target.id))
        await this.#publishChange(room, actor, { type: action === 'mute' ? 'member.muted' : 'member.unmuted', member: target })
        break
      case 'moderator':
      case 'member':
      case 'owner': {
        const members = await stored(this.#store.memberships.list(room.id))
        if (!members.includes(target.id)) {
          this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, `${target.name} is not a member of the room; invite them first`)
          return
        }
        await this.#changeRoom(room, (settings) => settingsAfter(settings, action, target.id))
        await this.#publishChange(room, actor, { type: 'member.role', member: target, role: action })
        break
      }
    }
    this.#reply(connection, { type: 'room.updated', ref: frame.id, room: room.info(), ...this.#notifyOf(actor.id, room.id) })
  }

  async #deleteRoomCommand(connection: ChatConnection, ref: string, roomId: string): Promise<void> {
    const managed = await this.#managed(connection, ref, roomId, 'delete')
    if (managed === undefined) return
    const { room, actor } = managed
    if (room.kind === 'lobby') {
      this.#fail(connection, ref, ErrorCodes.BAD_REQUEST, 'The lobby cannot be deleted')
      return
    }
    // This node's connections in the room hear it and are put out of it, the room goes, and then the other nodes
    // hear it (each drops its connections and lets the room go): by then nothing here can deliver it twice.
    const removed = encode({ type: 'room.removed', room: room.id, reason: 'deleted', by: actor })
    for (const memberships of room.members.values()) {
      for (const membership of memberships) if (membership.connection !== connection) membership.connection.peer.send(removed)
    }
    this.#reply(connection, { type: 'room.left', ref, room: room.id })
    this.#dropConnections(room)
    this.#deleteRoomNow(room)
    if (this.#fanout.watch !== undefined) room.broadcast(removed)
  }

  /** Puts every connection on this node out of a room without a word to anyone (they were told). */
  #dropConnections(room: Room): void {
    for (const memberships of [...room.members.values()]) {
      for (const membership of [...memberships]) {
        ;(membership.connection as ChatConnection).rooms.delete(room.id)
        membership.dispose()
        room.remove(membership)
      }
    }
    this.#fanout.unwatch?.(room.id)
  }

  /** Another node deleted the room: this node lets go of it (the store's copy is gone already or going). */
  #forgetDeleted(room: Room): void {
    this.#dropConnections(room)
    this.#rooms.forget(room)
  }

  async #createInvite(connection: ChatConnection, frame: InviteCreate): Promise<void> {
    const managed = await this.#managed(connection, frame.id, frame.room, 'invites')
    if (managed === undefined) return
    const { room, actor } = managed
    if (!room.isPrivate) {
      this.#fail(connection, frame.id, ErrorCodes.BAD_REQUEST, 'Only private rooms have invite links: anyone can join this one by its code')
      return
    }
    const now = Date.now()
    const live = liveInvites(room.settings, now)
    if (live.length >= LIMITS.maxInvites) {
      this.#fail(connection, frame.id, ErrorCodes.RATE_LIMITED, `The room has ${LIMITS.maxInvites} live invites; revoke one first`)
      return
    }
    const { token, invite } = newInvite(actor, now, frame.expiresInMs, frame.maxUses)
    await this.#changeRoom(room, (settings) => ({ ...settings, invites: [...liveInvites(settings, now), invite] }))
    this.#reply(connection, { type: 'invite.created', ref: frame.id, invite: { ...inviteOnWire(room.id, invite), token } })
  }

  async #listInvites(connection: ChatConnection, ref: string, roomId: string, revoke: string | undefined): Promise<void> {
    const managed = await this.#managed(connection, ref, roomId, 'invites')
    if (managed === undefined) return
    const { room } = managed
    const now = Date.now()
    if (revoke !== undefined) {
      await this.#changeRoom(room, (settings) => ({ ...settings, invites: liveInvites(settings, now).filter((invite) => invite.id !== revoke) }))
    }
    const invites = liveInvites(room.settings, now)
    const newestFirst = [...invites].sort((a, b) => b.createdAt - a.createdAt)
    this.#reply(connection, { type: 'invite.listed', ref, room: room.id, invites: newestFirst.map((invite) => inviteOnWire(room.id, invite)) })
  }

  async #listRooms(connection: ChatConnection, frame: RoomsList): Promise<void> {
    const words = (frame.query ?? '').toLowerCase().split(/\s+/).filter((word) => word !== '')
    const found = []
    for (const room of await stored(this.#store.rooms.list())) {
      if (room.settings.access !== 'public') continue
      const haystack = `${room.id} ${room.name} ${room.settings.topic ?? ''}`.toLowerCase()
      if (!words.every((word) => haystack.includes(word))) continue
      const live = this.#rooms.get(room.id) ?? (await this.#liveRoom(room.id))
      if (live === undefined) continue
      const members = (await stored(this.#store.memberships.list(room.id))).length
      found.push({ room: live.info(), members, online: live.members.size })
    }
    found.sort((a, b) => b.online - a.online || b.members - a.members || a.room.name.localeCompare(b.room.name))
    this.#reply(connection, { type: 'rooms.listed', ref: frame.id, rooms: found.slice(0, LIMITS.maxDirectoryPage) })
  }

  async #setNotify(connection: ChatConnection, ref: string, roomId: string, level: NotifyLevel): Promise<void> {
    const user = connection.user
    const membership = this.#membership(connection, ref, normalizeRoomId(roomId))
    const room = membership && this.#rooms.get(membership.roomId)
    if (room === undefined || user === undefined) return
    await stored(this.#store.memberships.setNotify(room.id, user.id, level))
    let levels = this.#notifyLevels.get(user.id)
    if (levels === undefined) this.#notifyLevels.set(user.id, (levels = new Map()))
    levels.set(room.id, level)
    this.#reply(connection, { type: 'room.updated', ref, room: room.info(), notify: level })
    for (const other of this.#connectionsOf(user.id)) {
      if (other !== connection && other.rooms.has(room.id)) this.#reply(other, { type: 'notify.changed', room: room.id, level })
    }
  }

  // ---- Replies ----

  #reply(connection: ChatConnection, frame: ServerMessage): void {
    connection.peer.send(encode(frame))
  }

  #fail(
    connection: ChatConnection,
    ref: string | undefined,
    code: ErrorCode,
    message: string,
    extra: { retryAfterMs?: number } = {},
  ): void {
    const frame: ErrorFrame = ref === undefined ? { type: 'error', code, message } : { type: 'error', ref, code, message }
    if (extra.retryAfterMs !== undefined) frame.retryAfterMs = extra.retryAfterMs
    this.#reply(connection, frame)
  }
}

/** The refusal for a room that does not exist, or that a private room gives those outside it. */
function notFound(id: string): { code: ErrorCode; message: string } {
  return { code: ErrorCodes.ROOM_NOT_FOUND, message: `No room "${id}"` }
}

/** An invite as moderators see it: without its secret. */
function inviteOnWire(room: string, invite: StoredInvite): Invite {
  const wire: Invite = { id: invite.id, room, createdBy: invite.createdBy, createdAt: invite.createdAt, expiresAt: invite.expiresAt, uses: invite.uses }
  if (invite.maxUses !== undefined) wire.maxUses = invite.maxUses
  return wire
}
