import { describe, expect, it } from 'vitest'
import { message, newRoom } from '../../../test/store-contract.js'
import { tempDatabasePath } from '../../../test/temp-directory.js'
import { sqliteStoreInternals } from './sqlite-internals.js'
import { openSqliteStore } from './sqlite-store.js'

async function openStore() {
  const store = await openSqliteStore({ path: tempDatabasePath() })
  return { store, stats: sqliteStoreInternals(store).stats }
}

describe('SqliteStore group commit', () => {
  it('should commit 200 appends to 50 rooms made in one tick in one transaction', async () => {
    const { store, stats } = await openStore()
    const rooms = Array.from({ length: 50 }, (_, index) => `r${index}`)
    await Promise.all(rooms.map((room) => store.rooms.create(newRoom(room))))
    const before = { ...stats }

    const appends = rooms.flatMap((room) => [1, 2, 3, 4].map((index) => store.log.append(message(room, `k${index}`))))
    const results = await Promise.all(appends)

    expect(stats.writes - before.writes).toBe(200)
    expect(stats.commits - before.commits).toBe(1)
    expect(results.every((result) => !result.duplicate)).toBe(true)
    for (const room of rooms) {
      const page = await store.log.latest(room, 10)
      expect(page.events.map((event) => [event.seq, event.message.clientMsgId])).toEqual([
        [1, 'k1'],
        [2, 'k2'],
        [3, 'k3'],
        [4, 'k4'],
      ])
    }
    await store.close()
  })

  it('should reject only the writes that fail, and still commit the rest of their batch', async () => {
    const { store, stats } = await openStore()
    await store.rooms.create(newRoom('a'))
    await store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
    const before = { ...stats }

    const [good, missingRoom, takenUser, orphanSession, alsoGood] = await Promise.allSettled([
      store.log.append(message('a', 'k1')),
      store.log.append(message('missing', 'k1')),
      store.users.create({ id: 'u-1', name: 'Other', createdAt: 2_000 }),
      store.sessions.create({ tokenHash: 'h', userId: 'u-9', createdAt: 1_000, expiresAt: 9_000 }),
      store.log.append(message('a', 'k2')),
    ])

    expect(stats.commits - before.commits).toBe(1)
    expect(good).toMatchObject({ status: 'fulfilled', value: { event: { seq: 1 } } })
    expect(alsoGood).toMatchObject({ status: 'fulfilled', value: { event: { seq: 2 } } })
    expect(missingRoom).toMatchObject({ status: 'rejected', reason: { name: 'StoreRoomNotFoundError' } })
    expect(takenUser).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } })
    expect(orphanSession).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' } })
    expect((await store.users.get('u-1'))?.name).toBe('Maria')
    expect(await store.sessions.get('h', 0)).toBeUndefined()
    expect((await store.rooms.get('a'))?.lastSeq).toBe(2)
    await store.close()
  })

  it('should store one message for a key repeated in one batch and answer the repeats with it', async () => {
    const { store, stats } = await openStore()
    await store.rooms.create(newRoom('a'))
    const before = { ...stats }
    const results = await Promise.all([
      store.log.append(message('a', 'same')),
      store.log.append(message('a', 'other')),
      store.log.append(message('a', 'same', { text: 'second try' })),
    ])
    expect(stats.commits - before.commits).toBe(1)
    expect(results.map((result) => result.duplicate)).toEqual([false, false, true])
    expect(results[2]?.event).toEqual(results[0]?.event)
    expect((await store.rooms.get('a'))?.lastSeq).toBe(2)
    await store.close()
  })

  it('should resolve a write only once its batch has committed', async () => {
    const { store } = await openStore()
    await store.rooms.create(newRoom('a'))
    const { db } = sqliteStoreInternals(store)
    const append = store.log.append(message('a', 'k1'))
    // Queued, not yet run: a read now does not see it.
    expect(db.prepare('SELECT count(*) AS n FROM room_events').get()).toEqual({ n: 0 })
    await append
    expect(db.inTransaction).toBe(false)
    expect(db.prepare('SELECT count(*) AS n FROM room_events').get()).toEqual({ n: 1 })
    await store.close()
  })
})
