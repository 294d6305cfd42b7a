import { describe, expect, it } from 'vitest'
import type { ClientMessage } from '@lanchat/protocol'
import { TYPING_REPEAT_MS } from '../src/index.js'
import { chatMessage, limits, maria, pete, roomInfo } from './frames.js'
import { connectClient, joinRoom, nextEvent, recordingWebSocket, sync, waitFor } from './helpers.js'
import { ScriptedPeer } from './peer.js'

describe('LanchatClient rooms and typing', () => {
  it('should keep each room state up to date from events and announce every change', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    await joinRoom(client, connection, roomInfo('k7m2qx'), [], [maria])
    const updated: string[] = []
    client.on('room.updated', (room) => updated.push(room))
    const names = () => client.rooms.get('k7m2qx')?.members.map((member) => member.name)

    const joined = nextEvent(client, 'member.joined')
    connection.send({ type: 'member.joined', room: 'k7m2qx', member: pete, ts: 1 })
    // The state already holds the change when the event fires.
    expect((await joined).member).toEqual(pete)
    expect(names()).toEqual(['Maria', 'Pete'])

    connection.send({ type: 'typing.changed', room: 'k7m2qx', member: pete, typing: true })
    await sync(client, connection)
    expect(client.rooms.get('k7m2qx')?.typing).toEqual([pete])
    connection.send({ type: 'message.created', message: chatMessage('k7m2qx', 1, { from: pete }) })
    await sync(client, connection)
    expect(client.rooms.get('k7m2qx')?.typing).toEqual([])

    connection.send({ type: 'member.updated', room: 'k7m2qx', member: { ...pete, name: 'Peter' }, previousName: 'Pete' })
    connection.send({ type: 'member.left', room: 'k7m2qx', member: { ...pete, name: 'Peter' }, reason: 'left', ts: 2 })
    await sync(client, connection)
    expect(names()).toEqual(['Maria'])
    expect(updated).toEqual(['k7m2qx', 'k7m2qx', 'k7m2qx', 'k7m2qx', 'k7m2qx'])
  })

  it('should expire typing notices after limits.typingTimeoutMs', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { limits: { ...limits, typingTimeoutMs: 30 } })
    await joinRoom(client, connection, roomInfo('k7m2qx'))
    const typing: string[][] = []
    client.on('room.updated', (room) => typing.push(client.rooms.get(room)?.typing.map((member) => member.name) ?? []))
    connection.send({ type: 'typing.changed', room: 'k7m2qx', member: pete, typing: true })
    await waitFor(() => typing.length === 2, 'typing to expire')
    expect(typing).toEqual([['Pete'], []])
  })

  it('should forget typing notices when the connection drops', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    await joinRoom(client, connection, roomInfo('k7m2qx'))
    connection.send({ type: 'typing.changed', room: 'k7m2qx', member: pete, typing: true })
    await sync(client, connection)
    connection.socket.terminate()
    await waitFor(() => client.rooms.get('k7m2qx')?.typing.length === 0, 'typing cleared')
  })

  it('should send typing.start at most every 2 s, and typing.stop when told or when a message goes out', async () => {
    const peer = await ScriptedPeer.start()
    const { WebSocket, sent } = await recordingWebSocket()
    const { client, connection } = await connectClient(peer, { WebSocket })
    await joinRoom(client, connection, roomInfo('k7m2qx'))
    const frames = () =>
      sent
        .map((frame) => JSON.parse(frame) as ClientMessage)
        .filter((frame) => frame.type.startsWith('typing.') || frame.type === 'message.send')
        .map((frame) => `${frame.type}${'room' in frame ? ` ${frame.room}` : ''}`)

    expect(TYPING_REPEAT_MS).toBe(2000)
    for (let keystroke = 0; keystroke < 5; keystroke++) client.typing('K7M2QX', true)
    client.typing('k7m2qx', false)
    client.typing('k7m2qx', false)
    client.typing('k7m2qx', true)
    client.send('k7m2qx', 'done typing')
    client.typing('lobby', false)
    expect(frames()).toEqual([
      'typing.start k7m2qx',
      'typing.stop k7m2qx',
      'typing.start k7m2qx',
      'typing.stop k7m2qx',
      'message.send k7m2qx',
    ])
    // And the server got exactly these, valid by the protocol.
    await sync(client, connection)
    expect(connection.frames.filter((frame) => frame.type.startsWith('typing.'))).toHaveLength(4)
  })

  it('should send no typing notice while offline', async () => {
    const peer = await ScriptedPeer.start()
    const { WebSocket, sent } = await recordingWebSocket()
    const { client, connection } = await connectClient(peer, { WebSocket })
    connection.socket.terminate()
    await waitFor(() => client.state !== 'open', 'offline')
    const before = sent.length
    client.typing('lobby', true)
    expect(sent.length).toBe(before)
  })
})
