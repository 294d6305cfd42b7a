import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { NotifyLevel } from '@lanchat/protocol'
import type { Pool, PoolConfig } from 'pg'
import { messageBody, settingsToJson } from '../documents.js'
import {
  StoreRoomNotFoundError,
  type AccountStore,
  type AppendResult,
  type MessageDraft,
  type CredentialStore,
  type EventPage,
  type LanchatStore,
  type MembershipStore,
  type RoomLogStore,
  type RoomStore,
  type SessionStore,
  type UserStore,
} from '../store.js'
import { loadPostgresDriver, type PostgresDriver } from './load-driver.js'
import { postgresMigrations } from './migrations.js'
import { postgresAccounts } from './postgres-accounts.js'
import { redactUrl, schemaTooNewError, storeClosedError, unreachableError } from './postgres-errors.js'
import { eventFromRow, roomFromRow, sessionFromRow, userFromRow } from './rows.js'
import type { Database, RoomEventsTable } from './schema.js'

export { PostgresStoreError, type PostgresStoreErrorCode } from './postgres-errors.js'

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** A connection string: `postgres://user:password@host:5432/database`. */
  url: string
  /**
   * The schema lanchat's tables live in, made when missing, so lanchat can share a database with your own tables.
   * @default 'public'
   */
  schema?: string
  /** Most connections this node opens. @default 10 */
  maxConnections?: number
  /** How long opening a connection may take before it fails. @default 10000 */
  connectTimeoutMs?: number
  /** Called with errors of idle connections (the server restarted, the network dropped); the pool reconnects. */
  onError?: (error: Error) => void
}

/** A {@link LanchatStore} in PostgreSQL, shared by every node of a cluster. Made by {@link openPostgresStore}. */
export interface PostgresStore extends LanchatStore {
  /** The connection string, without its password. */
  readonly url: string
  /** Waits for running queries, then closes every connection. Calls after it reject. */
  close(): Promise<void>
}

const INT8_OID = 20
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Opens a lanchat store in PostgreSQL (12 or newer), bringing its schema up to date before it resolves. Several
 * nodes may share one database: each room's `seq` is taken under the room row's lock in the append's own
 * transaction, so concurrent appends from any number of nodes get contiguous seqs, and the idempotency key is a
 * unique constraint. Every write resolves once PostgreSQL has committed it. Needs the optional peer dependencies
 * `pg` and `kysely`.
 *
 * Rejects with `PostgresStoreError` `LANCHAT_ERR_STORE_UNREACHABLE` when the server cannot be reached.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import lanchat, { openPostgresStore } from '@lanchat/server'
 *
 * const store = await openPostgresStore({ url: process.env.DATABASE_URL! })
 * const app = Fastify()
 * await app.register(lanchat, { store })
 * app.addHook('onClose', () => store.close())
 * ```
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  if (typeof options.url !== 'string' || !/^postgres(ql)?:\/\//.test(options.url)) {
    throw new TypeError('url must be a postgres:// or postgresql:// connection string')
  }
  const schema = options.schema ?? 'public'
  if (!SCHEMA_NAME.test(schema)) throw new TypeError('schema must be a lower-case SQL identifier')
  const maxConnections = options.maxConnections ?? 10
  if (!Number.isInteger(maxConnections) || maxConnections < 1) throw new RangeError('maxConnections must be a positive integer')
  const where = redactUrl(options.url)
  const driver = await loadPostgresDriver()
  const { pg, kysely } = driver
  const config: PoolConfig = {
    connectionString: options.url,
    max: maxConnections,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    // BIGINT columns hold ms times and seqs: numbers, exact below 2^53. Set on this pool only, not on pg globally.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
    // Unqualified names resolve in lanchat's schema first.
    ...(schema === 'public' ? {} : { options: `-c search_path=${schema},public` }),
  }
  const pool = new pg.Pool(config)
  // Without a listener, an idle connection's error (a restart of the server) would crash the process.
  pool.on('error', (error) => options.onError?.(error))
  try {
    await pool.query('SELECT 1')
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw unreachableError(where, error)
  }
  const db = new kysely.Kysely<Database>({ dialect: new kysely.PostgresDialect({ pool }) })
  try {
    // Two nodes making the schema at once: one wins, the other's unique violation means it exists.
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== '23505') throw error
    })
    await migrate(driver, db, schema, where)
    return new PostgresStoreImpl(db, pool, where)
  } catch (error) {
    await db.destroy().catch(() => undefined)
    throw error
  }
}

async function migrate({ kysely }: PostgresDriver, db: Kysely<Database>, schema: string, where: string): Promise<void> {
  const migrator = new kysely.Migrator({
    db,
    provider: postgresMigrations(kysely.sql),
    migrationTableSchema: schema,
    migrationTableName: 'lanchat_migration',
    migrationLockTableName: 'lanchat_migration_lock',
  })
  const known = new Set(Object.keys(await postgresMigrations(kysely.sql).getMigrations()))
  const table = kysely.sql.table(schema === 'public' ? 'lanchat_migration' : `${schema}.lanchat_migration`)
  const applied = await kysely.sql<{ name: string }>`SELECT name FROM ${table}`.execute(db).then(
    (result) => result.rows.map((row) => row.name),
    // No migration table yet: a new database.
    (error: unknown) => ((error as { code?: unknown }).code === '42P01' ? [] : Promise.reject(error)),
  )
  const unknown = applied.filter((name) => !known.has(name))
  if (unknown.length > 0) throw schemaTooNewError(where, unknown)
  const { error } = await migrator.migrateToLatest()
  if (error !== undefined) throw error
}

/** Most appends of one room sent in one batch. */
const MAX_BATCH = 256

interface PendingAppend {
  message: MessageDraft
  /** The message's `body` column (its event), made when the append was called. */
  body: string | null
  resolve: (result: AppendResult) => void
  reject: (error: unknown) => void
}

interface AppendQueue {
  waiting: PendingAppend[]
  running: boolean
}

interface AppendRow {
  out_index: number
  out_seq: number
  out_id: string
  out_ts: number
  out_sender_name: string
  out_kind: string
  out_text: string
  out_body: string | null
  out_duplicate: boolean
}

class PostgresStoreImpl implements PostgresStore {
  readonly rooms: RoomStore
  readonly log: RoomLogStore
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly memberships: MembershipStore
  readonly accounts: AccountStore
  readonly credentials: CredentialStore
  readonly #db: Kysely<Database>
  readonly #pool: Pool
  /**
   * Per room, the appends waiting for the one batch of that room in flight. One room's appends go to PostgreSQL
   * in call order, as one batch each time the previous batch is done (one round trip and one commit for all).
   */
  readonly #appendQueues = new Map<string, AppendQueue>()
  readonly #running = new Set<Promise<unknown>>()
  #closed: Promise<void> | undefined

  constructor(
    db: Kysely<Database>,
    pool: Pool,
    readonly url: string,
  ) {
    this.#db = db
    this.#pool = pool
    const run = <Args extends unknown[], Result>(work: (db: Kysely<Database>, ...args: Args) => Promise<Result>) =>
      (...args: Args): Promise<Result> => this.#track(() => work(db, ...args))

    this.rooms = {
      create: run(async (db, room) => {
        const row = await db
          .insertInto('rooms')
          .values({
            id: room.id,
            name: room.name,
            kind: room.kind,
            epoch: room.epoch,
            retention: room.retention,
            created_by: room.createdBy ?? null,
            created_at: room.createdAt,
            last_seq: 0,
            settings: settingsToJson(room.settings),
          })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .returningAll()
          .executeTakeFirst()
        return row === undefined ? undefined : roomFromRow(row)
      }),
      get: run(async (db, id) => {
        const row = await db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst()
        return row === undefined ? undefined : roomFromRow(row)
      }),
      list: run(async (db) => (await db.selectFrom('rooms').selectAll().orderBy('created_at').orderBy('id').execute()).map(roomFromRow)),
      rename: run(async (db, id, name) => {
        const result = await db.updateTable('rooms').set({ name }).where('id', '=', id).executeTakeFirst()
        return result.numUpdatedRows > 0n
      }),
      // One UPDATE for any mix of changes; the settings document is replaced whole (the last write wins).
      update: run(async (db, id, changes) => {
        const { name, retention, settings } = changes
        const values = {
          ...(name === undefined ? {} : { name }),
          ...(retention === undefined ? {} : { retention }),
          ...(settings === undefined ? {} : { settings: settingsToJson(settings) }),
        }
        const row =
          Object.keys(values).length === 0
            ? await db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst()
            : await db.updateTable('rooms').set(values).where('id', '=', id).returningAll().executeTakeFirst()
        return row === undefined ? undefined : roomFromRow(row)
      }),
      setEpoch: run(async (db, id, epoch) => {
        const result = await db.updateTable('rooms').set({ epoch }).where('id', '=', id).executeTakeFirst()
        return result.numUpdatedRows > 0n
      }),
      delete: run(async (db, id) => {
        // Events and memberships go with the room (ON DELETE CASCADE), in the same statement.
        await db.deleteFrom('rooms').where('id', '=', id).execute()
      }),
    }

    const eventsQuery = (db: Kysely<Database>, room: string) => db.selectFrom('room_events').selectAll().where('room_id', '=', room)
    this.log = {
      append: (draft) => {
        // Copied at once: the caller may reuse its draft before the append runs.
        const message = { ...draft.message, from: { ...draft.message.from } }
        const body = messageBody(draft.message.event)
        return this.#track(
          () =>
            new Promise<AppendResult>((resolve, reject) => {
              let queue = this.#appendQueues.get(message.room)
              if (queue === undefined) {
                queue = { waiting: [], running: false }
                this.#appendQueues.set(message.room, queue)
              }
              queue.waiting.push({ message, body, resolve, reject })
              if (!queue.running) void this.#flushAppends(message.room, queue)
            }),
        )
      },
      latest: run(async (db, room, limit) =>
        newestFirstPage(await eventsQuery(db, room).orderBy('seq', 'desc').limit(pageSize(limit) + 1).execute(), limit),
      ),
      before: run(async (db, room, seq, limit) =>
        newestFirstPage(
          await eventsQuery(db, room).where('seq', '<', seq).orderBy('seq', 'desc').limit(pageSize(limit) + 1).execute(),
          limit,
        ),
      ),
      after: run(async (db, room, seq, limit) => {
        const rows = await eventsQuery(db, room).where('seq', '>', seq).orderBy('seq', 'asc').limit(pageSize(limit) + 1).execute()
        return { events: rows.slice(0, pageSize(limit)).map(eventFromRow), hasMore: rows.length > pageSize(limit) }
      }),
    }

    this.users = {
      create: run(async (db, user) => {
        await db.insertInto('users').values({ id: user.id, name: user.name, created_at: user.createdAt }).execute()
      }),
      get: run(async (db, id) => {
        const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
        return row === undefined ? undefined : userFromRow(row)
      }),
      rename: run(async (db, id, name) => {
        const result = await db.updateTable('users').set({ name }).where('id', '=', id).executeTakeFirst()
        return result.numUpdatedRows > 0n
      }),
    }

    this.sessions = {
      // A repeated hash replaces the session, as in the other stores.
      create: run(async (db, session) => {
        await db
          .insertInto('sessions')
          .values({ token_hash: session.tokenHash, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
          .onConflict((conflict) =>
            conflict.column('token_hash').doUpdateSet((eb) => ({
              user_id: eb.ref('excluded.user_id'),
              created_at: eb.ref('excluded.created_at'),
              expires_at: eb.ref('excluded.expires_at'),
            })),
          )
          .execute()
      }),
      get: run(async (db, tokenHash, now) => {
        const row = await db
          .selectFrom('sessions')
          .selectAll()
          .where('token_hash', '=', tokenHash)
          .where('expires_at', '>', now)
          .executeTakeFirst()
        return row === undefined ? undefined : sessionFromRow(row)
      }),
      extend: run(async (db, tokenHashes, expiresAt) => {
        if (tokenHashes.length === 0) return
        await db.updateTable('sessions').set({ expires_at: expiresAt }).where('token_hash', 'in', [...tokenHashes]).execute()
      }),
      delete: run(async (db, tokenHash) => {
        await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
      }),
      deleteExpired: run(async (db, now) => {
        const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst()
        return Number(result.numDeletedRows)
      }),
    }

    this.memberships = {
      // A membership of a room the store does not have is a no-op, as in the other stores.
      add: run(async (db, room, userId, since) => {
        await db
          .insertInto('room_members')
          .columns(['room_id', 'user_id', 'since'])
          .expression((eb) =>
            eb
              .selectFrom('rooms')
              .select([eb.val(room).as('room_id'), eb.val(userId).as('user_id'), eb.val(since).as('since')])
              .where('id', '=', room),
          )
          .onConflict((conflict) => conflict.columns(['room_id', 'user_id']).doNothing())
          .execute()
      }),
      remove: run(async (db, room, userId) => {
        await db.deleteFrom('room_members').where('room_id', '=', room).where('user_id', '=', userId).execute()
      }),
      list: run(async (db, room) =>
        (await db.selectFrom('room_members').select('user_id').where('room_id', '=', room).orderBy('since').orderBy('ord').execute()).map(
          (row) => row.user_id,
        ),
      ),
      roomsOf: run(async (db, userId) =>
        (await db.selectFrom('room_members').select('room_id').where('user_id', '=', userId).orderBy('since').orderBy('ord').execute()).map(
          (row) => row.room_id,
        ),
      ),
      setNotify: run(async (db, room, userId, level) => {
        const result = await db
          .updateTable('room_members')
          .set({ notify: level ?? null })
          .where('room_id', '=', room)
          .where('user_id', '=', userId)
          .executeTakeFirst()
        return result.numUpdatedRows > 0n
      }),
      notifyLevels: run(async (db, userId) => {
        const rows = await db
          .selectFrom('room_members')
          .select(['room_id', 'notify'])
          .where('user_id', '=', userId)
          .where('notify', 'is not', null)
          .execute()
        return new Map(rows.map((row) => [row.room_id, row.notify as NotifyLevel]))
      }),
    }

    ;({ accounts: this.accounts, credentials: this.credentials } = postgresAccounts(run))
  }

  close(): Promise<void> {
    this.#closed ??= this.#close()
    return this.#closed
  }

  async #close(): Promise<void> {
    await Promise.allSettled(this.#running)
    await this.#db.destroy()
  }

  /** Runs a query with the store open, and keeps it in the running set until it settles (close waits for it). */
  #track<Result>(work: () => Promise<Result>): Promise<Result> {
    if (this.#closed !== undefined) return Promise.reject(storeClosedError(this.url))
    const running = work()
    this.#running.add(running)
    const forget = () => this.#running.delete(running)
    running.then(forget, forget)
    return running
  }

  /** Sends a room's waiting appends, batch after batch, until none wait. */
  async #flushAppends(room: string, queue: AppendQueue): Promise<void> {
    queue.running = true
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, MAX_BATCH)
      const column = <Value>(pick: (message: MessageDraft) => Value) => batch.map((append) => pick(append.message))
      try {
        const { rows } = await this.#sql<AppendRow>(
          'SELECT * FROM lanchat_append_messages($1, $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])',
          [
            room,
            batch.map(() => `m-${randomUUID()}`),
            column((message) => message.ts),
            column((message) => message.from.id),
            column((message) => message.from.name),
            column((message) => message.kind),
            column((message) => message.clientMsgId),
            column((message) => message.text),
            batch.map((append) => append.body),
          ],
        )
        if (rows.length !== batch.length) throw new StoreRoomNotFoundError(room)
        // Resolved in call order: rows come back in the batch's order.
        rows.forEach((row, index) => {
          const { message, resolve } = batch[index] as PendingAppend
          const event = eventFromRow({
            room_id: room,
            seq: row.out_seq,
            id: row.out_id,
            type: 'message.created',
            ts: row.out_ts,
            sender_id: message.from.id,
            sender_name: row.out_sender_name,
            kind: row.out_kind,
            client_msg_id: message.clientMsgId,
            text: row.out_text,
            body: row.out_body,
          })
          resolve({ event, duplicate: row.out_duplicate })
        })
      } catch (error) {
        // One statement, one transaction: nothing of the batch was stored.
        for (const append of batch) append.reject(error)
      }
    }
    queue.running = false
    if (this.#appendQueues.get(room) === queue) this.#appendQueues.delete(room)
  }

  #sql<Row>(text: string, values: unknown[]): Promise<{ rows: Row[] }> {
    return this.#pool.query(text, values) as unknown as Promise<{ rows: Row[] }>
  }
}

/** A limit as a row count: negative and fractional limits count as the whole number below, at least 0. */
function pageSize(limit: number): number {
  return Math.max(0, Math.floor(limit))
}

/** Turns rows read newest first (one more than the limit) into a page, oldest first. */
function newestFirstPage(rows: RoomEventsTable[], limit: number): EventPage {
  const size = pageSize(limit)
  return { events: rows.slice(0, size).reverse().map(eventFromRow), hasMore: rows.length > size }
}
