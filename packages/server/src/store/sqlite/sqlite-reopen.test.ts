import { describe, expect, it } from 'vitest'
import { message, newRoom } from '../../../test/store-contract.js'
import { tempDatabasePath } from '../../../test/temp-directory.js'
import { openSqliteStore } from './sqlite-store.js'

describe('SqliteStore across a restart', () => {
  it('should find everything it stored after being closed and opened again, and go on numbering', async () => {
    const path = tempDatabasePath()
    const first = await openSqliteStore({ path })
    await first.rooms.create(newRoom('lobby', { kind: 'lobby', retention: 'forever', epoch: 'e-lobby-1' }))
    await first.rooms.create(newRoom('code', { createdBy: 'u-1', epoch: 'e-code-1', createdAt: 2_000 }))
    const sent = await first.log.append(message('lobby', 'k1'))
    await first.log.append(message('lobby', 'k2'))
    await first.log.append(message('code', 'k1'))
    await first.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
    await first.sessions.create({ tokenHash: 'h1', userId: 'u-1', createdAt: 1_000, expiresAt: 9_000 })
    await first.memberships.add('lobby', 'u-1', 1_000)
    await first.memberships.add('code', 'u-2', 2_000)
    const roomsBefore = await first.rooms.list()
    const logBefore = await first.log.latest('lobby', 10)
    await first.close()

    const second = await openSqliteStore({ path })
    expect(await second.rooms.list()).toEqual(roomsBefore)
    expect((await second.rooms.get('lobby'))?.epoch).toBe('e-lobby-1')
    expect(await second.log.latest('lobby', 10)).toEqual(logBefore)
    expect(await second.users.get('u-1')).toEqual({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
    expect(await second.sessions.get('h1', 5_000)).toEqual({ tokenHash: 'h1', userId: 'u-1', createdAt: 1_000, expiresAt: 9_000 })
    expect(await second.memberships.list('lobby')).toEqual(['u-1'])
    expect(await second.memberships.roomsOf('u-2')).toEqual(['code'])
    expect(await second.log.append(message('lobby', 'k1', { text: 'retry' }))).toEqual({ event: sent.event, duplicate: true })
    expect((await second.log.append(message('lobby', 'k3'))).event.seq).toBe(3)
    expect((await second.rooms.get('lobby'))?.lastSeq).toBe(3)
    await second.close()
  })
})
