import { describe, expect, it } from 'vitest'
import type { ServerMessage, Welcome } from '@lanchat/protocol'
import futureFrames from '@lanchat/protocol/fixtures/future-server-frames.json' with { type: 'json' }
import serverFrames from '@lanchat/protocol/fixtures/server-frames.json' with { type: 'json' }
import { LanchatServerError, type LanchatClientEvents, type LanchatError } from '../src/index.js'
import { createClient, handshake, nextEvent, record, sync, waitFor } from './helpers.js'
import { ScriptedPeer } from './peer.js'

const frames = serverFrames as ServerMessage[]
const welcomes = frames.filter((frame): frame is Welcome => frame.type === 'welcome')
const others = frames.filter((frame) => frame.type !== 'welcome')

describe('LanchatClient with the golden server frames', () => {
  it('should have golden frames to read', () => {
    expect(welcomes.length).toBeGreaterThan(0)
    expect(others.length).toBeGreaterThan(0)
  })

  it('should take every golden welcome as the answer to its hello', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    const errors = record(client, 'error')
    for (const [index, golden] of welcomes.entries()) {
      const opened = nextEvent(client, 'open')
      if (index === 0) void client.connect()
      else peer.connections.at(-1)?.socket.terminate()
      const connection = await peer.connection(index)
      const hello = await connection.take('hello')
      connection.send({ ...golden, ref: hello.id })
      expect(await opened).toEqual({ ...golden, ref: hello.id })
      expect(client.user).toEqual(golden.user)
      for (const resumed of golden.rooms) expect(client.rooms.get(resumed.room.id)?.info).toEqual(resumed.room)
    }
    expect(errors).toEqual([])
  })

  it('should decode every other golden frame and emit it as its event', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    const connected = client.connect()
    const connection = await peer.connection(0)
    await handshake(connection)
    await connected
    const errors: LanchatError[] = []
    client.on('error', (error) => errors.push(error))
    const events: unknown[] = []
    for (const type of new Set(others.map((frame) => frame.type))) {
      if (type === 'error' || type === 'room.updated') continue
      client.on(type as keyof LanchatClientEvents, (payload: unknown) => events.push(payload))
    }

    // The `room.updated` reply is no event of its own: its change is the client's `room.updated` (a room id).
    const eventFrames = others.filter((frame) => frame.type !== 'error' && frame.type !== 'room.updated')
    const errorFrames = others.filter((frame) => frame.type === 'error')
    for (const frame of others) connection.send(frame)
    await waitFor(
      () => events.length >= eventFrames.length && errors.length >= errorFrames.length,
      'every golden frame handled',
    )
    await sync(client, connection)
    expect(others.some((frame) => frame.type === 'room.updated')).toBe(true)

    // Every event frame came out as its event, unchanged (then the pong of the sync); error frames as LanchatServerError.
    expect(events.slice(0, -1)).toEqual(eventFrames)
    expect(events.at(-1)).toMatchObject({ type: 'pong' })
    expect(errors.every((error) => LanchatServerError.isInstance(error))).toBe(true)
    expect(errors.map((error) => ({ code: error.code, ref: (error as LanchatServerError).ref, message: error.message }))).toEqual(
      errorFrames.map((frame) => ({ code: frame.code, ref: frame.ref, message: frame.message })),
    )
  })
})

describe('LanchatClient with frames of a newer server', () => {
  const future = futureFrames as Array<{ type: string; [key: string]: unknown }>
  const knownTypes = new Set<string>(frames.map((frame) => frame.type))
  const futureWelcome = future.find((frame) => frame.type === 'welcome') as unknown as Welcome
  const futureEvents = future.filter((frame) => frame.type !== 'welcome' && frame.type !== 'error')

  it('should take a welcome with fields it does not know, and expose the features it announces', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    const errors = record(client, 'error')
    const connected = client.connect()
    const connection = await peer.connection(0)
    const hello = await connection.take('hello')
    connection.send({ ...futureWelcome, ref: hello.id, features: ['history', 'typing', 'uploads'] })
    await connected
    expect(client.user).toMatchObject({ id: futureWelcome.user.id, name: futureWelcome.user.name })
    expect([...client.features]).toEqual(['history', 'typing', 'uploads'])
    expect(client.features.has('accounts')).toBe(false)
    expect(errors).toEqual([])
  })

  it('should deliver known events with unknown fields as usual and hand unknown event types to "unknown"', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    const connected = client.connect()
    const connection = await peer.connection(0)
    await handshake(connection)
    await connected
    const errors = record(client, 'error')
    const unknown = record(client, 'unknown')
    const known: unknown[] = []
    for (const type of knownTypes) {
      if (type !== 'error' && type !== 'welcome' && type !== 'room.updated') client.on(type as keyof LanchatClientEvents, (payload: unknown) => known.push(payload))
    }
    // Replies answer no request of this client, so only the events are sent.
    const events = futureEvents.filter((frame) => !('ref' in frame))
    for (const frame of events) connection.send(frame as never)
    await sync(client, connection)

    // A message reaches the app as `{ type, message }` after the client put it in seq order: the message keeps its new fields.
    const expectedKnown = events
      .filter((frame) => knownTypes.has(frame.type))
      .map((frame) => (frame.type === 'message.created' ? { type: frame.type, message: frame.message } : frame))
    const expectedUnknown = events.filter((frame) => !knownTypes.has(frame.type))
    expect(expectedUnknown.length).toBeGreaterThan(0)
    expect(known.slice(0, -1)).toEqual(expectedKnown)
    expect(unknown).toEqual(expectedUnknown)
    expect(errors).toEqual([])
    expect(client.state).toBe('open')
  })

  it('should report no features for a server too old to announce any', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    const connected = client.connect()
    const connection = await peer.connection(0)
    await handshake(connection)
    await connected
    expect(client.features.size).toBe(0)
  })
})
