import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { describeStoreContract, message, newRoom } from '../../../test/store-contract.js'
import { freshSchema, postgresUrl } from '../../../test/services.js'
import { StoreRoomNotFoundError } from '../store.js'
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
