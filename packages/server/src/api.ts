import {
  DisplayName,
  MessageText,
  normalizeRoomId,
  RoomId,
  RoomName,
  type ChatMessage,
  type Member,
  type RoomAccess,
  type RoomInfo,
} from '@lanchat/protocol'
import { Compile } from 'typebox/compile'
import type { AccountService } from './accounts/account-service.js'
import type { ChatCore } from './chat/chat-core.js'
import type { LanchatEventMap, LanchatListener } from './chat/chat-events.js'
import type { JoinHook } from './chat/join-hooks.js'
import type { MessageHook } from './chat/message-hooks.js'
import { StoreFailedError } from './chat/store-failure.js'
import { errorCodes } from './errors.js'

/** Options of {@link LanchatServer.createRoom}. */
export interface CreateRoomOptions {
  /** The room's id (any case; stored lower case). Default: a generated code. */
  id?: string
  /** The name members see. */
  name: string
  /**
   * `'public'`: listed in the room directory; `'private'`: only members (added with {@link LanchatServer.addMember}
   * or invited) may enter or learn it exists. Default: anyone who knows the id may join.
   */
  access?: RoomAccess
}

/** Options of {@link LanchatServer.post}. */
export interface PostOptions {
  /** The sender name shown with the message. Default `'System'`. */
  name?: string
}

/**
 * The server-side API, at `app.lanchat`: list rooms, make rooms, post as the server, and observe or veto
 * messages, without touching a socket.
 *
 * @example
 * ```ts
 * app.lanchat.onMessage((draft) => (draft.text.includes('spam') ? { reject: 'No spam, please' } : undefined))
 * app.lanchat.on('member.joined', ({ room, member }) => app.log.info({ room, user: member.id }, 'joined'))
 * await app.lanchat.post('lobby', 'Welcome! Be nice.', { name: 'Bot' })
 * ```
 */
export interface LanchatServer {
  /** Every room that exists now. */
  rooms(): RoomInfo[]
  /** One room (id in any case), or undefined. */
  room(id: string): RoomInfo | undefined
  /** The members of a room (one entry per user, however many connections they have); empty for an unknown room. */
  members(id: string): Member[]
  /**
   * Makes a `named` room, kept (with its history) until it is deleted. Rejects with `LANCHAT_ERR_ROOM_EXISTS` when
   * the id is taken (with a durable store, also by a room made in an earlier run), `LANCHAT_ERR_ROOM_INVALID` when
   * the id or name is not allowed, and `LANCHAT_ERR_STORE_FAILED` when the store cannot store it.
   */
  createRoom(options: CreateRoomOptions): Promise<RoomInfo>
  /**
   * Posts a `system` message (`from.id` is `'system'`), stored and broadcast like any other. Resolves once it is
   * stored and sent. Message hooks do not run for it. Rejects with `LANCHAT_ERR_ROOM_NOT_FOUND`,
   * `LANCHAT_ERR_MESSAGE_INVALID`, or `LANCHAT_ERR_STORE_FAILED` (nothing was stored).
   */
  post(room: string, text: string, options?: PostOptions): Promise<ChatMessage>
  /**
   * Adds a hook that sees every user message before it is stored. Return `{ reject: reason }` to refuse it: the
   * sender gets `MESSAGE_REJECTED` with the reason, and nothing is stored. A hook that throws is a server error
   * (logged; the sender gets `INTERNAL` without its text), and one that takes longer than `messageHookTimeoutMs`
   * is given up on (the sender gets `UNAVAILABLE`). Returns an unsubscribe function.
   */
  onMessage(hook: MessageHook): () => void
  /**
   * Makes a user a member of a room: of a private room, the only way in besides an invite link. Their connected
   * devices get the room at once (`room.added`); otherwise it comes with their next welcome. Members see
   * "System added …". Rejects with `LANCHAT_ERR_ROOM_NOT_FOUND` for an unknown room or user.
   *
   * @example
   * ```ts
   * const staff = await app.lanchat.createRoom({ id: 'staff', name: 'Staff', access: 'private' })
   * for (const id of staffIds) await app.lanchat.addMember(staff.id, id)
   * ```
   */
  addMember(room: string, userId: string): Promise<void>
  /** Puts a user out of a room (their devices get `room.removed`); they may come back where the room allows. */
  removeMember(room: string, userId: string): Promise<void>
  /** Puts a user out of a room and keeps them out (`FORBIDDEN` on join; a private room no longer exists for them). */
  ban(room: string, userId: string): Promise<void>
  /**
   * Adds a hook asked before anyone enters a room (a join or a resume), after lanchat's own rules let them in:
   * return `{ refuse: reason }` to keep them out. For host apps with permissions of their own. Returns an
   * unsubscribe function.
   *
   * @example
   * ```ts
   * app.lanchat.onJoin(({ room, user }) => (room.id === 'staff' && !isStaff(user.id) ? { refuse: 'Staff only' } : undefined))
   * ```
   */
  onJoin(hook: JoinHook): () => void
  /**
   * While the server has no admin account: makes a one-time setup link for the first admin and resolves with its
   * path (`/#setup=…`, to put after the web app's address and print in the console). Undefined when an admin exists
   * or accounts are off. Each call makes a new link; every link is spent once an admin exists.
   */
  accountSetupPath(): Promise<string | undefined>
  /** Observes what happened: `message`, `room.created`, `room.deleted`, `member.joined`, `member.left`. Returns an unsubscribe function. */
  on<Event extends keyof LanchatEventMap>(event: Event, listener: LanchatListener<Event>): () => void
}

const EVENTS: ReadonlySet<string> = new Set<keyof LanchatEventMap>([
  'message',
  'room.created',
  'room.deleted',
  'member.joined',
  'member.left',
])
const DEFAULT_SYSTEM_NAME = 'System'

const roomIdCheck = Compile(RoomId)
const roomNameCheck = Compile(RoomName)
const textCheck = Compile(MessageText)
const nameCheck = Compile(DisplayName)

/** Builds the `app.lanchat` object over a chat core. */
export function createLanchatApi(core: ChatCore, accounts?: AccountService): LanchatServer {
  const assertOpen = () => {
    if (!core.running) throw new errorCodes.LANCHAT_ERR_CLOSED()
  }

  return Object.freeze({
    rooms: () => core.rooms(),
    room: (id: string) => core.room(String(id)),
    members: (id: string) => core.members(String(id)),
    async accountSetupPath(): Promise<string | undefined> {
      assertOpen()
      const token = await accounts?.setupToken()
      return token === undefined ? undefined : `/#setup=${token}`
    },

    async createRoom(options: CreateRoomOptions): Promise<RoomInfo> {
      assertOpen()
      const name = typeof options?.name === 'string' ? options.name.trim() : options?.name
      if (!roomNameCheck.Check(name)) {
        throw new errorCodes.LANCHAT_ERR_ROOM_INVALID('name must be 1-64 characters without control characters')
      }
      if (options.id !== undefined && !roomIdCheck.Check(options.id)) {
        throw new errorCodes.LANCHAT_ERR_ROOM_INVALID(
          'id must be 1-32 letters, digits, "_" or "-", starting with a letter or digit',
        )
      }
      let created: RoomInfo | undefined
      try {
        if (options.access !== undefined && options.access !== 'public' && options.access !== 'private') {
          throw new errorCodes.LANCHAT_ERR_ROOM_INVALID("access must be 'public' or 'private'")
        }
        created = await core.createRoom(options.id, name, options.access)
      } catch (error) {
        if (error instanceof StoreFailedError) throw new errorCodes.LANCHAT_ERR_STORE_FAILED({ cause: error.cause })
        throw error
      }
      if (created === undefined) throw new errorCodes.LANCHAT_ERR_ROOM_EXISTS(normalizeRoomId(String(options.id)))
      return created
    },

    async post(room: string, text: string, options: PostOptions = {}): Promise<ChatMessage> {
      assertOpen()
      if (!textCheck.Check(text) || text.trim() === '') {
        throw new errorCodes.LANCHAT_ERR_MESSAGE_INVALID('text must be 1-4000 characters and not only white space')
      }
      const name = options.name?.trim() ?? DEFAULT_SYSTEM_NAME
      if (!nameCheck.Check(name)) {
        throw new errorCodes.LANCHAT_ERR_MESSAGE_INVALID('name must be 1-32 characters without control characters')
      }
      let message: ChatMessage | undefined
      try {
        message = await core.post(String(room), text, name)
      } catch (error) {
        if (error instanceof StoreFailedError) throw new errorCodes.LANCHAT_ERR_STORE_FAILED({ cause: error.cause })
        throw error
      }
      if (message === undefined) throw new errorCodes.LANCHAT_ERR_ROOM_NOT_FOUND(String(room))
      return message
    },

    onMessage(hook: MessageHook): () => void {
      if (typeof hook !== 'function') throw new TypeError('onMessage expects a function')
      return core.onMessage(hook)
    },

    async addMember(room: string, userId: string): Promise<void> {
      assertOpen()
      if (!(await storing(() => core.addMember(String(room), String(userId))))) {
        throw new errorCodes.LANCHAT_ERR_ROOM_NOT_FOUND(`${String(room)} (or no user ${String(userId)})`)
      }
    },

    async removeMember(room: string, userId: string): Promise<void> {
      assertOpen()
      if (!(await storing(() => core.removeMember(String(room), String(userId), false)))) throw new errorCodes.LANCHAT_ERR_ROOM_NOT_FOUND(String(room))
    },

    async ban(room: string, userId: string): Promise<void> {
      assertOpen()
      if (!(await storing(() => core.removeMember(String(room), String(userId), true)))) throw new errorCodes.LANCHAT_ERR_ROOM_NOT_FOUND(String(room))
    },

    onJoin(hook: JoinHook): () => void {
      if (typeof hook !== 'function') throw new TypeError('onJoin expects a function')
      return core.onJoin(hook)
    },

    on<Event extends keyof LanchatEventMap>(event: Event, listener: LanchatListener<Event>): () => void {
      if (!EVENTS.has(event)) throw new errorCodes.LANCHAT_ERR_EVENT_UNKNOWN(String(event))
      if (typeof listener !== 'function') throw new TypeError('on expects a listener function')
      return core.on(event, listener)
    },
  })
}

/** Runs a core call, turning a store failure into `LANCHAT_ERR_STORE_FAILED`. */
async function storing<Result>(work: () => Promise<Result>): Promise<Result> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof StoreFailedError) throw new errorCodes.LANCHAT_ERR_STORE_FAILED({ cause: error.cause })
    throw error
  }
}
