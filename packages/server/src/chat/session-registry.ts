import { createHash, randomBytes } from 'node:crypto'

/** A user as the chat core knows them: stable for the life of their session. */
export interface ChatUser {
  readonly id: string
  name: string
}

/** One user's session: the secret's hash maps to it. */
export interface Session<Connection> {
  readonly user: ChatUser
  /** Live connections of this user (several tabs are several connections). */
  readonly connections: Set<Connection>
  /** When the session is forgotten; undefined while the user has a connection. */
  expiresAt: number | undefined
}

/** What {@link SessionRegistry.open} resolves a `hello` to. */
export interface OpenedSession<Connection> {
  session: Session<Connection>
  /** The secret to send in `welcome.session`: the presented one when it was valid, else a new one. */
  token: string
  resumed: boolean
}

const MAX_SWEEP_INTERVAL_MS = 60_000

/**
 * Sessions by the sha256 of their secret: the secret itself is never stored, so a heap dump or a log line cannot
 * leak a usable token. A session expires `ttlMs` after its user's last connection closed.
 *
 * @example
 * ```ts
 * const sessions = new SessionRegistry({ ttlMs: 86_400_000 })
 * const { session, token } = sessions.open(undefined, 'Maria')
 * sessions.attach(session, connection)
 * sessions.open(token, 'Maria').resumed // true
 * ```
 */
export class SessionRegistry<Connection> {
  readonly #ttlMs: number
  readonly #sessions = new Map<string, Session<Connection>>()
  #sweepTimer: ReturnType<typeof setInterval> | undefined

  constructor(options: { ttlMs: number }) {
    this.#ttlMs = options.ttlMs
  }

  get size(): number {
    return this.#sessions.size
  }

  /** Resolves a presented secret to its session, or makes a new user with a new secret (an unknown or expired secret is not an error). */
  open(token: string | undefined, name: string): OpenedSession<Connection> {
    if (token !== undefined) {
      const hash = hashToken(token)
      const session = this.#sessions.get(hash)
      if (session !== undefined && !isExpired(session, Date.now())) return { session, token, resumed: true }
      if (session !== undefined) this.#sessions.delete(hash)
    }
    const fresh = randomBytes(32).toString('base64url')
    const session: Session<Connection> = {
      user: { id: `u-${randomBytes(8).toString('base64url')}`, name },
      connections: new Set(),
      // A session nobody attaches to (the hello failed half-way) still expires.
      expiresAt: Date.now() + this.#ttlMs,
    }
    this.#sessions.set(hashToken(fresh), session)
    return { session, token: fresh, resumed: false }
  }

  attach(session: Session<Connection>, connection: Connection): void {
    session.connections.add(connection)
    session.expiresAt = undefined
  }

  /** The user's last connection closing starts the session's time to live. */
  detach(session: Session<Connection>, connection: Connection): void {
    session.connections.delete(connection)
    if (session.connections.size === 0) session.expiresAt = Date.now() + this.#ttlMs
  }

  /** Forgets expired sessions. */
  sweep(): void {
    const now = Date.now()
    for (const [hash, session] of this.#sessions) if (isExpired(session, now)) this.#sessions.delete(hash)
  }

  /** Sweeps periodically until {@link stop}. The timer does not keep the process alive. */
  start(): void {
    if (this.#sweepTimer !== undefined) return
    this.#sweepTimer = setInterval(() => this.sweep(), Math.min(this.#ttlMs, MAX_SWEEP_INTERVAL_MS))
    this.#sweepTimer.unref?.()
  }

  stop(): void {
    if (this.#sweepTimer !== undefined) clearInterval(this.#sweepTimer)
    this.#sweepTimer = undefined
    this.#sessions.clear()
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

function isExpired(session: Session<unknown>, now: number): boolean {
  return session.expiresAt !== undefined && session.expiresAt <= now
}
