import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { message, newRoom } from '../../../test/store-contract.js'
import { tempDirectory } from '../../../test/temp-directory.js'
import { openSqliteStore } from './sqlite-store.js'

describe('SqliteStore backup', () => {
  it('should copy a serving store into a valid store holding every event acked before the backup', async () => {
    const directory = tempDirectory()
    const store = await openSqliteStore({ path: path.join(directory, 'chat.db') })
    await store.rooms.create(newRoom('a', { settings: { access: 'private', owner: 'u-1' } }))
    await store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
    await store.memberships.add('a', 'u-1', 1_000)
    // Big enough (a few hundred pages) that the backup takes several turns of the event loop.
    const text = 'y'.repeat(1_000)
    for (let index = 1; index <= 300; index++) await store.log.append(message('a', `k${index}`, { text }))
    const acked = (await store.rooms.get('a'))?.lastSeq ?? 0

    const destination = path.join(directory, 'backup.db')
    let done = false
    const backup = store.backup(destination).finally(() => (done = true))
    let appendedDuring = 0
    while (!done) {
      await store.log.append(message('a', `during-${appendedDuring}`, { text }))
      appendedDuring++
    }
    await backup
    expect(appendedDuring).toBeGreaterThan(0)

    const raw = new Database(destination, { readonly: true })
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
    raw.close()

    const copy = await openSqliteStore({ path: destination })
    const copied = await copy.log.after('a', 0, 10_000)
    expect(copied.events.length).toBeGreaterThanOrEqual(acked)
    expect(copied.events.map((event) => event.seq)).toEqual(copied.events.map((_, index) => index + 1))
    expect((await copy.rooms.get('a'))?.lastSeq).toBe(copied.events.length)
    expect(await copy.users.get('u-1')).toEqual({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
    expect(await copy.memberships.list('a')).toEqual(['u-1'])
    expect((await copy.rooms.get('a'))?.settings).toEqual({ access: 'private', owner: 'u-1' })
    expect(copied.events).toEqual((await store.log.after('a', 0, copied.events.length)).events)
    await copy.close()
    await store.close()
  })

  it('should let close() wait for a running backup', async () => {
    const directory = tempDirectory()
    const store = await openSqliteStore({ path: path.join(directory, 'chat.db') })
    await store.rooms.create(newRoom('a'))
    const backup = store.backup(path.join(directory, 'backup.db'))
    await store.close()
    await expect(backup).resolves.toBeUndefined()
  })

  it('should reject when the destination directory does not exist', async () => {
    const directory = tempDirectory()
    const store = await openSqliteStore({ path: path.join(directory, 'chat.db') })
    await expect(store.backup(path.join(directory, 'missing', 'backup.db'))).rejects.toThrow()
    await store.close()
  })
})
