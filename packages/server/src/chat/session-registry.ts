import { randomBytes } from 'node:crypto'
import { hashToken, newToken } from '../auth/tokens.js'
import type { Member } from '@lanchat/protocol'
import type { LanchatStore } from '../store/store.js'

/** A user as the chat core knows them; one object per user while they are connected, shared by their tabs. */
export interface ChatUser {
  readonly id: string
  name: string
  /** Whether the user signed in to an account (members see it); a guest claiming their name becomes one. */
  account: boolean
}

/** A user as the others in a room see them: `account` is there only for accounts. */
export function memberOf(user: ChatUser, name: string = user.name): Member {
  return user.account ? { id: user.id, name, account: true } : { id: user.id, name }
}

/** One live session: a secret's hash, its user, and the user's connections through it. */
export interface Session<Connection> {
  readonly tokenHash: string
  readonly user: ChatUser
  /** Live connections of this session (several tabs are several connections). */
  readonly connections: Set<Connection>
}

/** What {@link SessionRegistry.open} resolves a `hello` to. */
export interface OpenedSession<Connection> {
  session: Session<Connection>
  /** The secret to send in `welcome.session`: the presented one when it was valid, else a new one. */
  token: string
  resumed: boolean
}

/** What a `hello` presents. */
export interface SessionRequest {
  /** The secret from an earlier `welcome`, if any. */
  token: string | undefined
  /** The display name asked for; a new user gets it. */
  name: string
  /** A user the host vouched for (see the plugin's `authenticate`); the session must be theirs. */
  userId?: string | undefined
  /** The vouched-for user is signed in to an account. */
  account?: boolean | undefined
  /** Asked before a new guest user is made: 0 lets it be made, more refuses it for that many ms. */
  admitNewUser?: (() => number) | undefined
}

const MAX_SWEEP_INTERVAL_MS = 60_000

/** Too many new guest users came from one address lately: the `hello` may try again after `retryAfterMs`. */
export class NewUserLimitError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('too many new users from this address')
    this.name = 'NewUserLimitError'
  }
}

/** A user the host vouched for already has `maxPerUser` live sessions: the `hello` asked for one more. */
export class SessionLimitError extends Error {
  constructor(readonly userId: string) {
    super(`user ${userId} has too many live sessions`)
    this.name = 'SessionLimitError'
  }
}

/**
 * Sessions and users, kept in the store by the sha256 of the session secret: the secret itself is never stored, so
 * a database copy, a heap dump or a log line cannot leak a usable token. A session expires `ttlMs` after its user
 * was last connected through it; while connected, the periodic sweep keeps pushing its expiry out, so a crash
 * never expires a session that was in use.
 *
 * @example
 * ```ts
 * const sessions = new SessionRegistry({ store, ttlMs: 86_400_000 })
 * const { session, token } = await sessions.open({ token: undefined, name: 'Maria' })
 * sessions.attach(session, connection)
 * ;(await sessions.open({ token, name: 'Maria' })).resumed // true
 * ```
 */
export class SessionRegistry<Connection> {
  readonly #store: LanchatStore
  readonly #ttlMs: number
  readonly #unusedTtlMs: number
  readonly #maxPerUser: number
  readonly #onError: (error: unknown) => void
  /** Sessions with a live connection (or being opened), by token hash. */
  readonly #live = new Map<string, Promise<Session<Connection> | undefined>>()
  /** Users with a live session, and how many they have. */
  readonly #users = new Map<string, { user: ChatUser; sessions: number }>()
  /** Live sessions made by this process that no connection has used yet (see {@link markUsed}), by token hash. */
  readonly #unused = new Set<string>()
  #sweepTimer: ReturnType<typeof setInterval> | undefined

  constructor(options: {
    store: LanchatStore
    ttlMs: number
    /** Time to live of a new session no connection used (joined a room through). Default `ttlMs`. */
    unusedTtlMs?: number
    /** Most live sessions of one user the host vouched for; a guest is a new user per session. Default: no cap. */
    maxPerUser?: number
    onError?: (error: unknown) => void
  }) {
    this.#store = options.store
    this.#ttlMs = options.ttlMs
    this.#unusedTtlMs = Math.min(options.unusedTtlMs ?? options.ttlMs, options.ttlMs)
    this.#maxPerUser = options.maxPerUser ?? Infinity
    this.#onError = options.onError ?? (() => {})
  }

  /**
   * Resolves a presented secret to its session, or makes a new session (for a new user, or for the user the host
   * vouched for). An unknown or expired secret is not an error. Rejects when the store fails, with a
   * {@link SessionLimitError} when the vouched-for user already has `maxPerUser` live sessions, and with a
   * {@link NewUserLimitError} when `admitNewUser` refuses a new guest.
   */
  async open(request: SessionRequest): Promise<OpenedSession<Connection>> {
    if (request.token !== undefined) {
      const session = await this.#find(hashToken(request.token))
      if (session !== undefined && (request.userId === undefined || session.user.id === request.userId)) {
        // A guest secret of someone who has since claimed an account no longer stands for them: signing in does.
        const claimed = request.userId === undefined && (session.user.account || (await this.#store.accounts.get(session.user.id)) !== undefined)
        if (!claimed) {
          if (request.account === true) session.user.account = true
          return { session, token: request.token, resumed: true }
        }
      }
    }
    const now = Date.now()
    let user: ChatUser
    if (request.userId === undefined) {
      const waitMs = request.admitNewUser?.() ?? 0
      if (waitMs > 0) throw new NewUserLimitError(waitMs)
      user = { id: `u-${randomBytes(8).toString('base64url')}`, name: request.name, account: false }
      await this.#store.users.create({ id: user.id, name: user.name, createdAt: now })
    } else {
      if ((this.#users.get(request.userId)?.sessions ?? 0) >= this.#maxPerUser) throw new SessionLimitError(request.userId)
      const known = await this.#store.users.get(request.userId)
      user = { id: request.userId, name: known?.name ?? request.name, account: request.account === true }
      if (known === undefined) await this.#store.users.create({ id: user.id, name: user.name, createdAt: now })
    }
    const token = newToken()
    const tokenHash = hashToken(token)
    // A session nobody attaches to (the hello failed half-way) or uses still expires, and sooner.
    await this.#store.sessions.create({ tokenHash, userId: user.id, createdAt: now, expiresAt: now + this.#unusedTtlMs })
    const session: Session<Connection> = { tokenHash, user: this.#sharedUser(user), connections: new Set() }
    this.#live.set(tokenHash, Promise.resolve(session))
    this.#unused.add(tokenHash)
    return { session, token, resumed: false }
  }

  attach(session: Session<Connection>, connection: Connection): void {
    session.connections.add(connection)
    // Its last connection may have closed while this one was opening it: it is live again.
    if (!this.#live.has(session.tokenHash)) {
      this.#live.set(session.tokenHash, Promise.resolve(session))
      this.#sharedUser(session.user)
    }
  }

  /** A connection used the session (joined a room through it): it gets the full time to live from now on. */
  markUsed(session: Session<Connection>): void {
    this.#unused.delete(session.tokenHash)
  }

  /** The session's last connection closing starts its time to live (the short one if it was never used). */
  detach(session: Session<Connection>, connection: Connection): void {
    session.connections.delete(connection)
    if (session.connections.size > 0) return
    this.#live.delete(session.tokenHash)
    this.#releaseUser(session.user.id)
    const ttlMs = this.#unused.delete(session.tokenHash) ? this.#unusedTtlMs : this.#ttlMs
    this.#store.sessions.extend([session.tokenHash], Date.now() + ttlMs).catch(this.#onError)
  }

  /** Changes a user's display name: in the store first, then for everyone who sees this user object. */
  async rename(user: ChatUser, name: string): Promise<void> {
    await this.#store.users.rename(user.id, name)
    user.name = name
  }

  /** The user object of a connected user, shared by their connections; undefined when they are not connected. */
  liveUser(userId: string): ChatUser | undefined {
    return this.#users.get(userId)?.user
  }

  /** The connected users who go by this name (compared as display names are: case and look-alikes folded). */
  liveUsersNamed(key: string, keyOf: (name: string) => string): ChatUser[] {
    const found: ChatUser[] = []
    for (const { user } of this.#users.values()) if (keyOf(user.name) === key) found.push(user)
    return found
  }

  /** Forgets expired sessions and pushes out the expiry of the ones in use. */
  async sweep(): Promise<void> {
    const now = Date.now()
    const live = [...this.#live.keys()]
    await this.#store.sessions.extend(live.filter((hash) => !this.#unused.has(hash)), now + this.#ttlMs)
    const unused = live.filter((hash) => this.#unused.has(hash))
    if (unused.length > 0) await this.#store.sessions.extend(unused, now + this.#unusedTtlMs)
    await this.#store.sessions.deleteExpired(now)
  }

  /** Sweeps periodically until {@link stop}. The timer does not keep the process alive. */
  start(): void {
    if (this.#sweepTimer !== undefined) return
    this.#sweepTimer = setInterval(() => {
      this.sweep().catch(this.#onError)
    }, Math.min(this.#unusedTtlMs, MAX_SWEEP_INTERVAL_MS))
    this.#sweepTimer.unref?.()
  }

  stop(): void {
    if (this.#sweepTimer !== undefined) clearInterval(this.#sweepTimer)
    this.#sweepTimer = undefined
    this.#live.clear()
    this.#users.clear()
    this.#unused.clear()
  }

  /** A live session, or the stored one made live; concurrent opens of one secret share one session object. */
  #find(tokenHash: string): Promise<Session<Connection> | undefined> {
    const live = this.#live.get(tokenHash)
    if (live !== undefined) return live
    const loading = this.#load(tokenHash)
    this.#live.set(tokenHash, loading)
    loading.then(
      (session) => {
        if (session === undefined && this.#live.get(tokenHash) === loading) this.#live.delete(tokenHash)
      },
      () => {
        if (this.#live.get(tokenHash) === loading) this.#live.delete(tokenHash)
      },
    )
    return loading
  }

  async #load(tokenHash: string): Promise<Session<Connection> | undefined> {
    const stored = await this.#store.sessions.get(tokenHash, Date.now())
    if (stored === undefined) return undefined
    const user = await this.#store.users.get(stored.userId)
    if (user === undefined) return undefined
    const account = (await this.#store.accounts.get(user.id)) !== undefined
    return { tokenHash, user: this.#sharedUser({ id: user.id, name: user.name, account }), connections: new Set() }
  }

  /** The one user object of a user with live sessions, so a rename reaches every connection of theirs. */
  #sharedUser(user: ChatUser): ChatUser {
    const shared = this.#users.get(user.id)
    if (shared !== undefined) {
      shared.sessions++
      if (user.account) shared.user.account = true
      return shared.user
    }
    this.#users.set(user.id, { user, sessions: 1 })
    return user
  }

  #releaseUser(userId: string): void {
    const shared = this.#users.get(userId)
    if (shared !== undefined && --shared.sessions <= 0) this.#users.delete(userId)
  }
}

