import {
  DisplayName,
  MessageText,
  normalizeRoomId,
  RoomId,
  RoomName,
  type ChatMessage,
  type Member,
  type RoomInfo,
} from '@lanchat/protocol'
import { Compile } from 'typebox/compile'
import type { AccountService } from './accounts/account-service.js'
import type { ChatCore } from './chat/chat-core.js'
import type { LanchatEventMap, LanchatListener } from './chat/chat-events.js'
import type { MessageHook } from './chat/message-hooks.js'
import { StoreFailedError } from './chat/store-failure.js'
import { errorCodes } from './errors.js'

/** Options of {@link LanchatServer.createRoom}. */
export interface CreateRoomOptions {
  /** The room's id (any case; stored lower case). Default: a generated code. */
  id?: string
  /** The name members see. */
  name: string
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
        created = await core.createRoom(options.id, name)
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

    on<Event extends keyof LanchatEventMap>(event: Event, listener: LanchatListener<Event>): () => void {
      if (!EVENTS.has(event)) throw new errorCodes.LANCHAT_ERR_EVENT_UNKNOWN(String(event))
      if (typeof listener !== 'function') throw new TypeError('on expects a listener function')
      return core.on(event, listener)
    },
  })
}
