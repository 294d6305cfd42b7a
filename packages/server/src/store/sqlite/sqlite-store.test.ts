import { describe, expect, it } from 'vitest'
import { describeStoreContract, message, newRoom } from '../../../test/store-contract.js'
import { tempDatabasePath } from '../../../test/temp-directory.js'
import { StoreRoomNotFoundError } from '../store.js'
import { sqliteStoreInternals } from './sqlite-internals.js'
import { openSqliteStore } from './sqlite-store.js'

describeStoreContract('SqliteStore (synchronous full)', () => openSqliteStore({ path: tempDatabasePath() }))
describeStoreContract('SqliteStore (synchronous normal)', () =>
  openSqliteStore({ path: tempDatabasePath(), synchronous: 'normal' }),
)

describe('openSqliteStore', () => {
  it('should default to synchronous full and expose its path', async () => {
    const path = tempDatabasePath()
    const store = await openSqliteStore({ path })
    expect(store.path).toBe(path)
    expect(store.synchronous).toBe('full')
    const { db } = sqliteStoreInternals(store)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    await store.close()
  })

  it('should set synchronous normal and the busy timeout when asked', async () => {
    const store = await openSqliteStore({ path: tempDatabasePath(), synchronous: 'normal', busyTimeoutMs: 250 })
    const { db } = sqliteStoreInternals(store)
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(250)
    await store.close()
  })

  it('should reject invalid options before touching the disk', async () => {
    await expect(openSqliteStore({ path: tempDatabasePath(), synchronous: 'off' as 'full' })).rejects.toThrow(TypeError)
    await expect(openSqliteStore({ path: tempDatabasePath(), busyTimeoutMs: -1 })).rejects.toThrow(RangeError)
  })

  it('should reject, not throw, when the file cannot be opened', async () => {
    const opening = openSqliteStore({ path: `${tempDatabasePath()}/missing-directory/chat.db` })
    await expect(opening).rejects.toThrow()
  })

  it('should reject an append to a missing room with StoreRoomNotFoundError', async () => {
    const store = await openSqliteStore({ path: tempDatabasePath() })
    await expect(store.log.append(message('missing', 'k1'))).rejects.toBeInstanceOf(StoreRoomNotFoundError)
    await store.close()
  })

  it('should commit writes queued before close, then reject every call with LANCHAT_ERR_STORE_CLOSED', async () => {
    const path = tempDatabasePath()
    const store = await openSqliteStore({ path })
    await store.rooms.create(newRoom('a'))
    const pending = store.log.append(message('a', 'k1'))
    await store.close()
    await expect(pending).resolves.toMatchObject({ duplicate: false, event: { seq: 1 } })
    await expect(store.rooms.get('a')).rejects.toMatchObject({ code: 'LANCHAT_ERR_STORE_CLOSED' })
    await expect(store.log.append(message('a', 'k2'))).rejects.toMatchObject({ code: 'LANCHAT_ERR_STORE_CLOSED' })
    await expect(store.backup(`${path}.bak`)).rejects.toMatchObject({ code: 'LANCHAT_ERR_STORE_CLOSED' })
    await expect(store.close()).resolves.toBeUndefined()
  })
})
