import { describe, expect, it } from 'vitest'
import { LIMITS, type MessageCreated } from '@lanchat/protocol'
import { chatMessage, chatMessages, resumedRoom, roomInfo, welcome } from './frames.js'
import { connectClient, handshake, joinRoom, nextEvent, sync, timeline, waitFor } from './helpers.js'
import { ScriptedPeer } from './peer.js'

const created = (room: string, seq: number): MessageCreated => ({ type: 'message.created', message: chatMessage(room, seq) })

describe('LanchatClient resume and delivery', () => {
  it('should deliver each message once, in order, even when the server repeats or reorders old ones', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    await joinRoom(client, connection, roomInfo('k7m2qx'))
    const seen = timeline(client, 'k7m2qx')
    for (const seq of [1, 2, 2, 1, 3, 3, 2, 4]) connection.send(created('k7m2qx', seq))
    await sync(client, connection)
    expect(seen.map((message) => message.seq)).toEqual([1, 2, 3, 4])
    expect(client.rooms.get('k7m2qx')).toMatchObject({ lastSeq: 4, info: { lastSeq: 4 } })
  })

  it('should not deliver again the messages a join reply carried', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const seen = timeline(client)
    const joined = await joinRoom(client, connection, roomInfo('k7m2qx', { lastSeq: 3 }), chatMessages('k7m2qx', 1, 3))
    expect(joined.messages.map((message) => message.seq)).toEqual([1, 2, 3])
    for (const seq of [3, 4]) connection.send(created('k7m2qx', seq))
    await sync(client, connection)
    expect(seen.map((message) => message.seq)).toEqual([4])
  })

  it('should resume after a drop and deliver the missed messages once, in order, then live ones', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    await joinRoom(client, connection, roomInfo('k7m2qx', { lastSeq: 2 }), chatMessages('k7m2qx', 1, 2))
    const log: Array<string | number> = []
    client.on('room.resumed', ({ recovered }) => log.push(`resumed ${recovered}`))
    client.on('message.created', ({ message }) => log.push(message.seq))
    connection.send(created('k7m2qx', 3))
    await sync(client, connection)

    connection.socket.terminate()
    const second = await peer.connection(1)
    const hello = await second.take('hello')
    expect(hello.resume).toEqual([{ room: 'k7m2qx', epoch: 'epoch-1', lastSeq: 3 }])
    // The replay overlaps what was delivered (seq 3); live frames then repeat the replay's tail.
    second.send(
      welcome(hello.id, {
        sessionResumed: true,
        rooms: [resumedRoom(roomInfo('k7m2qx', { lastSeq: 5 }), chatMessages('k7m2qx', 3, 5), true)],
      }),
    )
    for (const seq of [5, 4, 6]) second.send(created('k7m2qx', seq))
    await sync(client, second)

    expect(log).toEqual([3, 'resumed true', 4, 5, 6])
    expect(client.rooms.get('k7m2qx')?.lastSeq).toBe(6)
  })

  it('should report a resume that could not recover, then deliver the newest page to restart the timeline', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    await joinRoom(client, connection, roomInfo('k7m2qx', { lastSeq: 8 }), chatMessages('k7m2qx', 7, 8))
    const log: Array<string | number> = []
    const resumed = nextEvent(client, 'room.resumed')
    client.on('room.resumed', ({ recovered, hasMore }) => log.push(`resumed ${recovered} ${hasMore}`))
    client.on('message.created', ({ message }) => log.push(message.seq))

    connection.socket.terminate()
    const second = await peer.connection(1)
    const hello = await second.take('hello')
    // The room was lost and made again: a new epoch, and seq starts over.
    const room = roomInfo('k7m2qx', { epoch: 'epoch-2', lastSeq: 2 })
    second.send(welcome(hello.id, { rooms: [{ ...resumedRoom(room, chatMessages('k7m2qx', 1, 2), false), hasMore: true }] }))
    expect(await resumed).toMatchObject({ recovered: false, hasMore: true, room: { epoch: 'epoch-2' } })
    second.send(created('k7m2qx', 3))
    await sync(client, second)

    expect(log).toEqual(['resumed false true', 1, 2, 3])
    expect(client.rooms.get('k7m2qx')).toMatchObject({ lastSeq: 3, info: { epoch: 'epoch-2' } })
  })

  it('should forget rooms the server lists as lost', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    await joinRoom(client, connection, roomInfo('k7m2qx'))
    await joinRoom(client, connection, roomInfo('lobby', { kind: 'lobby' }))
    const updated: string[] = []
    client.on('room.updated', (room) => updated.push(room))

    connection.socket.terminate()
    const hello = await handshake(await peer.connection(1), {
      rooms: [resumedRoom(roomInfo('lobby', { kind: 'lobby' }), [], true)],
      lostRooms: ['k7m2qx'],
    })
    expect(hello.resume?.map((point) => point.room)).toEqual(['k7m2qx', 'lobby'])
    await waitFor(() => !client.rooms.has('k7m2qx'), 'lost room forgotten')
    expect([...client.rooms.keys()]).toEqual(['lobby'])
    expect(updated).toEqual(expect.arrayContaining(['k7m2qx', 'lobby']))
  })

  it('should rejoin the rooms a hello has no place for, as a resume', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const ids = Array.from({ length: LIMITS.maxResumeRooms + 1 }, (_, index) => `room-${index}`)
    for (const id of ids) await joinRoom(client, connection, roomInfo(id, { lastSeq: 1 }), chatMessages(id, 1, 1))
    const last = ids.at(-1) as string
    const seen = timeline(client, last)
    const resumed = nextEvent(client, 'room.resumed', (room) => room.room.id === last)

    connection.socket.terminate()
    const second = await peer.connection(1)
    const hello = await second.take('hello')
    expect(hello.resume).toHaveLength(LIMITS.maxResumeRooms)
    expect(hello.resume?.map((point) => point.room)).not.toContain(last)
    second.send(
      welcome(hello.id, {
        rooms: (hello.resume ?? []).map((point) => resumedRoom(roomInfo(point.room, { lastSeq: 1 }), [], true)),
      }),
    )
    const rejoin = await second.take('room.join')
    expect(rejoin.room).toBe(last)
    second.send({
      type: 'room.joined',
      ref: rejoin.id,
      room: roomInfo(last, { lastSeq: 3 }),
      members: [],
      messages: chatMessages(last, 1, 3),
      hasMore: false,
    })
    expect(await resumed).toMatchObject({ recovered: true })
    await sync(client, second)
    expect(seen.map((message) => message.seq)).toEqual([2, 3])
    expect(client.rooms.size).toBe(ids.length)
  })
})
