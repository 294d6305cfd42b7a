import type { ClientMessage, Hello } from '@lanchat/protocol'
import { TokenBucket } from './token-bucket.js'

/** The budgets commands are counted against; each has its own rate. */
export type CommandClass = 'message' | 'typing' | 'rooms' | 'profile' | 'history' | 'ping'

/** A sustained rate and the burst allowed above it. */
export interface Rate {
  perSecond: number
  burst: number
}

/** The rate of each command class, for one connection. */
export type CommandRates = Readonly<Record<CommandClass, Readonly<Rate>>>

/** Settings of every connection's {@link CommandBudget}. */
export interface CommandBudgetOptions {
  /** Per connection. */
  rates: CommandRates
  /** All connections of one user together get this many times a connection's rate and burst. */
  userFactor: number
  /** Refusals, counted from {@link FLOOD_GRACE_MS} after the first one, that close the connection. */
  refusalsBeforeClose: number
}

/** What {@link CommandBudget.take} decided. */
export type BudgetVerdict =
  | { ok: true }
  /** Refused: retry after `retryAfterMs`; `close` when the connection kept flooding after it was told. */
  | { ok: false; retryAfterMs: number; close: boolean }

/** Refusals in this long after the first one are free: what a client had in flight before it heard. */
export const FLOOD_GRACE_MS = 1_000
/** A flood's refusals are counted within this window from its first refusal. */
export const FLOOD_WINDOW_MS = 10_000
/** How long later messages wait for a refused one to come back before they may overtake it. */
const ORDER_HOLD_MS = 10_000

const COMMAND_CLASS: Readonly<Record<Exclude<ClientMessage, Hello>['type'], CommandClass>> = {
  'message.send': 'message',
  'typing.start': 'typing',
  'typing.stop': 'typing',
  'room.create': 'rooms',
  'room.join': 'rooms',
  'room.leave': 'rooms',
  'profile.update': 'profile',
  'history.get': 'history',
  ping: 'ping',
  'dm.open': 'rooms',
  'room.update': 'rooms',
  'member.update': 'rooms',
  'room.delete': 'rooms',
  'invite.create': 'rooms',
  'invite.list': 'history',
  'invite.revoke': 'rooms',
  'rooms.list': 'history',
  'notify.set': 'profile',
}

/** The budget a command counts against. */
export function commandClassOf(type: Exclude<ClientMessage, Hello>['type']): CommandClass {
  return COMMAND_CLASS[type]
}

type Buckets = Record<CommandClass, TokenBucket>

function makeBuckets(rates: CommandRates, factor: number): Buckets {
  const bucket = (rate: Rate) => new TokenBucket(rate.perSecond * factor, Math.max(1, Math.round(rate.burst * factor)))
  return {
    message: bucket(rates.message),
    typing: bucket(rates.typing),
    rooms: bucket(rates.rooms),
    profile: bucket(rates.profile),
    history: bucket(rates.history),
    ping: bucket(rates.ping),
  }
}

/**
 * The budgets every user's connections share (a user may have several tabs), counted while the user has a
 * connection. One per chat core.
 */
export class UserBudgets {
  readonly #options: CommandBudgetOptions
  readonly #users = new Map<string, { buckets: Buckets; connections: number }>()

  constructor(options: CommandBudgetOptions) {
    this.#options = options
  }

  /** The user's shared buckets; call {@link release} when the connection goes. */
  acquire(userId: string): Buckets {
    let entry = this.#users.get(userId)
    if (entry === undefined) {
      entry = { buckets: makeBuckets(this.#options.rates, this.#options.userFactor), connections: 0 }
      this.#users.set(userId, entry)
    }
    entry.connections++
    return entry.buckets
  }

  release(userId: string): void {
    const entry = this.#users.get(userId)
    if (entry !== undefined && --entry.connections <= 0) this.#users.delete(userId)
  }
}

/**
 * One connection's command budget: a token bucket per command class for the connection, and one shared by all the
 * user's connections; a command needs a token from both. It also remembers refusals: a connection still over
 * budget {@link FLOOD_GRACE_MS} after it was first told is flooding, and `refusalsBeforeClose` such refusals within
 * {@link FLOOD_WINDOW_MS} close it.
 *
 * Messages keep their order: once a `message.send` is refused, later ones are refused too until the refused one is
 * sent again (or {@link ORDER_HOLD_MS} passes), so a message sent after it can never be stored before it.
 *
 * @example
 * ```ts
 * const budget = new CommandBudget(options)
 * budget.bindUser(userBudgets.acquire(user.id))
 * const verdict = budget.take('history')
 * if (!verdict.ok) reply({ type: 'error', code: 'RATE_LIMITED', retryAfterMs: verdict.retryAfterMs, … })
 * ```
 */
export class CommandBudget {
  readonly #options: CommandBudgetOptions
  readonly #own: Buckets
  #user: Buckets | undefined
  #floodStartedAt = -Infinity
  #strikes = 0
  #held: { clientMsgId: string; until: number } | undefined

  constructor(options: CommandBudgetOptions) {
    this.#options = options
    this.#own = makeBuckets(options.rates, 1)
  }

  /** Counts the connection's commands against its user's shared budget too (from its `welcome` on). */
  bindUser(buckets: Buckets): void {
    this.#user = buckets
  }

  /** Spends a token of `kind`; for a message, pass its `clientMsgId` so refused messages keep their place. */
  take(kind: CommandClass, clientMsgId?: string): BudgetVerdict {
    const now = Date.now()
    const held = this.#held
    if (kind === 'message' && held !== undefined) {
      if (now >= held.until) this.#held = undefined
      else if (held.clientMsgId !== clientMsgId) return this.#refuse(now, Math.max(1, this.#waitMs(kind)))
    }
    const wait = this.#waitMs(kind)
    if (wait > 0) {
      if (kind === 'message' && clientMsgId !== undefined) this.#held = { clientMsgId, until: now + wait + ORDER_HOLD_MS }
      return this.#refuse(now, wait)
    }
    this.#own[kind].take()
    this.#user?.[kind].take()
    if (kind === 'message' && this.#held?.clientMsgId === clientMsgId) this.#held = undefined
    return { ok: true }
  }

  #waitMs(kind: CommandClass): number {
    return Math.max(this.#own[kind].waitMs(), this.#user?.[kind].waitMs() ?? 0)
  }

  #refuse(now: number, retryAfterMs: number): BudgetVerdict {
    if (now - this.#floodStartedAt > FLOOD_WINDOW_MS) {
      this.#floodStartedAt = now
      this.#strikes = 0
    } else if (now - this.#floodStartedAt > FLOOD_GRACE_MS) {
      this.#strikes++
    }
    return { ok: false, retryAfterMs, close: this.#strikes >= this.#options.refusalsBeforeClose }
  }
}

/** The defaults of the budgets and caps against abuse; the plugin's options document each. */
export const ABUSE_DEFAULTS = Object.freeze({
  commandRates: Object.freeze({
    typing: Object.freeze({ perSecond: 4, burst: 20 }),
    rooms: Object.freeze({ perSecond: 2, burst: 20 }),
    profile: Object.freeze({ perSecond: 0.2, burst: 5 }),
    history: Object.freeze({ perSecond: 5, burst: 20 }),
    ping: Object.freeze({ perSecond: 2, burst: 10 }),
  }),
  userRateFactor: 3,
  refusalsBeforeClose: 50,
  maxRoomsPerUser: 20,
  maxRoomsPerAddress: 50,
  newUsersPerAddress: Object.freeze({ perSecond: 0.5, burst: 60 }),
  maxSessionsPerUser: 20,
  unusedSessionTtlMs: 3_600_000,
})
