import { describe, expect, it } from 'vitest'
import {
  LanchatClient,
  LanchatConnectionError,
  LanchatError,
  LanchatProtocolError,
  LanchatServerError,
  LanchatTimeoutError,
} from '../src/index.js'
import { chatMessages, maria, pete, roomInfo } from './frames.js'
import { connectClient, handshake, nextEvent, record, sync, waitFor } from './helpers.js'
import { ScriptedPeer } from './peer.js'

describe('LanchatClient requests', () => {
  it('should join, create, page history, rename and leave with typed replies', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)

    const joining = client.join(' K7M2QX ')
    const join = await connection.take('room.join')
    expect(join).toEqual({ type: 'room.join', id: join.id, room: 'k7m2qx' })
    const room = roomInfo('k7m2qx', { lastSeq: 12 })
    connection.send({ type: 'room.joined', ref: join.id, room, members: [maria, pete], messages: chatMessages('k7m2qx', 8, 12), hasMore: true })
    const joined = await joining
    expect(joined).toMatchObject({ type: 'room.joined', room, hasMore: true })
    expect(client.rooms.get('k7m2qx')).toMatchObject({ info: room, members: [maria, pete], typing: [], lastSeq: 12 })

    const creating = client.create({ name: 'Study group' })
    const create = await connection.take('room.create')
    expect(create).toEqual({ type: 'room.create', id: create.id, name: 'Study group' })
    connection.send({ type: 'room.joined', ref: create.id, room: roomInfo('x2y3z4', { name: 'Study group' }), members: [maria], messages: [], hasMore: false })
    expect((await creating).room.name).toBe('Study group')
    const unnamed = client.create()
    const createUnnamed = await connection.take('room.create')
    expect(createUnnamed).toEqual({ type: 'room.create', id: createUnnamed.id })
    connection.send({ type: 'room.joined', ref: createUnnamed.id, room: roomInfo('a2b3c4'), members: [maria], messages: [], hasMore: false })
    await unnamed
    expect([...client.rooms.keys()]).toEqual(['k7m2qx', 'x2y3z4', 'a2b3c4'])

    const paging = client.history('k7m2qx', { before: 8, limit: 4 })
    const history = await connection.take('history.get')
    expect(history).toEqual({ type: 'history.get', id: history.id, room: 'k7m2qx', before: 8, limit: 4 })
    connection.send({ type: 'history.result', ref: history.id, room: 'k7m2qx', messages: chatMessages('k7m2qx', 4, 7), hasMore: true })
    expect((await paging).messages.map((message) => message.seq)).toEqual([4, 5, 6, 7])
    const newest = client.history('k7m2qx')
    const newestFrame = await connection.take('history.get')
    expect(newestFrame).toEqual({ type: 'history.get', id: newestFrame.id, room: 'k7m2qx' })
    connection.send({ type: 'history.result', ref: newestFrame.id, room: 'k7m2qx', messages: [], hasMore: false })
    await newest

    const renaming = client.setName('Mia')
    const rename = await connection.take('profile.update')
    expect(rename.name).toBe('Mia')
    connection.send({ type: 'profile.updated', ref: rename.id, user: { id: maria.id, name: 'Mia' } })
    expect((await renaming).user.name).toBe('Mia')
    expect(client.user).toEqual({ id: maria.id, name: 'Mia' })

    const leaving = client.leave('X2Y3Z4')
    const leave = await connection.take('room.leave')
    expect(leave.room).toBe('x2y3z4')
    connection.send({ type: 'room.left', ref: leave.id, room: 'x2y3z4' })
    expect(await leaving).toEqual({ type: 'room.left', ref: leave.id, room: 'x2y3z4' })
    expect([...client.rooms.keys()]).toEqual(['k7m2qx', 'a2b3c4'])

    // The new name is the one the next hello carries.
    connection.socket.terminate()
    const hello = await (await peer.connection(1)).take('hello')
    expect(hello.name).toBe('Mia')
  })

  it('should emit every reply as an event too', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const pongs = record(client, 'pong')
    await sync(client, connection)
    expect(pongs).toHaveLength(1)
    expect(pongs[0]).toMatchObject({ type: 'pong' })
  })

  it('should reject with a LanchatServerError when the server answers with an error', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const joining = client.join('zzzzzz')
    const join = await connection.take('room.join')
    connection.send({ type: 'error', ref: join.id, code: 'ROOM_NOT_FOUND', message: 'No room "zzzzzz"' })
    const error = await joining.catch((thrown: unknown) => thrown)
    expect(LanchatServerError.isInstance(error)).toBe(true)
    expect(LanchatError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ name: 'LanchatServerError', code: 'ROOM_NOT_FOUND', ref: join.id, message: 'No room "zzzzzz"' })
  })

  it('should reject with a LanchatTimeoutError when no reply comes in time, and ignore a late one', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const errors = record(client, 'error')
    const error = await client.request('ping', {}, { timeoutMs: 30 }).catch((thrown: unknown) => thrown)
    expect(LanchatTimeoutError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'TIMEOUT', operation: 'ping', timeoutMs: 30 })
    const ping = await connection.take('ping')
    connection.send({ type: 'pong', ref: ping.id, ts: Date.now() })
    await sync(client, connection)
    expect(errors).toEqual([])
  })

  it('should reject requests on the wire when the connection drops, and hold new ones until it is back', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const lost = client.history('lobby').catch((thrown: unknown) => thrown)
    await connection.take('history.get')
    connection.socket.terminate()
    const error = await lost
    expect(LanchatConnectionError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'CONNECTION_LOST', closeCode: 1006 })

    await waitFor(() => client.state === 'reconnecting', 'reconnecting')
    const held = client.join('lobby')
    const second = await peer.connection(1)
    await handshake(second)
    const join = await second.take('room.join')
    second.send({ type: 'room.joined', ref: join.id, room: roomInfo('lobby', { kind: 'lobby' }), members: [maria], messages: [], hasMore: false })
    await expect(held).resolves.toMatchObject({ room: { id: 'lobby' } })
  })

  it('should refuse requests before connect()', async () => {
    const client = new LanchatClient({ url: 'ws://127.0.0.1:9/ws', name: 'Maria' })
    await expect(client.join('lobby')).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
    await client.close()
    await expect(client.request('ping', {})).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
  })

  it('should reject a request answered with the wrong reply type', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const joining = client.join('lobby')
    const join = await connection.take('room.join')
    connection.send({ type: 'pong', ref: join.id, ts: 1 })
    const error = await joining.catch((thrown: unknown) => thrown)
    expect(LanchatProtocolError.isInstance(error)).toBe(true)
    expect((error as Error).message).toMatch(/"room.join" with "pong"/)
  })

  it.each([
    ['text that is not JSON', '{"type":', []],
    ['a frame with no type', '{"ref":"1"}', []],
    ['a field that breaks its schema', '{"type":"pong","ref":"1","ts":"yesterday"}', ['/ts']],
    ['a required field missing', '{"type":"member.joined","room":"lobby","ts":1}', ['/']],
  ])('should emit a LanchatProtocolError for %s, ignore the frame and keep working', async (_, frame, paths) => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const errored = nextEvent(client, 'error')
    connection.send(frame)
    const error = await errored
    expect(LanchatProtocolError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'INVALID_FRAME', frame })
    expect((error as LanchatProtocolError).issues.map((issue) => issue.path)).toEqual(paths)
    await sync(client, connection)
    expect(client.state).toBe('open')
  })

  it('should emit a LanchatProtocolError for a binary frame', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const errored = nextEvent(client, 'error')
    connection.socket.send(new Uint8Array([1, 2, 3]))
    expect(await errored).toMatchObject({ code: 'INVALID_FRAME', message: expect.stringMatching(/binary/) })
    await sync(client, connection)
  })

  it('should emit an error frame that answers no request as a LanchatServerError', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const errored = nextEvent(client, 'error')
    connection.send({ type: 'error', code: 'BAD_REQUEST', message: 'Invalid "typing.start" frame', issues: [{ path: '/room', message: 'bad' }] })
    const error = await errored
    expect(LanchatServerError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'BAD_REQUEST', ref: undefined, issues: [{ path: '/room', message: 'bad' }] })
  })

  it('should report a throwing listener as an error event and keep going', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const boom = new Error('listener bug')
    client.on('pong', () => {
      throw boom
    })
    const afterwards = record(client, 'pong')
    const errored = nextEvent(client, 'error')
    await sync(client, connection)
    const error = await errored
    expect(error).toMatchObject({ code: 'LISTENER_ERROR', cause: boom, message: 'A "pong" listener threw: listener bug' })
    expect(afterwards).toHaveLength(1)
    // An error listener that throws too is swallowed (logged), never thrown into the socket callback.
    client.on('error', () => {
      throw new Error('error listener bug')
    })
    await sync(client, connection)
    expect(client.state).toBe('open')
  })

  it('should log through the logger it is given', async () => {
    const peer = await ScriptedPeer.start()
    const warnings: string[] = []
    const { connection, client } = await connectClient(peer, { logger: { warn: (message) => warnings.push(message) } })
    connection.send('not json')
    await sync(client, connection)
    expect(warnings).toEqual(['Frame is not valid JSON'])
  })

  it('should start idle, with no user, rooms or outbox', async () => {
    const client = new LanchatClient({ url: 'ws://127.0.0.1:9/ws', name: 'Maria', session: 'given' })
    expect(client).toMatchObject({ state: 'idle', user: undefined, limits: undefined, session: 'given', outbox: [] })
    expect(client.rooms.size).toBe(0)
    await client.close()
    expect(client.state).toBe('closed')
  })
})
