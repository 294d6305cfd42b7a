import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { message, newRoom } from '../../../test/store-contract.js'
import { tempDatabasePath } from '../../../test/temp-directory.js'
import { messagesOf } from '../store.js'
import { sqliteStoreInternals } from './sqlite-internals.js'
import { openSqliteStore } from './sqlite-store.js'

// Real SQLite failures, no mocks: a page limit makes the file "full", and a second connection holds the lock.

describe('SqliteStore when SQLite fails', () => {
  it('should reject an append that hits SQLITE_FULL, store none of it, and append again once there is room', async () => {
    const store = await openSqliteStore({ path: tempDatabasePath() })
    const { db } = sqliteStoreInternals(store)
    await store.rooms.create(newRoom('a'))
    await store.log.append(message('a', 'k1'))
    const pages = db.pragma('page_count', { simple: true }) as number
    db.pragma(`max_page_count = ${pages}`)

    await expect(store.log.append(message('a', 'big', { text: 'x'.repeat(64_000) }))).rejects.toMatchObject({
      code: 'SQLITE_FULL',
    })
    expect((await store.rooms.get('a'))?.lastSeq).toBe(1)
    expect((await store.log.latest('a', 10)).events.map((event) => event.message.clientMsgId)).toEqual(['k1'])

    db.pragma('max_page_count = 1073741823')
    const retried = await store.log.append(message('a', 'big', { text: 'x'.repeat(64_000) }))
    expect(retried).toMatchObject({ duplicate: false, event: { seq: 2 } })
    await store.close()
  })

  it('should store a write of a batch that hits SQLITE_FULL exactly when it resolves, before or after the failing one', async () => {
    const store = await openSqliteStore({ path: tempDatabasePath() })
    const { db } = sqliteStoreInternals(store)
    await store.rooms.create(newRoom('a'))
    await store.rooms.create(newRoom('b'))
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)

    // SQLite may answer SQLITE_FULL by rolling back the whole transaction; the writes around the failing one
    // must then reject too, and the one after it must not slip into the file in autocommit mode.
    const [before, big, after] = await Promise.allSettled([
      store.log.append(message('b', 'before')),
      store.log.append(message('a', 'big', { text: 'x'.repeat(64_000) })),
      store.log.append(message('b', 'after')),
    ])
    expect(big).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_FULL' } })
    expect(db.inTransaction).toBe(false)
    const stored = messagesOf((await store.log.latest('b', 10)).events).map((event) => event.clientMsgId)
    const resolved = [before.status === 'fulfilled' && 'before', after.status === 'fulfilled' && 'after']
    expect(stored).toEqual(resolved.filter((key) => key !== false))
    expect((await store.rooms.get('a'))?.lastSeq).toBe(0)
    expect((await store.rooms.get('b'))?.lastSeq).toBe(stored.length)

    db.pragma('max_page_count = 1073741823')
    await expect(store.log.append(message('b', 'later'))).resolves.toMatchObject({ duplicate: false })
    await store.close()
  })

  it('should reject every write of a batch with SQLITE_BUSY while another connection holds the write lock', async () => {
    const path = tempDatabasePath()
    const store = await openSqliteStore({ path, busyTimeoutMs: 20 })
    const stats = sqliteStoreInternals(store).stats
    await store.rooms.create(newRoom('a'))
    await store.log.append(message('a', 'k1'))
    const other = new Database(path)
    other.exec('BEGIN IMMEDIATE')

    const before = { ...stats }
    const results = await Promise.allSettled([
      store.log.append(message('a', 'k2')),
      store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 }),
    ])
    expect(results).toMatchObject([
      { status: 'rejected', reason: { code: 'SQLITE_BUSY' } },
      { status: 'rejected', reason: { code: 'SQLITE_BUSY' } },
    ])
    expect(stats.failedBatches - before.failedBatches).toBe(1)
    // WAL: reading goes on while another connection writes.
    expect((await store.log.latest('a', 10)).events).toHaveLength(1)
    expect((await store.rooms.get('a'))?.lastSeq).toBe(1)
    expect(await store.users.get('u-1')).toBeUndefined()

    other.exec('ROLLBACK')
    other.close()
    expect(await store.log.append(message('a', 'k2'))).toMatchObject({ duplicate: false, event: { seq: 2 } })
    await store.close()
  })
})
