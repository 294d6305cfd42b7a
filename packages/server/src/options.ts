import { RoomName } from '@lanchat/protocol'
import { Type, type TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import type { Authenticate } from './auth/authenticate.js'
import { ABUSE_DEFAULTS } from './chat/command-budget.js'
import { errorCodes } from './errors.js'
import type { FanoutAdapter } from './fanout/fanout-adapter.js'
import type { AllowedHosts } from './transport/host-check.js'
import type { LanchatStore } from './store/store.js'

/**
 * Which browser origins may open the socket. `'same-host'`: the `Origin` header's host must equal the request's
 * `Host`. `'*'`: any. An array: exactly these origins (`'http://192.168.1.20:5000'`). A function: your call.
 * Requests without an `Origin` header (Node, the CLI) are always allowed: only browsers send one.
 */
export type AllowedOrigins = 'same-host' | '*' | readonly string[] | ((origin: string) => boolean)

/** The defaults of every option that has a plain value. */
export const DEFAULTS = Object.freeze({
  prefix: '',
  accounts: Object.freeze({ policy: 'guests', sessionTtlMs: 30 * 86_400_000 }),
  lobby: Object.freeze({ name: 'Lobby' }),
  allowedOrigins: 'same-host',
  allowedHosts: 'auto',
  maxFrameBytes: 65_536,
  heartbeatIntervalMs: 10_000,
  handshakeTimeoutMs: 10_000,
  maxBufferedBytes: 1_048_576,
  joinHistory: 50,
  maxResumeMessages: 500,
  typingTimeoutMs: 6_000,
  rateLimit: Object.freeze({ messagesPerSecond: 10, burst: 20 }),
  emptyRoomGraceMs: 60_000,
  presenceGraceMs: 10_000,
  sessionTtlMs: 86_400_000,
  advertise: false,
  ...ABUSE_DEFAULTS,
  maxConnectionsPerAddress: 256,
  maxConnections: 10_000,
  messageHookTimeoutMs: 5_000,
  guests: Object.freeze({ createRooms: true, directMessages: 'anyone' }),
} as const) satisfies { readonly [Option in Exclude<keyof ResolvedOptions, HostObjectOption>]: unknown }

// The longest delay setTimeout honours; a larger one fires at once.
const MAX_TIMER_MS = 2_147_483_647
// The parts of a store and of a fan-out adapter, by the methods each must have.
const STORE_PARTS: Readonly<Record<string, readonly string[]>> = {
  rooms: ['create', 'get', 'list', 'rename', 'update', 'setEpoch', 'delete'],
  log: ['append', 'latest', 'before', 'after'],
  users: ['create', 'get', 'rename'],
  sessions: ['create', 'get', 'extend', 'delete', 'deleteExpired'],
  memberships: ['add', 'remove', 'list', 'roomsOf', 'setNotify', 'notifyLevels'],
  '': ['close'],
}
// What accounts need of a store besides: checked only when accounts are on.
const ACCOUNT_STORE_PARTS: Readonly<Record<string, readonly string[]>> = {
  accounts: ['create', 'get', 'byNameKey', 'update', 'delete', 'list'],
  credentials: ['create', 'get', 'take', 'touch', 'listForUser', 'delete', 'deleteForUser', 'deleteExpired'],
}
const FANOUT_PARTS: Readonly<Record<string, readonly string[]>> = { '': ['init', 'broadcast', 'presence', 'close'] }

const StoreSchema = Type.Refine(
  Type.Object({}),
  (value) => missingMethods(value, STORE_PARTS).length === 0,
  (value) => `must be a LanchatStore (missing ${missingMethods(value, STORE_PARTS).join(', ')})`,
)
const FanoutSchema = Type.Refine(
  Type.Object({}),
  (value) => missingMethods(value, FANOUT_PARTS).length === 0,
  (value) => `must be a FanoutAdapter (missing ${missingMethods(value, FANOUT_PARTS).join(', ')})`,
)

const RateSchema = Type.Optional(
  Type.Object(
    { perSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0 })), burst: Type.Optional(Type.Integer({ minimum: 1 })) },
    { additionalProperties: false },
  ),
)

/**
 * Every option of the plugin: its name, type, limits and documentation, in one place. The options' type
 * ({@link LanchatPluginOptions}), the resolved options' type and the check at registration all come from it.
 */
const OptionsSchema = Type.Object(
  {
    /** Path prefix: the socket is at `${prefix}/ws`. Default `''`. */
    prefix: Type.Optional(Type.String({ pattern: '^(/[^/?#\\s]+)*/?$' })),
    /**
     * Where rooms, messages, users and sessions are kept. Default: a new `MemoryStore`, which the plugin closes with
     * the app. A store you pass stays yours: close it yourself (after the app). For a durable chat, pass
     * `await openSqliteStore({ path })`. For several nodes, pass a PostgreSQL connection string
     * (`'postgres://user:pass@host/db'`): the plugin opens it with `openPostgresStore` at registration (failing with
     * `LANCHAT_ERR_STORE_UNREACHABLE` when it cannot), and closes it with the app.
     */
    store: Type.Optional(Type.Unsafe<LanchatStore | string>(Type.Union([StoreSchema, Type.String({ pattern: '^postgres(ql)?://' })]))),
    /**
     * How room frames reach every member's connection. Default: in this process only (`LocalFanout`). For several
     * nodes, pass a Redis connection string (`'redis://host:6379'`): the plugin makes the adapter with
     * `createRedisFanout` at registration (failing with `LANCHAT_ERR_FANOUT_UNREACHABLE` when it cannot). An adapter
     * is closed with the app, whoever made it.
     */
    fanout: Type.Optional(Type.Unsafe<FanoutAdapter | string>(Type.Union([FanoutSchema, Type.String({ pattern: '^rediss?://' })]))),
    /**
     * Decides who an upgrade request is before the socket opens: resolve `{ kind: 'guest' }` or
     * `{ kind: 'user', id, name? }`, or `undefined` to refuse it with HTTP 401. Default: everyone is a guest.
     */
    authenticate: Type.Optional(Type.Unsafe<Authenticate>(Type.Function([Type.Unknown()], Type.Unknown()))),
    /**
     * lanchat's own accounts (a name claimed with a password, sign-in on every device, recovery without email): an
     * HTTP API under `${prefix}/auth` and sign-in by cookie or bearer token on the socket. `policy: 'guests'` (the
     * default) lets anyone chat as a guest and claim their name; `'accounts-only'` asks everyone to sign in first.
     * `sessionTtlMs`: how long a signed-in device stays signed in after it was last used (default 30 days).
     * `false` turns accounts off: everyone is a guest. Off by default when you pass `authenticate` (identity is
     * then yours); passing both is an error.
     */
    accounts: Type.Optional(
      Type.Union([
        Type.Literal(false),
        Type.Object(
          {
            policy: Type.Optional(Type.Union([Type.Literal('guests'), Type.Literal('accounts-only')])),
            sessionTtlMs: Type.Optional(Type.Integer({ minimum: 60_000 })),
          },
          { additionalProperties: false },
        ),
      ]),
    ),
    /** The always-there `lobby` room, or `false` for none. Default `{ name: 'Lobby' }`. */
    lobby: Type.Optional(Type.Union([Type.Literal(false), Type.Object({ name: RoomName }, { additionalProperties: false })])),
    /** Browser origins allowed to connect. Default `'same-host'`. */
    allowedOrigins: Type.Optional(
      Type.Unsafe<AllowedOrigins>(
        Type.Union([
          Type.Literal('same-host'),
          Type.Literal('*'),
          Type.Array(Type.String({ minLength: 1 })),
          Type.Function([Type.String()], Type.Boolean()),
        ]),
      ),
    ),
    /**
     * `Host` header values the socket answers (against DNS rebinding); others get HTTP 403 before the upgrade.
     * Default `'auto'`: any IP address, `localhost`, this machine's host name and `<hostname>.local`. An array adds
     * names to those (`['chat.example', '.lan.example']`; a leading dot allows every name under it). `'*'`: any.
     */
    allowedHosts: Type.Optional(
      Type.Unsafe<AllowedHosts>(Type.Union([Type.Literal('auto'), Type.Literal('*'), Type.Array(Type.String({ minLength: 1, maxLength: 254 }))])),
    ),
    /** Largest inbound frame, in bytes; larger ones get `FRAME_TOO_LARGE`. Four times this closes the socket (1009). Default 65 536. */
    maxFrameBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 16 * 1024 * 1024 })),
    /** WebSocket ping interval; a peer that misses a ping is closed (4004), so a dead peer leaves within two intervals. Default 10 000. */
    heartbeatIntervalMs: Type.Optional(Type.Integer({ minimum: 10, maximum: MAX_TIMER_MS })),
    /** Time a new connection has to send `hello` before it is closed (4001). Default 10 000. */
    handshakeTimeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TIMER_MS })),
    /** Unsent bytes a socket may have queued before it is closed as a slow consumer (4008). Default 1 048 576. */
    maxBufferedBytes: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Messages sent with `room.joined`. Default 50. */
    joinHistory: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    /** Most missed messages a resume replays; beyond that it answers `recovered: false`. Default 500. */
    maxResumeMessages: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    /** A typing notice ends this long after the last `typing.start`. Default 6 000. */
    typingTimeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TIMER_MS })),
    /** Per-connection `message.send` token bucket. Default `{ messagesPerSecond: 10, burst: 20 }`. */
    rateLimit: Type.Optional(
      Type.Object(
        {
          messagesPerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
          burst: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** How long an empty code room whose last member dropped waits for a resume before it is deleted. Default 60 000. */
    emptyRoomGraceMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TIMER_MS })),
    /**
     * How long a member whose connection dropped is shown as `away` before the room hears `member.left`; coming back
     * within it (a reload, a brief drop) sends no left/joined notices. `0` turns it off. Default 10 000.
     */
    presenceGraceMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TIMER_MS })),
    /** How long a session outlives its user's last connection. Default 86 400 000 (24 h). */
    sessionTtlMs: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Publish `_lanchat._tcp` on the LAN (mDNS) once the server listens: `true` or `{ name }`. Default `false`. */
    advertise: Type.Optional(
      Type.Union([
        Type.Boolean(),
        Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })) }, { additionalProperties: false }),
      ]),
    ),
    /**
     * How long one message hook may take. A hook that has not settled by then is given up on: the sender gets
     * `UNAVAILABLE`, nothing is stored, and the room goes on with its next message. Default 5 000.
     */
    messageHookTimeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TIMER_MS })),
    /**
     * Per-connection budgets of the other commands, each `{ perSecond, burst }`: `typing` (start/stop; over budget
     * they are dropped), `rooms` (create/join/leave), `profile`, `history` and `ping`. Over budget a command gets
     * `RATE_LIMITED` with `retryAfterMs`. Defaults: typing 4/s burst 20, rooms 2/s burst 20, profile 0.2/s burst 5,
     * history 5/s burst 20, ping 2/s burst 10.
     */
    commandRates: Type.Optional(
      Type.Object(
        { typing: RateSchema, rooms: RateSchema, profile: RateSchema, history: RateSchema, ping: RateSchema },
        { additionalProperties: false },
      ),
    ),
    /** All connections of one user (tabs) together get this many times one connection's budgets. Default 3. */
    userRateFactor: Type.Optional(Type.Number({ minimum: 1, maximum: 100 })),
    /** Refusals within 10 s, counted from 1 s after a connection was first refused, that close it (4029). Default 50. */
    refusalsBeforeClose: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Most live code rooms one user has created (`RATE_LIMITED` beyond). Default 20. */
    maxRoomsPerUser: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Most live code rooms created from one IP address. Default 50. */
    maxRoomsPerAddress: Type.Optional(Type.Integer({ minimum: 0 })),
    /**
     * New guest users (a `hello` without a valid session) from one IP address: a burst, then a sustained rate; over
     * it, `hello` gets `RATE_LIMITED` with `retryAfterMs`. Default `{ perSecond: 0.5, burst: 60 }`: a class of 60
     * arriving at once behind one NAT, then 30 a minute.
     */
    newUsersPerAddress: RateSchema,
    /** Most live sessions of one user your `authenticate` vouched for (a refused `hello` gets `RATE_LIMITED`). Default 20. */
    maxSessionsPerUser: Type.Optional(Type.Integer({ minimum: 1 })),
    /** How long a session that never joined a room outlives its last connection. Default 3 600 000 (1 h). */
    unusedSessionTtlMs: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Most open sockets from one IP address; an upgrade over it gets HTTP 429. Default 256 (a LAN behind one NAT). */
    maxConnectionsPerAddress: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Most open sockets in all; an upgrade over it gets HTTP 503. Default 10 000. */
    maxConnections: Type.Optional(Type.Integer({ minimum: 1 })),
    /**
     * What guests (people who did not sign in to an account) may do besides joining the lobby, public and code rooms.
     * `createRooms` (default true): make code, public and private rooms. `directMessages`: `'anyone'` (the default)
     * — direct conversations with anyone; `'accounts'` — only conversations with at least one account in them (two
     * guests cannot talk in private, an account can still write to a guest); `'none'` — none for guests.
     */
    guests: Type.Optional(
      Type.Object(
        {
          createRooms: Type.Optional(Type.Boolean()),
          directMessages: Type.Optional(Type.Union([Type.Literal('anyone'), Type.Literal('accounts'), Type.Literal('none')])),
        },
        { additionalProperties: false },
      ),
    ),
    // Fastify's own register options arrive in the same object.
    logLevel: Type.Optional(Type.Unknown()),
    logSerializers: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
)

/**
 * Options of `app.register(lanchat, options)`. All are optional; the defaults suit a LAN chat.
 *
 * @example
 * ```ts
 * await app.register(lanchat, { prefix: '/chat', lobby: { name: 'Hallway' }, heartbeatIntervalMs: 5_000 })
 * ```
 */
export type LanchatPluginOptions = Omit<Type.Static<typeof OptionsSchema>, FastifyRegisterOption>

/** Options Fastify passes to every plugin along with its own: let through, not lanchat's. */
type FastifyRegisterOption = 'logLevel' | 'logSerializers'

/** An option as it is in force: every field of an object filled in; functions and lists as given. */
type Filled<Value> = Value extends (...args: never[]) => unknown
  ? Value
  : Value extends readonly unknown[]
    ? Value
    : Value extends object
      ? { readonly [Key in keyof Value]-?: Filled<Exclude<Value[Key], undefined>> }
      : Value

/** Options that have no default: the host's own objects, used as given. */
type HostObjectOption = 'store' | 'fanout' | 'authenticate'

/** The options in force: every default filled in, frozen. */
export type ResolvedOptions = {
  readonly [Option in Exclude<keyof LanchatPluginOptions, HostObjectOption | 'advertise'>]-?: Filled<Exclude<LanchatPluginOptions[Option], undefined>>
} & {
  readonly [Option in HostObjectOption]: LanchatPluginOptions[Option] | undefined
} & {
  /** `true` is the machine's host name. */
  readonly advertise: false | Readonly<{ name: string | undefined }>
}

// Options whose schema is a union: one sentence reads better than the union's list of failed branches.
const EXPECTED: Readonly<Record<string, string>> = {
  prefix: "must be '' or a path such as '/chat'",
  authenticate: 'must be a function (request) => principal',
  accounts: "must be false or { policy?: 'guests' | 'accounts-only', sessionTtlMs?: number ≥ 60000 }",
  lobby: 'must be false or { name } with a name of 1-64 characters',
  allowedOrigins: "must be 'same-host', '*', an array of origins, or a function (origin) => boolean",
  advertise: 'must be a boolean or { name?: string }',
  allowedHosts: "must be 'auto', '*', or an array of host names",
}

// Options that take an object or a connection string.
const CONNECTABLE: Readonly<Record<string, { type: string; parts: Readonly<Record<string, readonly string[]>>; scheme: string }>> = {
  store: { type: 'LanchatStore', parts: STORE_PARTS, scheme: 'postgres' },
  fanout: { type: 'FanoutAdapter', parts: FANOUT_PARTS, scheme: 'redis' },
}

const validator = Compile(OptionsSchema as TSchema)

/**
 * Checks the options given to `app.register(lanchat, options)` and fills in the defaults. Throws
 * `LANCHAT_ERR_OPTIONS_INVALID` naming the first bad option.
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (typeof input !== 'object' || input === null) {
    throw new errorCodes.LANCHAT_ERR_OPTIONS_INVALID('options', 'must be an object')
  }
  if (!validator.Check(input)) {
    const [option, problem] = describeFirstError(input)
    throw new errorCodes.LANCHAT_ERR_OPTIONS_INVALID(option, problem)
  }
  const options = input as LanchatPluginOptions
  if (options.authenticate !== undefined && options.accounts !== undefined && options.accounts !== false) {
    throw new errorCodes.LANCHAT_ERR_OPTIONS_INVALID('accounts', 'cannot be used with authenticate: identity comes from one or the other')
  }
  const accounts = options.accounts ?? (options.authenticate === undefined ? {} : false)
  if (accounts !== false && options.store !== undefined && typeof options.store !== 'string') {
    const missing = missingMethods(options.store, ACCOUNT_STORE_PARTS)
    if (missing.length > 0) {
      throw new errorCodes.LANCHAT_ERR_OPTIONS_INVALID(
        'store',
        `cannot keep accounts (missing ${missing.join(', ')}); implement them, or pass accounts: false`,
      )
    }
  }
  const advertise = options.advertise ?? DEFAULTS.advertise
  const given = { ...options, accounts, prefix: options.prefix?.replace(/\/$/, '') }
  return Object.freeze({
    ...(withDefaults(given, DEFAULTS) as Omit<ResolvedOptions, HostObjectOption | 'advertise'>),
    store: options.store,
    fanout: options.fanout,
    authenticate: options.authenticate,
    advertise: advertise === false ? false : Object.freeze({ name: advertise === true ? undefined : advertise.name }),
  })
}

/**
 * `given` over `defaults`, frozen: field by field into plain objects, at every depth; anything else given (a number,
 * `false` for an object, a function) as it is, and a list as a copy.
 */
function withDefaults(given: unknown, defaults: unknown): unknown {
  if (Array.isArray(given)) return Object.freeze([...given])
  if (!isPlainObject(defaults) || (given !== undefined && !isPlainObject(given))) return given ?? defaults
  const filled: Record<string, unknown> = {}
  for (const [key, fallback] of Object.entries(defaults)) filled[key] = withDefaults(given?.[key], fallback)
  return Object.freeze(filled)
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}

/** The option to blame and what is wrong with it, from the validator's first error. */
function describeFirstError(input: object): [option: string, problem: string] {
  const errors = [...validator.Errors(input)].filter((error) => error.keyword !== 'boolean')
  const first = errors[0]
  if (first === undefined) return ['options', 'are invalid']
  if (first.keyword === 'additionalProperties' && first.instancePath === '') {
    const names = (first.params as { additionalProperties?: string[] }).additionalProperties ?? []
    return [names[0] ?? 'options', 'is not a lanchat option']
  }
  const path = first.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
  const top = path[0] ?? 'options'
  const connectable = CONNECTABLE[top]
  if (connectable !== undefined) {
    const value = (input as Record<string, unknown>)[top]
    if (typeof value === 'object' && value !== null) {
      return [top, `must be a ${connectable.type} (missing ${missingMethods(value, connectable.parts).join(', ')})`]
    }
    return [top, `must be a ${connectable.type} or a '${connectable.scheme}://…' connection string`]
  }
  const expected = EXPECTED[top]
  if (expected !== undefined) return [top, expected]
  if (first.keyword === 'additionalProperties') {
    const names = (first.params as { additionalProperties?: string[] }).additionalProperties ?? []
    return [[...path, names[0] ?? '?'].join('.'), 'is not a known field']
  }
  return [path.join('.') || 'options', first.message]
}

/** The methods `value` lacks, as `part.method` (or `method` for the object's own). */
function missingMethods(value: unknown, parts: Readonly<Record<string, readonly string[]>>): string[] {
  const missing: string[] = []
  for (const [part, methods] of Object.entries(parts)) {
    const holder = part === '' ? value : (value as Record<string, unknown> | null)?.[part]
    for (const method of methods) {
      const found = typeof holder === 'object' && holder !== null && typeof (holder as Record<string, unknown>)[method] === 'function'
      if (!found) missing.push(part === '' ? method : `${part}.${method}`)
    }
  }
  return missing
}
