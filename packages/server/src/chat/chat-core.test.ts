import { afterEach, describe, expect, it, vi } from 'vitest'
import { CloseCode, ErrorCodes, ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, type RoomJoined } from '@lanchat/protocol'
import { create, created, join, record, say, settle, startCore, useCoreTimers } from '../../test/core-harness.js'
import { FakePeer, greet } from '../../test/fake-peer.js'
import { GatedStore } from '../../test/gated-store.js'
import { MemoryStore } from '../store/memory-store.js'
import type { ChatCore } from './chat-core.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('ChatCore handshake', () => {
  it('should welcome a hello with a user, a session secret and the limits in force', async () => {
    const core = await startCore({ joinHistory: 7 })
    const { welcome } = await greet(core, '  Maria ')
    expect(welcome).toMatchObject({
      type: 'welcome',
      protocol: 1,
      user: { name: 'Maria' },
      sessionResumed: false,
      rooms: [],
      lostRooms: [],
      limits: { joinHistory: 7, maxFrameBytes: 65_536, messagesPerSecond: 10, messageBurst: 20 },
    })
    if (welcome.type !== 'welcome') return
    expect(welcome.session.length).toBeGreaterThanOrEqual(43)
  })

  it('should keep the user id when the session secret comes back, and make a new user for an unknown one', async () => {
    const core = await startCore()
    const first = await greet(core, 'Maria')
    if (first.welcome.type !== 'welcome') return
    first.peer.drop()
    const again = await greet(core, 'Maria', { session: first.welcome.session })
    expect(again.welcome).toMatchObject({ sessionResumed: true, user: first.welcome.user, session: first.welcome.session })
    const stranger = await greet(core, 'Maria', { session: 'not-a-session-anyone-was-given' })
    expect(stranger.welcome).toMatchObject({ sessionResumed: false })
    if (stranger.welcome.type !== 'welcome') return
    expect(stranger.welcome.user.id).not.toBe(first.welcome.user.id)
  })

  it('should forget a session its time to live after the last connection closed', async () => {
    useCoreTimers()
    const core = await startCore({ sessionTtlMs: 1_000 })
    const first = await greet(core, 'Maria')
    if (first.welcome.type !== 'welcome') return
    const session = first.welcome.session
    vi.advanceTimersByTime(5_000)
    first.peer.drop()
    vi.advanceTimersByTime(999)
    const resumed = await greet(core, 'Maria', { session })
    expect(resumed.welcome).toMatchObject({ sessionResumed: true })
    resumed.peer.drop()
    vi.advanceTimersByTime(1_000)
    const expired = await greet(core, 'Maria', { session })
    expect(expired.welcome).toMatchObject({ sessionResumed: false })
  })

  it('should answer a command before hello with HANDSHAKE_REQUIRED, and a second hello too', async () => {
    const core = await startCore()
    const peer = new FakePeer(core)
    expect(await peer.command({ type: 'room.join', id: 'early', room: 'lobby' })).toMatchObject({
      type: 'error',
      ref: 'early',
      code: ErrorCodes.HANDSHAKE_REQUIRED,
    })
    await peer.command({ type: 'hello', id: 'h1', protocol: 1, name: 'Maria' })
    expect(await peer.command({ type: 'hello', id: 'h2', protocol: 1, name: 'Maria' })).toMatchObject({
      type: 'error',
      code: ErrorCodes.HANDSHAKE_REQUIRED,
    })
  })

  it('should refuse another protocol version and close with 4000', async () => {
    const core = await startCore()
    const peer = new FakePeer(core)
    expect(await peer.command({ type: 'hello', id: 'h', protocol: 2, name: 'Future' })).toMatchObject({
      type: 'error',
      code: ErrorCodes.UNSUPPORTED_PROTOCOL,
    })
    expect(peer.closed?.code).toBe(CloseCode.UnsupportedProtocol)
  })

  it('should close a connection that does not say hello in time with 4001', async () => {
    useCoreTimers()
    const core = await startCore({ handshakeTimeoutMs: 500 })
    const silent = new FakePeer(core)
    const polite = new FakePeer(core)
    await polite.command({ type: 'hello', id: 'h', protocol: 1, name: 'Polite' })
    vi.advanceTimersByTime(499)
    expect(silent.closed).toBeUndefined()
    vi.advanceTimersByTime(1)
    expect(silent.closed?.code).toBe(CloseCode.HandshakeTimeout)
    expect(polite.closed).toBeUndefined()
  })

  it('should run commands sent before the welcome once it is out, in order', async () => {
    const store = new GatedStore()
    const core = await startCore({ store })
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    // Pete's resume read is paused, so his hello stays unanswered while he sends more.
    const gate = store.pause('after', 'before')
    const pete = new FakePeer(core)
    const hello = pete.receive({
      type: 'hello',
      id: 'h',
      protocol: 1,
      name: 'Pete',
      resume: [{ room: room.id, epoch: room.epoch, lastSeq: 0 }],
    })
    await gate.reached
    const ping = pete.receive({ type: 'ping', id: 'p' })
    expect(pete.frames).toEqual([])
    gate.open()
    await Promise.all([hello, ping])
    await settle()
    expect(pete.frames.map((frame) => frame.type)).toEqual(['welcome', 'pong'])
  })
})

describe('ChatCore rooms', () => {
  it('should make a code room of the protocol alphabet and join its creator', async () => {
    const core = await startCore()
    const events = record(core, 'room.created')
    const { peer } = await greet(core, 'Maria')
    const joined = await create(peer, 'Study group')
    expect(joined.room.id).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`))
    expect(joined).toMatchObject({
      room: { name: 'Study group', kind: 'code', lastSeq: 0 },
      members: [{ name: 'Maria' }],
      messages: [],
      hasMore: false,
    })
    expect(events.map((info) => info.id)).toEqual([joined.room.id])
    const unnamed = await create(peer)
    expect(unnamed.room.name).toBe(`Room ${unnamed.room.id.toUpperCase()}`)
  })

  it('should let others join by code in any case and tell the members, not the joiner', async () => {
    const core = await startCore()
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    const pete = (await greet(core, 'Pete')).peer
    const joined = await join(pete, ` ${room.id.toUpperCase()} `)
    expect(joined.room.id).toBe(room.id)
    expect(joined.members.map((member) => member.name).sort()).toEqual(['Maria', 'Pete'])
    expect(maria.ofType('member.joined')).toMatchObject([{ room: room.id, member: { name: 'Pete' } }])
    expect(pete.ofType('member.joined')).toEqual([])
  })

  it('should answer ROOM_NOT_FOUND and NOT_A_MEMBER', async () => {
    const core = await startCore()
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    const pete = (await greet(core, 'Pete')).peer
    expect(await pete.command({ type: 'room.join', id: 'j', room: 'zzzzzz' })).toMatchObject({
      code: ErrorCodes.ROOM_NOT_FOUND,
    })
    expect(await say(pete, room.id, 'hi')).toMatchObject({ code: ErrorCodes.NOT_A_MEMBER })
    expect(await pete.command({ type: 'history.get', id: 'h', room: room.id })).toMatchObject({
      code: ErrorCodes.NOT_A_MEMBER,
    })
    expect(await pete.command({ type: 'room.leave', id: 'l', room: room.id })).toMatchObject({
      code: ErrorCodes.NOT_A_MEMBER,
    })
    expect(await pete.command({ type: 'room.leave', id: 'l2', room: 'zzzzzz' })).toMatchObject({
      code: ErrorCodes.ROOM_NOT_FOUND,
    })
  })

  it('should tell the others when someone leaves, with the reason', async () => {
    const core = await startCore()
    const left = record(core, 'member.left')
    const maria = (await greet(core, 'Maria')).peer
    await join(maria, 'lobby')
    const pete = (await greet(core, 'Pete')).peer
    await join(pete, 'lobby')
    expect(await pete.command({ type: 'room.leave', id: 'l', room: 'LOBBY' })).toMatchObject({
      type: 'room.left',
      room: 'lobby',
    })
    expect(maria.ofType('member.left')).toMatchObject([{ room: 'lobby', member: { name: 'Pete' }, reason: 'left' }])
    const ann = (await greet(core, 'Ann')).peer
    await join(ann, 'lobby')
    ann.drop()
    expect(maria.ofType('member.left').at(-1)).toMatchObject({ member: { name: 'Ann' }, reason: 'disconnected' })
    expect(left.map((event) => [event.member.name, event.reason])).toEqual([
      ['Pete', 'left'],
      ['Ann', 'disconnected'],
    ])
  })

  it('should always have the lobby, even when everyone left it, unless it is turned off', async () => {
    const core = await startCore()
    expect(core.room('lobby')).toMatchObject({ id: 'lobby', kind: 'lobby', name: 'Lobby' })
    const { peer } = await greet(core, 'Maria')
    await join(peer, 'lobby')
    peer.leave()
    expect(core.room('lobby')).toBeDefined()

    const bare = await startCore({ lobby: false })
    expect(bare.rooms()).toEqual([])
    const lonely = (await greet(bare, 'Maria')).peer
    expect(await lonely.command({ type: 'room.join', id: 'j', room: 'lobby' })).toMatchObject({
      code: ErrorCodes.ROOM_NOT_FOUND,
    })
  })

  it('should rename a user in every room they are in', async () => {
    const core = await startCore()
    const maria = (await greet(core, 'Maria')).peer
    await join(maria, 'lobby')
    const { room } = await create(maria)
    const pete = (await greet(core, 'Pete')).peer
    await join(pete, 'lobby')
    await join(pete, room.id)
    expect(await pete.command({ type: 'profile.update', id: 'p', name: ' Peter ' })).toMatchObject({
      type: 'profile.updated',
      user: { name: 'Peter' },
    })
    expect(maria.ofType('member.updated').map((event) => [event.room, event.member.name, event.previousName]).sort()).toEqual(
      [
        ['lobby', 'Peter', 'Pete'],
        [room.id, 'Peter', 'Pete'],
      ].sort(),
    )
    expect(core.members('lobby').map((member) => member.name).sort()).toEqual(['Maria', 'Peter'])
  })
})

describe('ChatCore ephemeral code rooms', () => {
  it('should delete an empty code room and its history at once when its last member leaves', async () => {
    const store = new MemoryStore()
    const core = await startCore({ store })
    const deleted = record(core, 'room.deleted')
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    await say(maria, room.id, 'soon gone')
    await maria.command({ type: 'room.leave', id: 'l', room: room.id })
    expect(core.room(room.id)).toBeUndefined()
    expect(deleted.map((info) => info.id)).toEqual([room.id])
    await settle()
    expect((await store.log.latest(room.id, 10)).events).toEqual([])
    expect(await store.rooms.get(room.id)).toBeUndefined()
  })

  it('should delete it at once on a clean close too', async () => {
    const core = await startCore()
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    maria.leave()
    expect(core.room(room.id)).toBeUndefined()
  })

  it('should wait the grace period after a drop, and keep the room if its member comes back', async () => {
    useCoreTimers()
    const core = await startCore({ emptyRoomGraceMs: 60_000 })
    const first = await greet(core, 'Maria')
    if (first.welcome.type !== 'welcome') return
    const { room } = await create(first.peer)
    await say(first.peer, room.id, 'still here?')
    first.peer.drop()
    vi.advanceTimersByTime(59_999)
    expect(core.room(room.id)).toBeDefined()

    const back = await greet(core, 'Maria', {
      session: first.welcome.session,
      resume: [{ room: room.id, epoch: room.epoch, lastSeq: 1 }],
    })
    expect(back.welcome).toMatchObject({ rooms: [{ room: { id: room.id }, recovered: true }], lostRooms: [] })
    vi.advanceTimersByTime(120_000)
    expect(core.room(room.id)).toBeDefined()

    back.peer.drop()
    vi.advanceTimersByTime(60_000)
    expect(core.room(room.id)).toBeUndefined()
  })
})

describe('ChatCore messages', () => {
  it('should give each message of a room the next seq and send it to every member, the sender included', async () => {
    const core = await startCore()
    const maria = (await greet(core, 'Maria')).peer
    const pete = (await greet(core, 'Pete')).peer
    const { room } = await create(maria)
    await join(pete, room.id)
    await say(maria, room.id, 'one')
    await say(pete, room.id, 'two')
    const ack = await say(maria, room.id, 'three')
    expect(ack).toMatchObject({ type: 'message.ack', seq: 3, duplicate: false, room: room.id })
    expect(created(maria).map((message) => [message.seq, message.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ])
    expect(created(pete)).toEqual(created(maria))
    expect(core.room(room.id)?.lastSeq).toBe(3)
    // The ack follows the broadcast.
    const types = maria.frames.map((frame) => frame.type)
    expect(types.lastIndexOf('message.created')).toBeLessThan(types.lastIndexOf('message.ack'))
  })

  it('should store a repeated clientMsgId once, answer with the same seq, and not broadcast it again', async () => {
    const core = await startCore()
    const messages = record(core, 'message')
    const maria = (await greet(core, 'Maria')).peer
    const pete = (await greet(core, 'Pete')).peer
    await join(maria, 'lobby')
    await join(pete, 'lobby')
    const first = await say(maria, 'lobby', 'exactly once', 'dup-1')
    const second = await say(maria, 'lobby', 'exactly once', 'dup-1')
    if (first.type !== 'message.ack') throw new Error('no ack')
    expect(second).toMatchObject({ type: 'message.ack', duplicate: true, seq: first.seq, id: first.id, ts: first.ts })
    expect(created(pete)).toHaveLength(1)
    expect(messages).toHaveLength(1)
    // Another user may use the same key: dedupe is per sender.
    expect(await say(pete, 'lobby', 'mine', 'dup-1')).toMatchObject({ duplicate: false, seq: 2 })
  })

  it('should send one serialized string to every member', async () => {
    const core = await startCore()
    const peers = await Promise.all(['A', 'B', 'C'].map(async (name) => (await greet(core, name)).peer))
    for (const peer of peers) await join(peer, 'lobby')
    await say(peers[0] as FakePeer, 'lobby', 'same bytes for all')
    const frames = peers.map((peer) => peer.sent.find((data) => data.includes('same bytes for all')))
    expect(new Set(frames).size).toBe(1)
  })

  it('should refuse text that is only white space', async () => {
    const core = await startCore()
    const { peer } = await greet(core, 'Maria')
    await join(peer, 'lobby')
    expect(await say(peer, 'lobby', ' \n\t ')).toMatchObject({ code: ErrorCodes.BAD_REQUEST })
    expect(created(peer)).toEqual([])
  })

  it('should page history with hasMore', async () => {
    const core = await startCore({ joinHistory: 5 })
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    for (let index = 1; index <= 12; index++) await say(maria, room.id, `message ${index}`)
    const pete = (await greet(core, 'Pete')).peer
    const joined = await join(pete, room.id)
    expect(joined.messages.map((message) => message.seq)).toEqual([8, 9, 10, 11, 12])
    expect(joined.hasMore).toBe(true)
    expect(joined.room.lastSeq).toBe(12)
    const page = await pete.command({ type: 'history.get', id: 'h1', room: room.id, before: 8, limit: 4 })
    expect(page).toMatchObject({ type: 'history.result', hasMore: true })
    if (page.type !== 'history.result') return
    expect(page.messages.map((message) => message.text)).toEqual(['message 4', 'message 5', 'message 6', 'message 7'])
    const last = await pete.command({ type: 'history.get', id: 'h2', room: room.id, before: 4 })
    if (last.type !== 'history.result') throw new Error('no page')
    expect(last.messages.map((message) => message.seq)).toEqual([1, 2, 3])
    expect(last.hasMore).toBe(false)
    const newest = await pete.command({ type: 'history.get', id: 'h3', room: room.id, limit: 2 })
    expect(newest).toMatchObject({ messages: [{ seq: 11 }, { seq: 12 }], hasMore: true })
  })

  it('should let a host hook refuse a message, and answer one that throws with INTERNAL; store nothing either way', async () => {
    const core = await startCore()
    const { peer } = await greet(core, 'Maria')
    await join(peer, 'lobby')
    const unsubscribe = core.onMessage((draft) => (draft.text.includes('spam') ? { reject: 'No spam here' } : undefined))
    core.onMessage((draft) => {
      if (draft.text.includes('boom')) throw new Error('Hook says no')
    })
    expect(await say(peer, 'lobby', 'buy spam')).toMatchObject({ code: ErrorCodes.MESSAGE_REJECTED, message: 'No spam here' })
    const failed = await say(peer, 'lobby', 'boom')
    expect(failed).toMatchObject({ code: ErrorCodes.INTERNAL })
    expect(JSON.stringify(failed)).not.toContain('Hook says no')
    expect(created(peer)).toEqual([])
    unsubscribe()
    expect(await say(peer, 'lobby', 'buy spam')).toMatchObject({ type: 'message.ack', seq: 1 })
  })

  it('should post a system message like any other', async () => {
    const core = await startCore()
    const { peer } = await greet(core, 'Maria')
    await join(peer, 'lobby')
    const message = await core.post('lobby', 'Server restarts at 18:00', 'Bot')
    expect(message).toMatchObject({ kind: 'system', from: { id: 'system', name: 'Bot' }, seq: 1 })
    expect(created(peer)).toEqual([message])
    expect(await core.post('nowhere', 'hello?', 'Bot')).toBeUndefined()
  })

  it('should rate-limit sends with a token bucket', async () => {
    useCoreTimers()
    const core = await startCore({ rateLimit: { messagesPerSecond: 2, burst: 3 } })
    const { peer } = await greet(core, 'Maria')
    await join(peer, 'lobby')
    const replies = []
    for (let index = 0; index < 5; index++) replies.push(await say(peer, 'lobby', `m${index}`, `k${index}`))
    expect(replies.map((reply) => (reply.type === 'error' ? reply.code : reply.type))).toEqual([
      'message.ack',
      'message.ack',
      'message.ack',
      ErrorCodes.RATE_LIMITED,
      ErrorCodes.RATE_LIMITED,
    ])
    expect(replies[3]).toMatchObject({ retryAfterMs: 500 })
    vi.advanceTimersByTime(500)
    // The refused message keeps its place: a later one waits until it is sent again.
    expect(await say(peer, 'lobby', 'later', 'k9')).toMatchObject({ code: ErrorCodes.RATE_LIMITED })
    expect(await say(peer, 'lobby', 'm3', 'k3')).toMatchObject({ type: 'message.ack' })
    expect(await say(peer, 'lobby', 'm4', 'k4')).toMatchObject({ code: ErrorCodes.RATE_LIMITED })
  })
})

describe('ChatCore join without gaps', () => {
  it('should deliver a message stored while a join reads history exactly once, after the reply (read missed it)', async () => {
    const store = new GatedStore()
    const core = await startCore({ store })
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    await say(maria, room.id, 'before')
    const pete = (await greet(core, 'Pete')).peer
    pete.frames.length = 0
    // The read happens now; its answer is held back while Maria's message is stored and fanned out.
    const gate = store.pause('latest', 'after')
    const joining = pete.receive({ type: 'room.join', id: 'j', room: room.id })
    await gate.reached
    await say(maria, room.id, 'during the join')
    expect(pete.frames).toEqual([])
    gate.open()
    await joining
    expect(pete.frames.map((frame) => frame.type)).toEqual(['room.joined', 'message.created'])
    const joined = pete.frames[0] as RoomJoined
    expect(joined.messages.map((message) => message.seq)).toEqual([1])
    expect(created(pete).map((message) => message.seq)).toEqual([2])
  })

  it('should deliver it exactly once when the read already saw it', async () => {
    const store = new GatedStore()
    const core = await startCore({ store })
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    const pete = (await greet(core, 'Pete')).peer
    pete.frames.length = 0
    // The read waits, then sees everything stored meanwhile.
    const gate = store.pause('latest', 'before')
    const joining = pete.receive({ type: 'room.join', id: 'j', room: room.id })
    await gate.reached
    await say(maria, room.id, 'during the join')
    gate.open()
    await joining
    expect(pete.frames.map((frame) => frame.type)).toEqual(['room.joined'])
    expect((pete.frames[0] as RoomJoined).messages.map((message) => message.text)).toEqual(['during the join'])
    await say(maria, room.id, 'after the join')
    expect(created(pete).map((message) => message.seq)).toEqual([2])
  })

  it('should not double a message whose fan-out lands after the reply that contained it', async () => {
    const store = new GatedStore()
    const core = await startCore({ store })
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    const pete = (await greet(core, 'Pete')).peer
    pete.frames.length = 0
    // The message is stored, but its fan-out is held up until after Pete's join has answered.
    const gate = store.pause('append', 'after')
    const sending = say(maria, room.id, 'stored early, sent late')
    await gate.reached
    const joined = await join(pete, room.id)
    expect(joined.messages.map((message) => message.seq)).toEqual([1])
    gate.open()
    await sending
    expect(created(pete)).toEqual([])
    expect(created(maria).map((message) => message.seq)).toEqual([1])
  })

  it('should close a joining connection as a slow consumer when its held events pass the limit', async () => {
    const store = new GatedStore()
    const core = await startCore({ store, maxBufferedBytes: 2_000 })
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    const pete = (await greet(core, 'Pete')).peer
    pete.frames.length = 0
    const gate = store.pause('latest', 'after')
    const joining = pete.receive({ type: 'room.join', id: 'j', room: room.id })
    await gate.reached
    for (let index = 0; index < 5; index++) await say(maria, room.id, 'x'.repeat(600))
    expect(pete.closed?.code).toBe(CloseCode.SlowConsumer)
    gate.open()
    await joining
    await settle()
    expect(core.members(room.id).map((member) => member.name)).toEqual(['Maria'])
  })
})

describe('ChatCore resume', () => {
  async function roomWithMessages(core: ChatCore, count: number) {
    const first = await greet(core, 'Maria')
    if (first.welcome.type !== 'welcome') throw new Error('no welcome')
    const { room } = await create(first.peer)
    const pete = (await greet(core, 'Pete')).peer
    await join(pete, room.id)
    for (let index = 1; index <= count; index++) await say(pete, room.id, `m${index}`)
    return { maria: first.peer, session: first.welcome.session, room, pete }
  }

  it('should replay exactly the missed messages when the epoch matches', async () => {
    const core = await startCore()
    const { maria, session, room, pete } = await roomWithMessages(core, 1)
    maria.drop()
    await say(pete, room.id, 'm2')
    await say(pete, room.id, 'm3')
    const { welcome, peer } = await greet(core, 'Maria', { session, resume: [{ room: room.id, epoch: room.epoch, lastSeq: 1 }] })
    expect(welcome).toMatchObject({
      sessionResumed: true,
      rooms: [{ room: { id: room.id, lastSeq: 3 }, recovered: true, hasMore: true }],
      lostRooms: [],
    })
    if (welcome.type !== 'welcome') return
    expect(welcome.rooms[0]?.messages.map((message) => message.text)).toEqual(['m2', 'm3'])
    await say(pete, room.id, 'm4')
    expect(created(peer).map((message) => message.seq)).toEqual([4])
  })

  it('should answer recovered: false with the newest page when the epoch changed or too much was missed', async () => {
    const core = await startCore({ maxResumeMessages: 2, joinHistory: 3 })
    const { maria, session, room } = await roomWithMessages(core, 6)
    maria.drop()
    const { welcome } = await greet(core, 'Maria', {
      session,
      resume: [{ room: room.id, epoch: room.epoch, lastSeq: 1 }],
    })
    expect(welcome).toMatchObject({ rooms: [{ recovered: false, hasMore: true }] })
    if (welcome.type !== 'welcome') return
    expect(welcome.rooms[0]?.messages.map((message) => message.seq)).toEqual([4, 5, 6])

    const other = await greet(core, 'Maria', { session, resume: [{ room: room.id, epoch: 'old-epoch', lastSeq: 5 }] })
    expect(other.welcome).toMatchObject({ rooms: [{ recovered: false }] })
  })

  it('should list rooms that no longer exist as lost', async () => {
    const core = await startCore()
    const maria = (await greet(core, 'Maria')).peer
    const { room } = await create(maria)
    await maria.command({ type: 'room.leave', id: 'l', room: room.id })
    const { welcome } = await greet(core, 'Maria', {
      resume: [
        { room: room.id, epoch: room.epoch, lastSeq: 0 },
        { room: 'LOBBY', epoch: core.room('lobby')?.epoch ?? '', lastSeq: 0 },
      ],
    })
    expect(welcome).toMatchObject({ lostRooms: [room.id], rooms: [{ room: { id: 'lobby' }, recovered: true }] })
  })

  it('should hold events of a resumed room until the welcome, without gaps', async () => {
    const store = new GatedStore()
    const core = await startCore({ store })
    const { maria, session, room, pete } = await roomWithMessages(core, 2)
    maria.drop()
    const gate = store.pause('after', 'after')
    const back = new FakePeer(core)
    const hello = back.receive({
      type: 'hello',
      id: 'h',
      protocol: 1,
      name: 'Maria',
      session,
      resume: [{ room: room.id, epoch: room.epoch, lastSeq: 1 }],
    })
    await gate.reached
    await say(pete, room.id, 'm3')
    expect(back.frames).toEqual([])
    gate.open()
    await hello
    expect(back.frames.map((frame) => frame.type)).toEqual(['welcome', 'message.created'])
    const seqs = [
      ...(back.frames[0]?.type === 'welcome' ? (back.frames[0].rooms[0]?.messages ?? []) : []),
      ...created(back),
    ].map((message) => message.seq)
    expect(seqs).toEqual([2, 3])
  })
})

describe('ChatCore presence', () => {
  it('should count a user with two connections as one member', async () => {
    const core = await startCore()
    const joinedEvents = record(core, 'member.joined')
    const maria = (await greet(core, 'Maria')).peer
    await join(maria, 'lobby')
    const tab1 = await greet(core, 'Pete')
    if (tab1.welcome.type !== 'welcome') return
    const tab2 = await greet(core, 'Pete', { session: tab1.welcome.session })
    await join(tab1.peer, 'lobby')
    await join(tab2.peer, 'lobby')
    expect(maria.ofType('member.joined')).toHaveLength(1)
    expect(joinedEvents).toHaveLength(2)
    expect(core.members('lobby').map((member) => member.name).sort()).toEqual(['Maria', 'Pete'])

    await say(maria, 'lobby', 'to both tabs')
    expect(created(tab1.peer)).toHaveLength(1)
    expect(created(tab2.peer)).toHaveLength(1)

    tab1.peer.drop()
    expect(maria.ofType('member.left')).toEqual([])
    await tab2.peer.command({ type: 'room.leave', id: 'l', room: 'lobby' })
    expect(maria.ofType('member.left')).toMatchObject([{ member: { name: 'Pete' }, reason: 'left' }])
  })
})

describe('ChatCore typing', () => {
  it('should tell the other members, absorb repeats for 2 s, and expire', async () => {
    useCoreTimers()
    const core = await startCore({ typingTimeoutMs: 6_000 })
    const maria = (await greet(core, 'Maria')).peer
    const pete = (await greet(core, 'Pete')).peer
    await join(maria, 'lobby')
    await join(pete, 'lobby')
    await pete.receive({ type: 'typing.start', room: 'lobby' })
    expect(maria.ofType('typing.changed')).toMatchObject([{ member: { name: 'Pete' }, typing: true }])
    expect(pete.ofType('typing.changed')).toEqual([])

    vi.advanceTimersByTime(1_000)
    await pete.receive({ type: 'typing.start', room: 'lobby' })
    expect(maria.ofType('typing.changed')).toHaveLength(1)
    vi.advanceTimersByTime(1_000)
    await pete.receive({ type: 'typing.start', room: 'lobby' })
    expect(maria.ofType('typing.changed')).toHaveLength(2)

    vi.advanceTimersByTime(5_999)
    expect(maria.ofType('typing.changed')).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(maria.ofType('typing.changed').at(-1)).toMatchObject({ typing: false })
  })

  it('should end a typing notice when the typist sends, before the message', async () => {
    const core = await startCore()
    const maria = (await greet(core, 'Maria')).peer
    const pete = (await greet(core, 'Pete')).peer
    await join(maria, 'lobby')
    await join(pete, 'lobby')
    await pete.receive({ type: 'typing.start', room: 'lobby' })
    await say(pete, 'lobby', 'done typing')
    const relevant = maria.frames.filter((frame) => frame.type === 'typing.changed' || frame.type === 'message.created')
    expect(relevant.map((frame) => (frame.type === 'typing.changed' ? `typing ${frame.typing}` : frame.type))).toEqual([
      'typing true',
      'typing false',
      'message.created',
    ])
  })

  it('should end it on typing.stop and ignore notices for rooms one is not in', async () => {
    const core = await startCore()
    const maria = (await greet(core, 'Maria')).peer
    const pete = (await greet(core, 'Pete')).peer
    await join(maria, 'lobby')
    await pete.receive({ type: 'typing.start', room: 'lobby' })
    expect(maria.ofType('typing.changed')).toEqual([])
    await join(pete, 'lobby')
    await pete.receive({ type: 'typing.start', room: 'lobby' })
    await pete.receive({ type: 'typing.stop', room: 'lobby' })
    await pete.receive({ type: 'typing.stop', room: 'lobby' })
    expect(maria.ofType('typing.changed').map((frame) => frame.typing)).toEqual([true, false])
  })
})

describe('ChatCore host API', () => {
  it('should make named rooms that stay when empty, and refuse a taken id', async () => {
    const core = await startCore()
    const info = await core.createRoom('General', 'General chat')
    expect(info).toMatchObject({ id: 'general', kind: 'named', name: 'General chat', lastSeq: 0 })
    expect(await core.createRoom('general', 'Again')).toBeUndefined()
    const { peer } = await greet(core, 'Maria')
    await join(peer, 'general')
    peer.leave()
    expect(core.room('GENERAL')).toMatchObject({ id: 'general' })
    const generated = await core.createRoom(undefined, 'Generated')
    expect(generated?.id).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`))
  })

  it('should bring back a stored room with its epoch and continue its seq', async () => {
    const store = new MemoryStore()
    const first = await startCore({ store })
    const made = await first.createRoom('general', 'General')
    await first.post('general', 'old', 'Bot')
    await first.close()
    const core = await startCore({ store })
    expect(core.room('general')).toEqual({ ...made, lastSeq: 1 })
    expect(await core.createRoom('general', 'General')).toBeUndefined()
    expect(await core.post('general', 'new', 'Bot')).toMatchObject({ seq: 2 })
  })

  it('should keep serving when a listener throws', async () => {
    const core = await startCore()
    core.on('message', () => {
      throw new Error('listener bug')
    })
    const seen = record(core, 'message')
    const { peer } = await greet(core, 'Maria')
    await join(peer, 'lobby')
    expect(await say(peer, 'lobby', 'still fine')).toMatchObject({ type: 'message.ack' })
    expect(seen).toHaveLength(1)
  })

  it('should answer UNAVAILABLE once shutting down, and stop its timers on close', async () => {
    useCoreTimers()
    const core = await startCore()
    const { peer } = await greet(core, 'Maria')
    const waiting = new FakePeer(core)
    await join(peer, 'lobby')
    await peer.receive({ type: 'typing.start', room: 'lobby' })
    core.beginShutdown()
    expect(await peer.command({ type: 'ping', id: 'p' })).toMatchObject({ code: ErrorCodes.UNAVAILABLE })
    await core.close()
    expect(vi.getTimerCount()).toBe(0)
    expect(waiting.closed).toBeUndefined()
  })
})
