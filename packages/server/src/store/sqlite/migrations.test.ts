import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { change, fullSettings, message, newRoom } from '../../../test/store-contract.js'
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

  it('should bring a version 2 database to version 3: rooms read settings {}, messages no event, members no level', async () => {
    const path = tempDatabasePath()
    const old = new Database(path)
    migrate(old, MIGRATIONS.slice(0, 2))
    old.exec(`
      INSERT INTO rooms (id, name, kind, epoch, retention, created_by, created_at, last_seq)
        VALUES ('a', 'Room a', 'code', 'e-a', 'until-empty', NULL, 1000, 1);
      INSERT INTO room_events (room_id, seq, id, type, ts, sender_id, sender_name, kind, client_msg_id, text, body)
        VALUES ('a', 1, 'm-1', 'message.created', 1000, 'u-1', 'Maria', 'user', 'k1', 'hello', NULL);
      INSERT INTO room_members (room_id, user_id, since) VALUES ('a', 'u-1', 1000);
    `)
    old.close()
    expect(versionOf(path)).toBe(2)

    const store = await openSqliteStore({ path })
    expect(versionOf(path)).toBe(SCHEMA_VERSION)
    expect(await store.rooms.get('a')).toEqual({ ...newRoom('a'), lastSeq: 1, settings: {} })
    const [stored] = (await store.log.latest('a', 10)).events
    expect(stored?.message).toEqual({ id: 'm-1', room: 'a', seq: 1, kind: 'user', from: { id: 'u-1', name: 'Maria' }, text: 'hello', ts: 1_000, clientMsgId: 'k1' })
    expect(Object.keys(stored?.message ?? {})).not.toContain('event')
    expect(await store.memberships.list('a')).toEqual(['u-1'])
    expect(await store.memberships.notifyLevels('u-1')).toEqual(new Map())

    // And the new parts work on the migrated file.
    expect(await store.rooms.update('a', { settings: fullSettings() })).toMatchObject({ lastSeq: 1, epoch: 'e-a' })
    expect(await store.memberships.setNotify('a', 'u-1', 'none')).toBe(true)
    const appended = await store.log.append(change('a', 'c1', { type: 'room.access', access: 'private' }))
    expect(appended.event.seq).toBe(2)
    expect((await store.log.append(message('a', 'k1'))).duplicate).toBe(true)
    await store.close()
    const again = await openSqliteStore({ path })
    expect((await again.rooms.get('a'))?.settings).toEqual(fullSettings())
    expect((await again.log.after('a', 1, 10)).events).toEqual([appended.event])
    expect(await again.memberships.notifyLevels('u-1')).toEqual(new Map([['a', 'none']]))
    await again.close()
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
