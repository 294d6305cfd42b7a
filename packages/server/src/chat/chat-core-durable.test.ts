import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCodes, type Welcome } from '@lanchat/protocol'
import { create, created, join, record, say, settle, startCore, useCoreTimers } from '../../test/core-harness.js'
import { greet } from '../../test/fake-peer.js'
import { MemoryStore } from '../store/memory-store.js'
import type { LanchatStore } from '../store/store.js'

afterEach(() => {
  vi.useRealTimers()
})

/**
 * A memory store whose writes can be made to fail, as a full disk or a locked database would. The SQLite store's
 * own tests produce those failures for real; here only the chat core's answer to them is under test.
 */
function failingStore(): LanchatStore & { failWrites: boolean } {
  const inner = new MemoryStore()
  const store = {
    failWrites: false,
    rooms: inner.rooms,
    users: inner.users,
    sessions: inner.sessions,
    memberships: inner.memberships,
    accounts: inner.accounts,
    credentials: inner.credentials,
    close: () => inner.close(),
    log: {
      ...inner.log,
      append: async (draft: Parameters<LanchatStore['log']['append']>[0]) => {
        if (store.failWrites) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
        return inner.log.append(draft)
      },
    },
  }
  return store
}

function welcomeOf(reply: { welcome: unknown }): Welcome {
  return reply.welcome as Welcome
}

describe('ChatCore on a durable store: what survives a restart', () => {
  it('should resume every room with recovered: true and exactly the missed messages after a restart', async () => {
    const store = new MemoryStore()
    const before = await startCore({ store })
    const maria = await greet(before, 'Maria')
    const { room } = await create(maria.peer, 'Study group')
    await join(maria.peer, 'lobby')
    await say(maria.peer, room.id, 'one')
    await say(maria.peer, 'lobby', 'hello lobby')
    const lobbyEpoch = before.room('lobby')?.epoch
    await before.close()

    const after = await startCore({ store })
    expect(after.room('lobby')?.epoch).toBe(lobbyEpoch)
    expect(after.room(room.id)).toMatchObject({ epoch: room.epoch, lastSeq: 1, kind: 'code', name: 'Study group' })
    const pete = await greet(after, 'Pete')
    await join(pete.peer, room.id)
    await say(pete.peer, room.id, 'two, while Maria was away')

    const back = await greet(after, 'Maria', {
      session: welcomeOf(maria).session,
      resume: [
        { room: room.id, epoch: room.epoch, lastSeq: 1 },
        { room: 'lobby', epoch: lobbyEpoch ?? '', lastSeq: 1 },
      ],
    })
    const welcome = welcomeOf(back)
    expect(welcome).toMatchObject({ sessionResumed: true, user: welcomeOf(maria).user, lostRooms: [] })
    expect(welcome.rooms.map((resumed) => [resumed.room.id, resumed.recovered, resumed.messages.map((m) => m.text)])).toEqual([
      [room.id, true, ['two, while Maria was away']],
      ['lobby', true, []],
    ])
  })

  it('should keep users and their names, so the same person keeps the same id after a restart', async () => {
    const store = new MemoryStore()
    const before = await startCore({ store })
    const maria = await greet(before, 'Maria')
    await maria.peer.command({ type: 'profile.update', id: 'p', name: 'María' })
    await before.close()
    const after = await startCore({ store })
    const back = welcomeOf(await greet(after, 'María', { session: welcomeOf(maria).session }))
    expect(back.user).toEqual({ id: welcomeOf(maria).user.id, name: 'María' })
    expect(await store.users.get(back.user.id)).toMatchObject({ name: 'María' })
  })

  it('should answer an outbox resend after a restart with the stored copy, not store it twice', async () => {
    const store = new MemoryStore()
    const before = await startCore({ store })
    const maria = await greet(before, 'Maria')
    await join(maria.peer, 'lobby')
    const first = await say(maria.peer, 'lobby', 'only once', 'key-1')
    await before.close()
    const after = await startCore({ store })
    const back = await greet(after, 'Maria', { session: welcomeOf(maria).session })
    await join(back.peer, 'lobby')
    const again = await say(back.peer, 'lobby', 'only once', 'key-1')
    expect(again).toMatchObject({ type: 'message.ack', duplicate: true })
    expect(first).toMatchObject({ type: 'message.ack', duplicate: false })
    if (again.type !== 'message.ack' || first.type !== 'message.ack') return
    expect([again.seq, again.id]).toEqual([first.seq, first.id])
    expect((await store.log.latest('lobby', 10)).events).toHaveLength(1)
  })

  it('should give a code room nobody came back to the grace period after a restart, then delete it with its log', async () => {
    useCoreTimers()
    const store = new MemoryStore()
    const before = await startCore({ store, emptyRoomGraceMs: 5_000 })
    const maria = await greet(before, 'Maria')
    const { room } = await create(maria.peer)
    await say(maria.peer, room.id, 'gone with the room')
    await before.close()

    const after = await startCore({ store, emptyRoomGraceMs: 5_000 })
    const deleted = record(after, 'room.deleted')
    vi.advanceTimersByTime(4_999)
    expect(after.room(room.id)).toBeDefined()
    vi.advanceTimersByTime(1)
    expect(deleted.map((info) => info.id)).toEqual([room.id])
    await settle()
    expect(await store.rooms.get(room.id)).toBeUndefined()
    expect((await store.log.latest(room.id, 10)).events).toEqual([])
  })

  it('should keep a code room whose member comes back within the grace period', async () => {
    useCoreTimers()
    const store = new MemoryStore()
    const before = await startCore({ store, emptyRoomGraceMs: 5_000 })
    const maria = await greet(before, 'Maria')
    const { room } = await create(maria.peer)
    await before.close()
    const after = await startCore({ store, emptyRoomGraceMs: 5_000 })
    await greet(after, 'Maria', { session: welcomeOf(maria).session, resume: [{ room: room.id, epoch: room.epoch, lastSeq: 0 }] })
    vi.advanceTimersByTime(60_000)
    expect(after.room(room.id)).toBeDefined()
    expect(await store.rooms.get(room.id)).toBeDefined()
  })

  it('should rename the stored lobby when the configured name changes', async () => {
    const store = new MemoryStore()
    await (await startCore({ store })).close()
    const after = await startCore({ store, lobby: { name: 'Hallway' } })
    expect(after.room('lobby')?.name).toBe('Hallway')
    expect((await store.rooms.get('lobby'))?.name).toBe('Hallway')
  })
})

describe('ChatCore membership', () => {
  it('should store who belongs to a room apart from who is connected, and forget it on a deliberate leave', async () => {
    const store = new MemoryStore()
    const core = await startCore({ store })
    const maria = await greet(core, 'Maria')
    const pete = await greet(core, 'Pete')
    const { room } = await create(maria.peer)
    await join(pete.peer, room.id)
    const ids = [welcomeOf(maria).user.id, welcomeOf(pete).user.id]
    expect(await store.memberships.list(room.id)).toEqual(ids)
    pete.peer.drop()
    await settle()
    expect(core.members(room.id).map((member) => member.id)).toEqual([ids[0]])
    expect(await store.memberships.list(room.id)).toEqual(ids)
    const back = await greet(core, 'Pete', { session: welcomeOf(pete).session })
    await join(back.peer, room.id)
    await back.peer.command({ type: 'room.leave', id: 'bye', room: room.id })
    await settle()
    expect(await store.memberships.list(room.id)).toEqual([ids[0]])
  })
})

describe('ChatCore idempotency conflicts', () => {
  it('should refuse the same clientMsgId with another text with CONFLICT, keep the original and broadcast nothing', async () => {
    const core = await startCore()
    const maria = await greet(core, 'Maria')
    const pete = await greet(core, 'Pete')
    await join(maria.peer, 'lobby')
    await join(pete.peer, 'lobby')
    const first = await say(maria.peer, 'lobby', 'meet at 5', 'k1')
    const conflict = await say(maria.peer, 'lobby', 'meet at 6', 'k1')
    expect(conflict).toMatchObject({ type: 'error', code: ErrorCodes.CONFLICT })
    if (first.type !== 'message.ack' || conflict.type !== 'error') return
    expect(conflict.message).toContain(`seq ${first.seq}`)
    expect(created(pete.peer, 'lobby').map((message) => message.text)).toEqual(['meet at 5'])
    expect(await say(maria.peer, 'lobby', 'meet at 5', 'k1')).toMatchObject({ type: 'message.ack', duplicate: true, seq: first.seq })
  })
})

describe('ChatCore when the store fails', () => {
  it('should answer UNAVAILABLE with no ack and no broadcast, keep serving, and store a retry once it recovers', async () => {
    const store = failingStore()
    const core = await startCore({ store })
    const maria = await greet(core, 'Maria')
    const pete = await greet(core, 'Pete')
    await join(maria.peer, 'lobby')
    await join(pete.peer, 'lobby')
    store.failWrites = true
    const failed = await say(maria.peer, 'lobby', 'lost?', 'k1')
    expect(failed).toMatchObject({ type: 'error', code: ErrorCodes.UNAVAILABLE })
    expect(created(pete.peer)).toEqual([])
    expect(await pete.peer.command({ type: 'ping', id: 'p' })).toMatchObject({ type: 'pong' })
    store.failWrites = false
    expect(await say(maria.peer, 'lobby', 'lost?', 'k1')).toMatchObject({ type: 'message.ack', seq: 1, duplicate: false })
    expect(created(pete.peer).map((message) => message.text)).toEqual(['lost?'])
  })

  it('should answer a hello with UNAVAILABLE when the store cannot make the session', async () => {
    const inner = new MemoryStore()
    let failing = true
    const store: LanchatStore = {
      ...inner,
      rooms: inner.rooms,
      log: inner.log,
      memberships: inner.memberships,
      sessions: inner.sessions,
      close: () => inner.close(),
      users: {
        ...inner.users,
        create: async (user) => {
          if (failing) throw new Error('disk I/O error')
          return inner.users.create(user)
        },
      },
    }
    const core = await startCore({ store })
    await expect(greet(core, 'Maria')).rejects.toThrow(/UNAVAILABLE/)
    failing = false
    expect(welcomeOf(await greet(core, 'Maria')).user.name).toBe('Maria')
  })
})

describe('ChatCore principals', () => {
  it('should make the user the host vouched for, ignoring a session of someone else', async () => {
    const store = new MemoryStore()
    const core = await startCore({ store })
    const guest = welcomeOf(await greet(core, 'Guest'))
    const principal = { kind: 'user', id: 'acct-7', name: 'Ada' } as const
    const first = welcomeOf(await greet(core, 'whatever', { principal, session: guest.session }))
    expect(first).toMatchObject({ sessionResumed: false, user: { id: 'acct-7', name: 'Ada' } })
    const again = welcomeOf(await greet(core, 'Ada L.', { principal, session: first.session }))
    expect(again).toMatchObject({ sessionResumed: true, user: { id: 'acct-7', name: 'Ada L.' } })
    expect(await store.users.get('acct-7')).toMatchObject({ name: 'Ada L.' })
  })
})
