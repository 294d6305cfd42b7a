import type { RoomAccess } from '@lanchat/protocol'
import type { BackoffOptions } from './backoff.js'
import type { TimelineOptions } from './timeline/room-timeline.js'
import type { WebSocketConstructor } from './transport.js'
import type { LanchatTlsOptions } from './tls/tls-options.js'

/** Where the client logs. `console` fits. Every method is optional; the default is silent. */
export interface LanchatLogger {
  debug?(message: string, details?: Record<string, unknown>): void
  info?(message: string, details?: Record<string, unknown>): void
  warn?(message: string, details?: Record<string, unknown>): void
  error?(message: string, details?: Record<string, unknown>): void
}

/** How the client reconnects after a drop. */
export interface ReconnectOptions extends BackoffOptions {
  /**
   * Attempts after a drop before the client gives up and closes.
   * @default Infinity
   */
  maxAttempts?: number
  /**
   * A connection counts as stable, and the backoff starts again from `initialDelayMs`, once it has stayed open this
   * long, in ms. A server that closes every connection right after its `welcome` is thus retried ever more slowly
   * instead of at once, and a whole class of clients does not storm it.
   * @default 5000
   */
  stableAfterMs?: number
}

/** How the client checks that the server is still there (browsers cannot send WebSocket pings). */
export interface HeartbeatOptions {
  /**
   * A `ping` goes out this long after the connection opened or the last `pong`, in ms.
   * @default 20000
   */
  intervalMs?: number
  /**
   * A `ping` without `pong` after this long means the connection is lost, in ms.
   * @default 10000
   */
  timeoutMs?: number
}

/** Options of {@link LanchatClient}. */
export interface LanchatClientOptions {
  /** The server's socket URL, such as `ws://192.168.1.20:5000/ws` (`wss://` behind TLS). */
  url: string
  /** The display name to join with (1–32 characters). `setName()` changes it later. */
  name: string
  /**
   * The `session` of an earlier connection (`client.session`): keeps the same user id, and so
   * message dedupe, across page reloads. Unknown or expired tokens simply give a new user.
   */
  session?: string | undefined
  /**
   * An account session token (from `LanchatAccounts` `login()`, `claim()`, …): the socket is then that account's,
   * sent as `Authorization: Bearer`. For Node (CLI, bots); in a browser the server's `HttpOnly` cookie does it.
   * When the session ends the client closes with `SIGNED_OUT`.
   */
  token?: string | undefined
  /**
   * Connect at once (on the next microtask). Connection failures are then emitted as `error`.
   * @default false
   */
  autoConnect?: boolean
  /**
   * The WebSocket class. Default: `globalThis.WebSocket`, else the `ws` package (Node 20).
   */
  WebSocket?: WebSocketConstructor
  /**
   * Reconnect after a drop, with full-jitter exponential backoff; `false` to close instead.
   * @default { initialDelayMs: 250, factor: 2, maxDelayMs: 10000, maxAttempts: Infinity }
   */
  reconnect?: boolean | ReconnectOptions
  /**
   * How long a request waits for its reply, in ms (also while the client is reconnecting).
   * @default 10000
   */
  requestTimeoutMs?: number
  /**
   * How long opening the socket and the `hello`/`welcome` handshake may take, in ms.
   * @default 10000
   */
  connectTimeoutMs?: number
  /**
   * Application-level heartbeat; `false` turns it off.
   * @default { intervalMs: 20000, timeoutMs: 10000 }
   */
  heartbeat?: false | HeartbeatOptions
  /**
   * How to trust a `wss://` server in Node: pin its certificate (or its CA's) by SHA-256 fingerprint, or trust a CA
   * given in PEM. Node only, with the `ws` package (used then even where the runtime has its own WebSocket); refused
   * in a browser, where the browser's trust store decides. A refused certificate closes the client for good with a
   * {@link LanchatCertificateError}.
   *
   * @example
   * ```ts
   * const client = new LanchatClient({ url: 'wss://192.168.1.20:5001/ws', name: 'bot', tls: { pin: 'AB:12:…:9F' } })
   * ```
   */
  tls?: LanchatTlsOptions | undefined
  /** Where to log; silent by default. */
  logger?: LanchatLogger
  /** How much each room's timeline (`client.timeline(room)`) keeps. */
  timeline?: TimelineOptions
}

/** Options of a single request. */
export interface RequestOptions {
  /**
   * How long to wait for the reply, in ms.
   * @default options.requestTimeoutMs (10000)
   */
  timeoutMs?: number
}

/** Options of `client.history()`. */
export interface HistoryOptions {
  /** Messages with a seq below this one; omit for the newest. */
  before?: number
  /**
   * How many messages, at most (1–100).
   * @default 100
   */
  limit?: number
}

/** Options of `client.send()`. */
export interface SendOptions {
  /**
   * The message's idempotency key (1–64 characters of `A–Z a–z 0–9 _ -`); made for you when omitted.
   * Pass the key of a message saved before a page reload or a restart to send it again: the server
   * stores one key once per user, so a copy it already has is answered with the stored message.
   */
  clientMsgId?: string
}

/** Options of `client.create()`. */
export interface CreateRoomOptions {
  /** The room's display name. */
  name?: string
  /**
   * `public` (listed in the directory, anyone may join) or `private` (members only, by invitation): a room that stays
   * when empty (feature `rooms.manage`). Without it, a code room, gone when its last member leaves.
   */
  access?: RoomAccess
  /** The code to make the room under (3–32 letters, digits and `-`) instead of a generated one (feature `rooms.manage`). */
  code?: string
}

/** Options of `client.join()`. */
export interface JoinOptions {
  /** The secret of an invite link to a private room (feature `rooms.manage`). */
  invite?: string
}

/** What `client.updateRoom()` changes (feature `rooms.manage`): `name` and `topic` need a moderator, `access` and `kept` the owner. */
export interface RoomChanges {
  name?: string
  /** The topic; `''` clears it. */
  topic?: string
  access?: RoomAccess
  /** Keeps a code room, with its messages, when its last member leaves. */
  kept?: true
}

/** Who `client.manageMember()` acts on: a user id, or a name (an account's name, or the name of one person connected now). */
export type MemberTarget = { user: string } | { name: string }

/** Options of `client.createInvite()`. */
export interface InviteOptions {
  /**
   * How long the link works, in ms (1 minute to 30 days).
   * @default 7 days
   */
  expiresInMs?: number
  /** How many people may use it. Default: any number until it expires. */
  maxUses?: number
}
