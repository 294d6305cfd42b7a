import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { newRoom } from '../../../test/store-contract.js'
import { tempDatabasePath } from '../../../test/temp-directory.js'
import { MIGRATIONS, SCHEMA_VERSION, migrate } from './migrations.js'
import { openSqliteStore } from './sqlite-store.js'

function versionOf(path: string): number {
  const db = new Database(path, { readonly: true })
  try {
    return db.pragma('user_version', { simple: true }) as number
  } finally {
    db.close()
  }
}

describe('SqliteStore migrations', () => {
  it('should make the schema of a new file and record its version', async () => {
    const path = tempDatabasePath()
    const store = await openSqliteStore({ path })
    await store.close()
    expect(versionOf(path)).toBe(SCHEMA_VERSION)
  })

  it('should refuse a database written by a newer lanchat, with a clear error, and leave it untouched', async () => {
    const path = tempDatabasePath()
    const future = new Database(path)
    future.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    future.close()

    const opening = openSqliteStore({ path })
    await expect(opening).rejects.toMatchObject({ code: 'LANCHAT_ERR_STORE_SCHEMA_TOO_NEW' })
    await expect(opening).rejects.toThrow(`schema version ${SCHEMA_VERSION + 1}`)
    expect(versionOf(path)).toBe(SCHEMA_VERSION + 1)
    // The refused connection was closed: another one can take the write lock at once.
    const other = new Database(path, { timeout: 0 })
    other.exec('BEGIN IMMEDIATE; ROLLBACK')
    other.close()
  })

  it('should run only the migrations a database lacks, keeping its data', async () => {
    const path = tempDatabasePath()
    const store = await openSqliteStore({ path })
    await store.rooms.create(newRoom('a'))
    await store.close()

    const db = new Database(path)
    migrate(db, [...MIGRATIONS, 'ALTER TABLE rooms ADD COLUMN topic TEXT'])
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1)
    expect(db.prepare('SELECT id, topic FROM rooms').all()).toEqual([{ id: 'a', topic: null }])
    db.close()
  })

  it('should roll back a failing migration together with its version', async () => {
    const path = tempDatabasePath()
    const db = new Database(path)
    migrate(db)
    const broken = 'CREATE TABLE half_done (id TEXT); INSERT INTO no_such_table VALUES (1)'
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no such table/)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").get()).toBeUndefined()
    db.close()
  })
})
