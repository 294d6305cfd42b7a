import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { change, describeStoreContract, fullSettings, message, newRoom } from '../../../test/store-contract.js'
import { freshSchema, postgresUrl } from '../../../test/services.js'
import { StoreRoomNotFoundError } from '../store.js'
import { postgresMigrations } from './migrations.js'
import { openPostgresStore } from './postgres-store.js'

describeStoreContract('PostgresStore', () => openPostgresStore({ url: postgresUrl(), schema: freshSchema() }))

describe('openPostgresStore', () => {
  it('should give contiguous seqs to two stores (two nodes) appending to one room at once, storing each key once', async () => {
    const schema = freshSchema()
    const [a, b] = await Promise.all([openPostgresStore({ url: postgresUrl(), schema }), openPostgresStore({ url: postgresUrl(), schema })])
    try {
      await a.rooms.create(newRoom('r'))
      const send = (store: typeof a, prefix: string) =>
        Promise.all(Array.from({ length: 50 }, (_, index) => store.log.append(message('r', `${prefix}${index}`))))
      // The same keys from both nodes too: a client that resent through another node.
      const [fromA, fromB, repeats] = await Promise.all([send(a, 'a'), send(b, 'b'), send(b, 'a')])
      const page = await b.log.after('r', 0, 1_000)
      expect(page.events.map((event) => event.seq)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1))
      expect(new Set(page.events.map((event) => event.message.clientMsgId)).size).toBe(100)
      expect([...fromA, ...fromB].filter((result) => !result.duplicate).length + repeats.filter((result) => !result.duplicate).length).toBe(100)
      for (const repeat of repeats) {
        const original = page.events.find((event) => event.message.clientMsgId === repeat.event.message.clientMsgId)
        expect(repeat.event).toEqual(original)
      }
      expect((await a.rooms.get('r'))?.lastSeq).toBe(100)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('should migrate once when two nodes open a new schema together, and open it again later', async () => {
    const schema = freshSchema()
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url: postgresUrl(), schema })))
    await stores[0]?.rooms.create(newRoom('a'))
    await Promise.all(stores.map((store) => store.close()))
    const again = await openPostgresStore({ url: postgresUrl(), schema })
    expect((await again.rooms.list()).map((room) => room.id)).toEqual(['a'])
    await again.close()
  })

  it('should share settings, events and notification levels between nodes: the last update of a room wins whole', async () => {
    const schema = freshSchema()
    const [a, b] = await Promise.all([openPostgresStore({ url: postgresUrl(), schema }), openPostgresStore({ url: postgresUrl(), schema })])
    try {
      await a.rooms.create(newRoom('r', { settings: { owner: 'u-1' } }))
      await a.memberships.add('r', 'u-1', 1_000)
      expect(await b.rooms.update('r', { settings: { owner: 'u-1', muted: ['u-3'] } })).toMatchObject({ settings: { owner: 'u-1', muted: ['u-3'] } })
      await a.rooms.update('r', { name: 'Renamed', settings: { owner: 'u-1', topic: 'from a' } })
      // Each update writes the whole document: b's mute is gone, as the chat core must know.
      expect(await b.rooms.get('r')).toMatchObject({ name: 'Renamed', settings: { owner: 'u-1', topic: 'from a' } })
      expect((await b.rooms.get('r'))?.settings).not.toHaveProperty('muted')
      expect(await b.memberships.setNotify('r', 'u-1', 'none')).toBe(true)
      expect(await a.memberships.notifyLevels('u-1')).toEqual(new Map([['r', 'none']]))
      const recorded = await a.log.append(change('r', 'c1', { type: 'room.renamed', name: 'Renamed' }))
      expect(await b.log.append(change('r', 'c1', { type: 'room.kept' }))).toEqual({ event: recorded.event, duplicate: true })
      expect((await b.log.latest('r', 1)).events).toEqual([recorded.event])
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('should bring a schema at 0001 up to date: rooms read settings {}, and the previous append function still works', async () => {
    const schema = freshSchema()
    const pool = new pg.Pool({ connectionString: postgresUrl(), options: `-c search_path=${schema},public` })
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
    try {
      await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(db)
      const migrator = new Migrator({
        db,
        provider: postgresMigrations(sql),
        migrationTableSchema: schema,
        migrationTableName: 'lanchat_migration',
        migrationLockTableName: 'lanchat_migration_lock',
      })
      expect((await migrator.migrateTo('0001_initial')).error).toBeUndefined()
      await sql`INSERT INTO rooms (id, name, kind, epoch, retention, created_by, created_at) VALUES ('a', 'Room a', 'code', 'e-a', 'until-empty', NULL, 1000)`.execute(db)
      await sql`INSERT INTO room_members (room_id, user_id, since) VALUES ('a', 'u-1', 1000)`.execute(db)
      const oldAppend = (clientMsgId: string) =>
        pool.query(
          `SELECT * FROM lanchat_append_messages('a', ARRAY[$1], ARRAY[1000]::bigint[], ARRAY['u-1'], ARRAY['Maria'], ARRAY['user'], ARRAY[$2], ARRAY['hello'])`,
          [`m-${clientMsgId}`, clientMsgId],
        )
      await oldAppend('k1')

      const store = await openPostgresStore({ url: postgresUrl(), schema })
      try {
        expect(await store.rooms.get('a')).toEqual({ ...newRoom('a'), lastSeq: 1, settings: {} })
        const [old] = (await store.log.latest('a', 1)).events
        expect(old?.message).toEqual({ id: 'm-k1', room: 'a', seq: 1, kind: 'user', from: { id: 'u-1', name: 'Maria' }, text: 'hello', ts: 1_000, clientMsgId: 'k1' })
        expect(await store.memberships.notifyLevels('u-1')).toEqual(new Map())
        // A node still running the previous lanchat during a rolling upgrade appends with the eight-argument function.
        await oldAppend('k2')
        const appended = await store.log.append(change('a', 'c1', { type: 'room.topic', topic: 'new' }))
        expect(appended.event.seq).toBe(3)
        expect((await store.log.after('a', 1, 10)).events.map((event) => [event.seq, event.message.event])).toEqual([
          [2, undefined],
          [3, { type: 'room.topic', topic: 'new' }],
        ])
        const updated = await store.rooms.update('a', { settings: fullSettings() })
        expect(updated?.lastSeq).toBe(3)
        expect(updated?.settings).toEqual(fullSettings())
        expect(await store.memberships.setNotify('a', 'u-1', 'all')).toBe(true)
      } finally {
        await store.close()
      }
    } finally {
      await db.destroy()
    }
  })

  it('should refuse a database migrated by a newer lanchat', async () => {
    const schema = freshSchema()
    const store = await openPostgresStore({ url: postgresUrl(), schema })
    await store.close()
    const client = new pg.Client({ connectionString: postgresUrl() })
    await client.connect()
    await client.query(`INSERT INTO ${schema}.lanchat_migration (name, timestamp) VALUES ('9999_future', now())`)
    await client.end()
    await expect(openPostgresStore({ url: postgresUrl(), schema })).rejects.toMatchObject({ code: 'LANCHAT_ERR_STORE_SCHEMA_TOO_NEW' })
  })

  it('should reject with LANCHAT_ERR_STORE_UNREACHABLE, naming the server without its password, when nothing listens', async () => {
    const opening = openPostgresStore({ url: 'postgres://lanchat:secret@127.0.0.1:1/lanchat', connectTimeoutMs: 2_000 })
    await expect(opening).rejects.toMatchObject({ code: 'LANCHAT_ERR_STORE_UNREACHABLE' })
    await expect(opening).rejects.toThrow(/127\.0\.0\.1:1/)
    await expect(opening).rejects.not.toThrow(/secret/)
  })

  it('should refuse a url that is not a postgres one and a schema that is not an identifier', async () => {
    await expect(openPostgresStore({ url: 'mysql://x' })).rejects.toThrow(TypeError)
    await expect(openPostgresStore({ url: postgresUrl(), schema: 'x; DROP TABLE rooms' })).rejects.toThrow(TypeError)
  })

  it('should reject an append to a missing room with StoreRoomNotFoundError', async () => {
    const store = await openPostgresStore({ url: postgresUrl(), schema: freshSchema() })
    await expect(store.log.append(message('missing', 'k1'))).rejects.toBeInstanceOf(StoreRoomNotFoundError)
    await store.close()
  })

  it('should finish queries started before close, then reject every call with LANCHAT_ERR_STORE_CLOSED', async () => {
    const store = await openPostgresStore({ url: postgresUrl(), schema: freshSchema() })
    await store.rooms.create(newRoom('a'))
    const pending = store.log.append(message('a', 'k1'))
    await store.close()
    await expect(pending).resolves.toMatchObject({ duplicate: false, event: { seq: 1 } })
    await expect(store.rooms.get('a')).rejects.toMatchObject({ code: 'LANCHAT_ERR_STORE_CLOSED' })
    await expect(store.log.append(message('a', 'k2'))).rejects.toMatchObject({ code: 'LANCHAT_ERR_STORE_CLOSED' })
    await expect(store.close()).resolves.toBeUndefined()
  })
})
