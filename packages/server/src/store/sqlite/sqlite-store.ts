import type { Database } from 'better-sqlite3'
import type {
  AccountStore,
  CredentialStore,
  LanchatStore,
  MembershipStore,
  RoomLogStore,
  RoomStore,
  SessionStore,
  UserStore,
} from '../store.js'
import { backupDatabase } from './backup.js'
import { GroupCommit } from './group-commit.js'
import { loadDriver } from './load-driver.js'
import { migrate } from './migrations.js'
import { openDatabase, type SynchronousMode } from './open-database.js'
import { storeClosedError } from './sqlite-errors.js'
import { registerInternals } from './sqlite-internals.js'
import { sqliteAccounts } from './sqlite-accounts.js'
import { sqliteMemberships } from './sqlite-memberships.js'
import { sqliteRoomLog } from './sqlite-room-log.js'
import { sqliteRooms } from './sqlite-rooms.js'
import { sqliteSessions } from './sqlite-sessions.js'
import { sqliteUsers } from './sqlite-users.js'
import { prepareStatements } from './statements.js'
import type { StoreContext } from './store-context.js'

export { SqliteStoreError, type SqliteStoreErrorCode } from './sqlite-errors.js'
export type { SynchronousMode } from './open-database.js'

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file; made, with its schema, when missing. */
  path: string
  /**
   * `full`: a write resolves once it survives a power loss (one fsync per commit). `normal`: once it survives a
   * crash of the process; a power loss may lose the last commits, never corrupt the file. Both use WAL.
   * @default 'full'
   */
  synchronous?: SynchronousMode
  /**
   * How long a write waits for another connection (a backup tool, the `sqlite3` shell) to release its lock
   * before it rejects with `SQLITE_BUSY`. The wait blocks the event loop, so keep it short.
   * @default 5000
   */
  busyTimeoutMs?: number
}

/** A {@link LanchatStore} kept in an SQLite file. Made by {@link openSqliteStore}. */
export interface SqliteStore extends LanchatStore {
  /** The database file. */
  readonly path: string
  /** The durability level writes wait for. */
  readonly synchronous: SynchronousMode
  /**
   * Copies the database to `destinationPath` while the store keeps serving. The copy is a complete store: open
   * it with `openSqliteStore({ path: destinationPath })`. It holds every write acknowledged before the call.
   */
  backup(destinationPath: string): Promise<void>
  /** Commits the writes still queued, waits for running backups, then closes the file. Calls after it reject. */
  close(): Promise<void>
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000

/**
 * Opens (or makes) a lanchat store in an SQLite file, bringing its schema up to date. Writes made in the same
 * event loop turn are committed together, one fsync for the lot; each resolves once its commit is on disk.
 * Needs the optional peer dependency `better-sqlite3`.
 *
 * Failures reject: a write SQLite refuses (a taken user id, `SQLITE_FULL`, `SQLITE_BUSY`, `SQLITE_IOERR`)
 * rejects with better-sqlite3's `SqliteError` (its `code` names the cause) and stores nothing; an append to a
 * missing room rejects with `StoreRoomNotFoundError`.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import lanchat, { openSqliteStore } from '@lanchat/server'
 *
 * const store = await openSqliteStore({ path: './chat.db' })
 * const app = Fastify()
 * await app.register(lanchat, { store })
 * app.addHook('onClose', () => store.close())
 * setInterval(() => void store.backup(`./backups/chat-${Date.now()}.db`), 24 * 3600_000).unref()
 * ```
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const synchronous = options.synchronous ?? 'full'
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  if (synchronous !== 'full' && synchronous !== 'normal') {
    throw new TypeError(`synchronous must be 'full' or 'normal', not ${String(synchronous)}`)
  }
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError('busyTimeoutMs must be a non-negative integer')
  }
  const Driver = await loadDriver()
  const db = openDatabase(Driver, { path: options.path, synchronous, busyTimeoutMs })
  try {
    migrate(db)
    return new SqliteStoreImpl(db, options.path, synchronous)
  } catch (error) {
    db.close()
    throw error
  }
}

class SqliteStoreImpl implements SqliteStore {
  readonly rooms: RoomStore
  readonly log: RoomLogStore
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly memberships: MembershipStore
  readonly accounts: AccountStore
  readonly credentials: CredentialStore
  readonly #db: Database
  readonly #writes: GroupCommit
  readonly #backups = new Set<Promise<void>>()
  #closed: Promise<void> | undefined

  constructor(
    db: Database,
    readonly path: string,
    readonly synchronous: SynchronousMode,
  ) {
    this.#db = db
    this.#writes = new GroupCommit(db)
    const context: StoreContext = {
      statements: prepareStatements(db),
      prepare: (sql) => db.prepare(sql),
      read: async (work) => {
        this.#assertOpen()
        return work()
      },
      write: async (work) => {
        this.#assertOpen()
        return this.#writes.enqueue(work)
      },
    }
    this.rooms = sqliteRooms(context)
    this.log = sqliteRoomLog(context)
    this.users = sqliteUsers(context)
    this.sessions = sqliteSessions(context)
    this.memberships = sqliteMemberships(context)
    ;({ accounts: this.accounts, credentials: this.credentials } = sqliteAccounts(context))
    registerInternals(this, { db, stats: this.#writes.stats })
  }

  async backup(destinationPath: string): Promise<void> {
    this.#assertOpen()
    const running = backupDatabase(this.#db, destinationPath)
    // Tracked so close() waits for it: closing the connection under a running backup would fail it.
    const settled = running.catch(() => undefined)
    this.#backups.add(settled)
    try {
      await running
    } finally {
      this.#backups.delete(settled)
    }
  }

  close(): Promise<void> {
    this.#closed ??= this.#close()
    return this.#closed
  }

  async #close(): Promise<void> {
    this.#writes.flush()
    await Promise.all(this.#backups)
    this.#db.close()
  }

  #assertOpen(): void {
    if (this.#closed !== undefined) throw storeClosedError(this.path)
  }
}
