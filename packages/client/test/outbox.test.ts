import { describe, expect, it } from 'vitest'
import { ErrorCodes, type ChatMessage, type ErrorCode } from '@lanchat/protocol'
import { LanchatServerError, type OutgoingMessage } from '../src/index.js'
import { ack, chatMessage, limits, maria, resumedRoom, roomInfo, welcome } from './frames.js'
import { connectClient, createClient, handshake, joinRoom, recordingWebSocket, sync, timeline, waitFor } from './helpers.js'
import { ScriptedPeer, type PeerConnection } from './peer.js'

/** What the server stores for a `message.send` of Maria's. */
function storedAs(frame: { room: string; text: string; clientMsgId: string }, seq: number): ChatMessage {
  return chatMessage(frame.room, seq, { from: maria, text: frame.text, clientMsgId: frame.clientMsgId, id: `m-${seq}` })
}

/** Plays the server storing a message: `message.created` to the room, then the ack. */
async function store(connection: PeerConnection, seq: number): Promise<ChatMessage> {
  const frame = await connection.take('message.send')
  const message = storedAs(frame, seq)
  connection.send({ type: 'message.created', message })
  connection.send(ack(frame.id, message))
  return message
}

const room = roomInfo('k7m2qx')
const whileOnline = [resumedRoom(room, [], true)]

describe('LanchatClient outbox', () => {
  it('should send at once when online and settle on the stored message', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    await joinRoom(client, connection, room)
    const changes: string[] = []
    client.on('outbox', (changed) => changes.push(changed.state))
    const seen = timeline(client)

    const outgoing = client.send('K7M2QX', 'Hi Pete!')
    expect(outgoing).toMatchObject({ room: 'k7m2qx', text: 'Hi Pete!', state: 'pending' })
    expect(client.outbox).toEqual([outgoing])
    const message = await store(connection, 1)
    await expect(outgoing.acked).resolves.toEqual(message)
    expect(outgoing).toMatchObject({ state: 'sent', message })
    expect(client.outbox).toEqual([])
    expect(seen).toEqual([message])
    expect(changes).toEqual(['pending', 'sent'])
  })

  it("should show what was sent before the join finished in the room's new timeline, as outgoing", async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const early = client.send('k7m2qx', 'Sent before the join came back')
    const frame = await connection.take('message.send')

    await joinRoom(client, connection, room)
    const entries = () => client.timeline('k7m2qx')?.snapshot.entries ?? []
    expect(entries()).toEqual([{ kind: 'outgoing', key: `outgoing:${early.clientMsgId}`, outgoing: early }])

    const message = storedAs(frame, 1)
    connection.send({ type: 'message.created', message })
    connection.send(ack(frame.id, message))
    await expect(early.acked).resolves.toEqual(message)
    expect(entries()).toMatchObject([{ kind: 'message', message }])
  })

  it('should queue messages written offline and send each once, with its clientMsgId, after the welcome', async () => {
    const peer = await ScriptedPeer.start()
    const { WebSocket, sent } = await recordingWebSocket()
    const { client, connection } = await connectClient(peer, { WebSocket })
    await joinRoom(client, connection, room)
    connection.socket.terminate()
    await waitFor(() => client.state === 'reconnecting', 'offline')

    // The next connection is up, but its welcome is held back: the client is still offline.
    const second = await peer.connection(1)
    const hello = await second.take('hello')
    const queued = [client.send('k7m2qx', 'typed offline 1'), client.send('k7m2qx', 'typed offline 2')]
    expect(queued.map((outgoing) => outgoing.state)).toEqual(['pending', 'pending'])
    expect(client.outbox).toEqual(queued)
    // Nothing went out after the new connection's hello: the messages wait for its welcome.
    expect(JSON.parse(sent.at(-1) ?? '{}')).toMatchObject({ type: 'hello', id: hello.id })

    second.send(welcome(hello.id, { rooms: whileOnline }))
    const stored = [await store(second, 1), await store(second, 2)]
    await expect(Promise.all(queued.map((outgoing) => outgoing.acked))).resolves.toEqual(stored)
    expect(stored.map((message) => message.clientMsgId)).toEqual(queued.map((outgoing) => outgoing.clientMsgId))
    expect(stored.map((message) => message.text)).toEqual(['typed offline 1', 'typed offline 2'])
    await sync(client, second)
    expect(second.framesOf('message.send')).toHaveLength(2)
    expect(connection.framesOf('message.send')).toHaveLength(0)
    expect(client.outbox).toEqual([])
  })

  it('should send what waited offline before what a listener sends when the connection is back', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    connection.socket.terminate()
    await waitFor(() => client.state === 'reconnecting', 'offline')
    const older = client.send('lobby', 'written offline')
    client.once('open', () => client.send('lobby', 'written on open'))
    const second = await peer.connection(1)
    await handshake(second)
    const frames = [await second.take('message.send'), await second.take('message.send')]
    expect(frames.map((frame) => frame.text)).toEqual(['written offline', 'written on open'])
    expect(frames[0]?.clientMsgId).toBe(older.clientMsgId)
  })

  it('should queue messages sent before connect() and send them after the first welcome', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    const outgoing = client.send('lobby', 'early bird')
    const connected = client.connect()
    const connection = await peer.connection(0)
    await handshake(connection)
    await connected
    const frame = await connection.take('message.send')
    expect(frame).toMatchObject({ room: 'lobby', text: 'early bird', clientMsgId: outgoing.clientMsgId })
  })

  it('should resend a message whose ack was lost with the connection, and settle on the duplicate ack', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    await joinRoom(client, connection, room)
    const outgoing = client.send('k7m2qx', 'did this arrive?')
    const first = await connection.take('message.send')
    // The server stored it, but the connection died before anything came back.
    connection.socket.terminate()

    const second = await peer.connection(1)
    await handshake(second, { rooms: whileOnline })
    const resent = await second.take('message.send')
    expect(resent).toMatchObject({ clientMsgId: first.clientMsgId, text: first.text, room: first.room })
    expect(resent.id).not.toBe(first.id)
    second.send(ack(resent.id, storedAs(resent, 1), true))
    await expect(outgoing.acked).resolves.toMatchObject({
      seq: 1,
      clientMsgId: outgoing.clientMsgId,
      text: 'did this arrive?',
      from: maria,
      kind: 'user',
    })
    expect(outgoing.state).toBe('sent')
    await sync(client, second)
    expect(second.framesOf('message.send')).toHaveLength(1)
  })

  it('should settle from the resume replay without sending again', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    await joinRoom(client, connection, room)
    const seen = timeline(client)
    const outgoing = client.send('k7m2qx', 'stored before the cut')
    const frame = await connection.take('message.send')
    connection.socket.terminate()

    const second = await peer.connection(1)
    const message = storedAs(frame, 1)
    await handshake(second, { rooms: [resumedRoom(roomInfo('k7m2qx', { lastSeq: 1 }), [message], true)] })
    await expect(outgoing.acked).resolves.toEqual(message)
    await sync(client, second)
    expect(second.framesOf('message.send')).toEqual([])
    expect(seen).toEqual([message])
  })

  it.each([ErrorCodes.MESSAGE_REJECTED, ErrorCodes.NOT_A_MEMBER, ErrorCodes.ROOM_NOT_FOUND, ErrorCodes.BAD_REQUEST])(
    'should fail a message the server refuses with %s, and send it again on retry',
    async (code: ErrorCode) => {
      const peer = await ScriptedPeer.start()
      const { client, connection } = await connectClient(peer)
      const changes: string[] = []
      client.on('outbox', (outgoing) => changes.push(outgoing.state))
      const outgoing = client.send('k7m2qx', 'a forbidden word')
      const frame = await connection.take('message.send')
      connection.send({ type: 'error', ref: frame.id, code, message: 'Refused' })

      const error = await outgoing.acked.catch((thrown: unknown) => thrown)
      expect(LanchatServerError.isInstance(error)).toBe(true)
      expect(error).toMatchObject({ code, ref: frame.id, message: 'Refused' })
      expect(outgoing).toMatchObject({ state: 'failed', error })
      expect(client.outbox).toEqual([outgoing])

      expect(client.retry(outgoing.clientMsgId)).toBe(outgoing)
      expect(outgoing.state).toBe('pending')
      const resent = await connection.take('message.send')
      expect(resent.clientMsgId).toBe(frame.clientMsgId)
      const message = storedAs(resent, 1)
      connection.send(ack(resent.id, message))
      await expect(outgoing.acked).resolves.toEqual(message)
      expect(changes).toEqual(['pending', 'failed', 'pending', 'sent'])
      expect(client.outbox).toEqual([])
    },
  )

  it('should fail a message whose key the server already holds for another text, and retry it under a new key', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const outgoing = client.send('k7m2qx', 'meet at 6', { clientMsgId: 'reused-key' })
    const frame = await connection.take('message.send')
    connection.send({ type: 'error', ref: frame.id, code: ErrorCodes.CONFLICT, message: 'clientMsgId "reused-key" was already used' })

    await expect(outgoing.acked).rejects.toMatchObject({ code: ErrorCodes.CONFLICT })
    expect(outgoing.state).toBe('failed')
    const again = client.retry('reused-key')
    expect(again).toBeDefined()
    expect(again?.clientMsgId).not.toBe('reused-key')
    expect(client.outbox).toEqual([again])
    const resent = await connection.take('message.send')
    expect(resent).toMatchObject({ clientMsgId: again?.clientMsgId, text: 'meet at 6' })
    const message = storedAs(resent, 2)
    connection.send(ack(resent.id, message))
    await expect(again?.acked).resolves.toEqual(message)
  })

  it('should not cause an unhandled rejection when the app ignores acked', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    client.send('k7m2qx', 'nobody awaits me')
    const frame = await connection.take('message.send')
    connection.send({ type: 'error', ref: frame.id, code: 'MESSAGE_REJECTED', message: 'No' })
    await sync(client, connection)
    // Vitest fails the run on an unhandled rejection; this gives one the chance to surface.
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(client.outbox[0]?.state).toBe('failed')
  })

  it('should resend rate-limited messages by itself after a pause, in order', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { limits: { ...limits, messagesPerSecond: 200 } })
    const outgoing = ['one', 'two', 'three'].map((text) => client.send('k7m2qx', text))
    const firstTry = [await connection.take('message.send'), await connection.take('message.send'), await connection.take('message.send')]
    for (const frame of firstTry) connection.send({ type: 'error', ref: frame.id, code: 'RATE_LIMITED', message: 'Slow down' })
    expect(outgoing.map((message) => message.state)).toEqual(['pending', 'pending', 'pending'])

    let seq = 0
    for (const expected of outgoing) {
      const frame = await connection.take('message.send')
      expect(frame.clientMsgId).toBe(expected.clientMsgId)
      seq += 1
      connection.send(ack(frame.id, storedAs(frame, seq)))
    }
    const messages = await Promise.all(outgoing.map((message) => message.acked))
    expect(messages.map((message) => [message.seq, message.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ])
    await sync(client, connection)
    expect(connection.framesOf('message.send')).toHaveLength(6)
  })

  it('should drop a discarded message and never send it', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    connection.socket.terminate()
    await waitFor(() => client.state !== 'open', 'offline')
    const kept = client.send('k7m2qx', 'keep me')
    const dropped = client.send('k7m2qx', 'forget me')
    expect(client.discard(dropped.clientMsgId)).toBe(true)
    expect(client.discard(dropped.clientMsgId)).toBe(false)
    await expect(dropped.acked).rejects.toMatchObject({ code: 'MESSAGE_DISCARDED' })
    expect(client.outbox).toEqual([kept])

    const second = await peer.connection(1)
    await handshake(second)
    const frame = await second.take('message.send')
    expect(frame.clientMsgId).toBe(kept.clientMsgId)
    await sync(client, second)
    expect(second.framesOf('message.send')).toHaveLength(1)
  })

  it('should fail a message longer than the server takes without sending it', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { limits: { ...limits, maxTextLength: 10 } })
    const outgoing: OutgoingMessage = client.send('k7m2qx', 'x'.repeat(11))
    expect(outgoing.state).toBe('failed')
    await expect(outgoing.acked).rejects.toMatchObject({ code: 'MESSAGE_TOO_LONG' })
    expect(client.retry(outgoing.clientMsgId)?.state).toBe('failed')
    await sync(client, connection)
    expect(connection.framesOf('message.send')).toEqual([])
  })

  it('should send with the clientMsgId it is given, and return the queued message for a key it already has', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    const saved = client.send('lobby', 'written before the reload', { clientMsgId: 'saved-before-reload_1' })
    expect(client.send('lobby', 'written before the reload', { clientMsgId: 'saved-before-reload_1' })).toBe(saved)
    expect(client.outbox).toEqual([saved])

    const connected = client.connect()
    const connection = await peer.connection(0)
    await handshake(connection)
    await connected
    const frame = await connection.take('message.send')
    expect(frame).toMatchObject({ room: 'lobby', text: 'written before the reload', clientMsgId: 'saved-before-reload_1' })
    // The server had stored it before the reload: it answers with the stored message, marked duplicate.
    connection.send(ack(frame.id, storedAs(frame, 7), true))
    await expect(saved.acked).resolves.toMatchObject({ seq: 7, clientMsgId: 'saved-before-reload_1' })
    await sync(client, connection)
    expect(connection.framesOf('message.send')).toHaveLength(1)
  })

  it.each(['', 'has space', 'x'.repeat(65), 'émoji'])('should fail the invalid clientMsgId %j without sending it', async (clientMsgId) => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const outgoing = client.send('lobby', 'hi', { clientMsgId })
    expect(outgoing.state).toBe('failed')
    await expect(outgoing.acked).rejects.toMatchObject({ code: ErrorCodes.BAD_REQUEST })
    await sync(client, connection)
    expect(connection.framesOf('message.send')).toEqual([])
  })
})
