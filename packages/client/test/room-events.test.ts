import { describe, expect, it } from 'vitest'
import type { RoomAdded, RoomChange } from '@lanchat/protocol'
import { changeMessage, chatMessage, maria, managementFeatures, pete, resumedRoom, roomInfo, welcome } from './frames.js'
import { connectClient, joinRoom, nextEvent, record, sync, timeline, waitFor } from './helpers.js'
import { ScriptedPeer } from './peer.js'

const ana = { id: 'u-ana', name: 'Ana' }
const design = roomInfo('design', { kind: 'named', name: 'Design', access: 'private', owner: maria.id, lastSeq: 2 })

function added(room = design, overrides: Partial<RoomAdded> = {}): RoomAdded {
  return { type: 'room.added', room, members: [maria, pete], messages: [chatMessage(room.id, room.lastSeq)], hasMore: true, ...overrides }
}

describe('LanchatClient room changes', () => {
  it('should apply each change a live system message records to the room info, before the message is delivered', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    await joinRoom(client, connection, design)
    const log: string[] = []
    client.on('room.updated', (room) => log.push(`updated ${room} ${client.rooms.get(room)?.info.name}`))
    client.on('message.created', ({ message }) => log.push(`message ${message.seq}`))
    const info = () => client.rooms.get('design')?.info

    const changes: RoomChange[] = [
      { type: 'room.renamed', name: 'Design team' },
      { type: 'room.topic', topic: 'Mockups' },
      { type: 'room.access', access: 'public' },
      { type: 'room.kept' },
      { type: 'member.role', member: pete, role: 'moderator' },
      { type: 'member.role', member: ana, role: 'moderator' },
      { type: 'member.muted', member: ana },
      { type: 'member.muted', member: pete },
      { type: 'member.unmuted', member: pete },
    ]
    changes.forEach((change, index) => connection.send({ type: 'message.created', message: changeMessage('design', 3 + index, change) }))
    await sync(client, connection)
    expect(info()).toEqual({
      ...design,
      name: 'Design team',
      topic: 'Mockups',
      access: 'public',
      kept: true,
      moderators: [pete.id, ana.id],
      muted: [ana.id],
      lastSeq: 11,
    })
    expect(log.slice(0, 4)).toEqual(['updated design Design team', 'message 3', 'updated design Design team', 'message 4'])
    expect(log).toHaveLength(changes.length * 2)

    const more: RoomChange[] = [
      { type: 'room.topic', topic: '' },
      { type: 'member.role', member: pete, role: 'member' },
      { type: 'member.banned', member: ana },
      { type: 'member.role', member: pete, role: 'owner' },
      { type: 'member.added', member: { id: 'u-lee', name: 'Lee' } },
    ]
    more.forEach((change, index) => connection.send({ type: 'message.created', message: changeMessage('design', 12 + index, change) }))
    await sync(client, connection)
    const { topic: _cleared, ...withoutTopic } = design
    expect(info()).toEqual({ ...withoutTopic, name: 'Design team', access: 'public', kept: true, owner: pete.id, moderators: [], muted: [], lastSeq: 16 })
    // The timeline shows the room as it is now, and the changes as messages.
    expect(client.timeline('design')?.snapshot.room).toEqual(info())
    expect(client.timeline('design')?.snapshot.entries.filter((entry) => entry.kind === 'message')).toHaveLength(14)
  })

  it('should drop a removed member from the moderators and the muted, and leave user messages and other rooms alone', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    await joinRoom(client, connection, { ...design, moderators: [pete.id, ana.id], muted: [pete.id] })
    const updates = record(client, 'room.updated')
    connection.send({ type: 'message.created', message: changeMessage('design', 3, { type: 'member.removed', member: pete }) })
    // A user message carrying an event (no server sends one) changes nothing.
    connection.send({ type: 'message.created', message: { ...changeMessage('design', 4, { type: 'room.renamed', name: 'Fake' }), kind: 'user' } })
    connection.send({ type: 'message.created', message: changeMessage('elsewhere', 1, { type: 'room.renamed', name: 'Nope' }) })
    await sync(client, connection)
    expect(client.rooms.get('design')?.info).toMatchObject({ name: 'Design', moderators: [ana.id], muted: [] })
    expect(updates).toEqual(['design'])
  })

  it('should not apply again the changes a join or a resume already reflects', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    // The join's messages are history: the info already is the room as it is now.
    const joined = { ...design, name: 'Design team', lastSeq: 3 }
    await joinRoom(client, connection, joined, [
      changeMessage('design', 2, { type: 'room.renamed', name: 'Old name' }),
      changeMessage('design', 3, { type: 'room.renamed', name: 'Design team' }),
    ])
    expect(client.rooms.get('design')?.info.name).toBe('Design team')

    connection.socket.terminate()
    const second = await peer.connection(1)
    const hello = await second.take('hello')
    // Missed while away: a rename and an unmute; the resumed info has both, and a later topic change too.
    const now = { ...joined, name: 'Final name', topic: 'Now', lastSeq: 6 }
    second.send(
      welcome(hello.id, {
        features: managementFeatures,
        rooms: [
          resumedRoom(
            now,
            [
              changeMessage('design', 4, { type: 'room.renamed', name: 'In between' }),
              changeMessage('design', 5, { type: 'room.topic', topic: 'Before' }),
              changeMessage('design', 6, { type: 'room.topic', topic: 'Now' }),
            ],
            true,
          ),
        ],
      }),
    )
    const seen = timeline(client, 'design')
    await waitFor(() => seen.length === 3, 'the missed messages')
    expect(client.rooms.get('design')?.info).toEqual(now)
    // A change after the resume applies.
    second.send({ type: 'message.created', message: changeMessage('design', 7, { type: 'room.renamed', name: 'Later' }) })
    await sync(client, second)
    expect(client.rooms.get('design')?.info).toEqual({ ...now, name: 'Later', lastSeq: 7 })
  })

  it('should take a room.updated reply before or after the change message, either way ending at the same info', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    await joinRoom(client, connection, design)
    const updating = client.updateRoom('design', { name: 'Renamed' })
    const update = await connection.take('room.update')
    connection.send({ type: 'room.updated', ref: update.id, room: { ...design, name: 'Renamed', lastSeq: 3 } })
    await updating
    connection.send({ type: 'message.created', message: changeMessage('design', 3, { type: 'room.renamed', name: 'Renamed' }, maria) })
    await sync(client, connection)
    expect(client.rooms.get('design')?.info).toEqual({ ...design, name: 'Renamed', lastSeq: 3 })

    const again = client.updateRoom('design', { topic: 'Mockups' })
    const second = await connection.take('room.update')
    connection.send({ type: 'message.created', message: changeMessage('design', 4, { type: 'room.topic', topic: 'Mockups' }, maria) })
    connection.send({ type: 'room.updated', ref: second.id, room: { ...design, name: 'Renamed', topic: 'Mockups', lastSeq: 4 } })
    await again
    expect(client.rooms.get('design')?.info).toEqual({ ...design, name: 'Renamed', topic: 'Mockups', lastSeq: 4 })
  })
})

describe('LanchatClient notification levels', () => {
  it('should default to all in direct conversations and mentions elsewhere, take the level a snapshot carries, and follow notify.changed', async () => {
    const peer = await ScriptedPeer.start()
    const dm = roomInfo('dm-3f9a', { kind: 'named', name: 'Direct', access: 'private', direct: [maria, pete] })
    const { client, connection } = await connectClient(
      peer,
      {},
      { features: managementFeatures, rooms: [{ ...resumedRoom(roomInfo('quiet'), [], true), notify: 'none' }] },
    )
    expect(client.rooms.get('quiet')?.notify).toBe('none')
    await joinRoom(client, connection, roomInfo('lobby', { kind: 'lobby' }))
    await joinRoom(client, connection, dm)
    expect(client.rooms.get('lobby')?.notify).toBe('mentions')
    expect(client.rooms.get('dm-3f9a')?.notify).toBe('all')

    connection.send({ ...added(roomInfo('loud', { lastSeq: 1 })), notify: 'all' })
    const updated = nextEvent(client, 'room.updated', (room) => room === 'dm-3f9a')
    const changed = nextEvent(client, 'notify.changed')
    connection.send({ type: 'notify.changed', room: 'dm-3f9a', level: 'mentions' })
    await updated
    expect(client.rooms.get('dm-3f9a')?.notify).toBe('mentions')
    expect(await changed).toEqual({ type: 'notify.changed', room: 'dm-3f9a', level: 'mentions' })
    expect(client.rooms.get('loud')?.notify).toBe('all')
  })

  it('should keep the level when a room.updated reply carries none', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    await joinRoom(client, connection, design)
    connection.send({ type: 'notify.changed', room: 'design', level: 'none' })
    const updating = client.updateRoom('design', { topic: 'x' })
    const update = await connection.take('room.update')
    connection.send({ type: 'room.updated', ref: update.id, room: { ...design, topic: 'x' } })
    await updating
    expect(client.rooms.get('design')).toMatchObject({ notify: 'none', info: { topic: 'x' } })
  })
})

describe('LanchatClient rooms added and removed from elsewhere', () => {
  it('should hold a room.added room with its timeline before the event, and resume it after a drop', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    const seen: unknown[] = []
    client.on('room.added', (frame) => {
      seen.push({
        frame: frame.room.id,
        state: client.rooms.get('design')?.info.name,
        entries: client.timeline('design')?.snapshot.entries.length,
        hasMore: client.timeline('design')?.snapshot.hasMore,
      })
    })
    connection.send(added())
    await sync(client, connection)
    expect(seen).toEqual([{ frame: 'design', state: 'Design', entries: 1, hasMore: true }])
    expect(client.rooms.get('design')).toMatchObject({ members: [maria, pete], lastSeq: 2, notify: 'mentions' })

    // Live messages continue after the snapshot's.
    const messages = timeline(client, 'design')
    connection.send({ type: 'message.created', message: chatMessage('design', 2) })
    connection.send({ type: 'message.created', message: chatMessage('design', 3) })
    await sync(client, connection)
    expect(messages.map((message) => message.seq)).toEqual([3])

    connection.socket.terminate()
    const hello = await (await peer.connection(1)).take('hello')
    expect(hello.resume).toEqual([{ room: 'design', epoch: 'epoch-1', lastSeq: 3 }])
  })

  it('should take a room.added for a room it holds as a new snapshot of it', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    await joinRoom(client, connection, design, [chatMessage('design', 2)])
    connection.send(added({ ...design, name: 'Renamed', lastSeq: 3 }, { messages: [chatMessage('design', 3)] }))
    await sync(client, connection)
    expect(client.rooms.get('design')?.info.name).toBe('Renamed')
    expect(client.timeline('design')?.snapshot.entries.map((entry) => entry.key)).toEqual(['message:m-design-2', 'message:m-design-3'])
  })

  it.each([
    ['removed', { by: pete }, 'NOT_A_MEMBER', 'You were removed from the room "design" by Pete'],
    ['banned', { by: pete }, 'NOT_A_MEMBER', 'You were banned from the room "design" by Pete'],
    ['deleted', { by: pete }, 'ROOM_NOT_FOUND', 'The room "design" was deleted by Pete'],
    ['left', {}, 'NOT_A_MEMBER', 'You left the room "design" on another device'],
  ] as const)('should drop a room on room.removed (%s), fail its unsent messages and no longer resume it', async (reason, by, code, message) => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    await joinRoom(client, connection, design)
    await joinRoom(client, connection, roomInfo('lobby', { kind: 'lobby' }))
    const timelineBefore = client.timeline('design')
    let snapshots = 0
    timelineBefore?.subscribe(() => (snapshots += 1))
    const seen: unknown[] = []
    client.on('room.removed', (frame) => seen.push({ frame, held: client.rooms.has('design'), timeline: client.timeline('design') }))

    connection.socket.terminate()
    await waitFor(() => client.state === 'reconnecting', 'reconnecting')
    const waiting = client.send('design', 'written offline')
    const elsewhere = client.send('lobby', 'still fine')
    const second = await peer.connection(1)
    const hello = await second.take('hello')
    second.send(
      welcome(hello.id, {
        features: managementFeatures,
        rooms: [resumedRoom(design, [], true), resumedRoom(roomInfo('lobby', { kind: 'lobby' }), [], true)],
      }),
    )
    // The server removed the room before it saw the message (which it refuses then).
    const send = await second.take('message.send', (frame) => frame.room === 'design')
    const removed = { type: 'room.removed' as const, room: 'design', reason, ...by }
    second.send(removed)
    await sync(client, second)
    expect(seen).toEqual([{ frame: removed, held: false, timeline: undefined }])
    expect(waiting.state).toBe('failed')
    expect(waiting.error).toMatchObject({ code, message })
    expect(elsewhere.state).toBe('pending')
    // Its refusal, which follows, is no news.
    const errors = record(client, 'error')
    second.send({ type: 'error', ref: send.id, code: 'NOT_A_MEMBER', message: 'Not in "design"' })
    await sync(client, second)
    expect(waiting.error).toMatchObject({ code, message })
    expect(errors).toEqual([])
    const afterRemoval = snapshots
    second.send({ type: 'message.created', message: chatMessage('design', 3) })
    await sync(client, second)
    expect(snapshots).toBe(afterRemoval)

    second.socket.terminate()
    const third = await (await peer.connection(2)).take('hello')
    expect(third.resume?.map((point) => point.room)).toEqual(['lobby'])
  })

  it('should ignore a room.removed for a room it does not hold, and still emit it', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    const removed = record(client, 'room.removed')
    const updates = record(client, 'room.updated')
    connection.send({ type: 'room.removed', room: 'nowhere', reason: 'deleted' })
    await sync(client, connection)
    expect(removed).toHaveLength(1)
    expect(updates).toEqual([])
  })
})
