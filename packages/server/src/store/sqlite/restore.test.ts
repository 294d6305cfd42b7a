import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { change, fullSettings, message, newRoom } from '../../../test/store-contract.js'
import { tempDirectory } from '../../../test/temp-directory.js'
import { restoreSqliteBackup } from './restore.js'
import { openSqliteStore } from './sqlite-store.js'

describe('restoreSqliteBackup', () => {
  it('should put the backup in place with every room under a new epoch, dropping what came after the backup', async () => {
    const directory = tempDirectory()
    const path = join(directory, 'lanchat.db')
    const live = await openSqliteStore({ path })
    await live.rooms.create(newRoom('a', { epoch: 'e-before', settings: fullSettings() }))
    await live.log.append(message('a', 'k1'))
    const recorded = await live.log.append(change('a', 'c1', { type: 'member.muted', member: { id: 'u-3', name: 'Ola' } }))
    await live.memberships.add('a', 'u-1', 1_000)
    await live.memberships.setNotify('a', 'u-1', 'mentions')
    await live.backup(join(directory, 'backup.db'))
    await live.log.append(message('a', 'k2, after the backup'))
    await live.close()

    expect(await restoreSqliteBackup({ backup: join(directory, 'backup.db'), path })).toEqual({ rooms: 1 })
    const restored = await openSqliteStore({ path })
    const room = await restored.rooms.get('a')
    expect(room).toMatchObject({ lastSeq: 2 })
    expect(room?.settings).toEqual(fullSettings())
    expect(room?.epoch).not.toBe('e-before')
    const events = (await restored.log.latest('a', 10)).events
    expect(events.map((event) => event.message.clientMsgId)).toEqual(['k1', 'c1'])
    expect(events[1]).toEqual(recorded.event)
    expect(await restored.memberships.notifyLevels('u-1')).toEqual(new Map([['a', 'mentions']]))
    await restored.close()
    expect(existsSync(join(directory, 'backup.db'))).toBe(true)
  })

  it('should leave the database alone when the backup cannot be read', async () => {
    const directory = tempDirectory()
    const path = join(directory, 'lanchat.db')
    const live = await openSqliteStore({ path })
    await live.rooms.create(newRoom('a'))
    await live.close()
    await expect(restoreSqliteBackup({ backup: join(directory, 'missing.db'), path })).rejects.toThrow(/ENOENT/)
    const still = await openSqliteStore({ path })
    expect(await still.rooms.get('a')).toBeDefined()
    await still.close()
  })
})
