import { describe, expect, it } from 'vitest'
import { CloseCode, ErrorCodes } from '@lanchat/protocol'
import {
  LanchatClient,
  LanchatConnectionError,
  LanchatServerError,
  LanchatTimeoutError,
  type ConnectionState,
} from '../src/index.js'
import { chatMessages, limits, maria, resumedRoom, roomInfo, welcome } from './frames.js'
import {
  connectClient,
  createClient,
  handshake,
  joinRoom,
  nextEvent,
  record,
  sync,
  trackClientTimers,
  waitFor,
} from './helpers.js'
import { ScriptedPeer } from './peer.js'

describe('LanchatClient connection', () => {
  it('should say hello and resolve connect() with the welcome', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    const states = record(client, 'state')
    const opened = record(client, 'open')
    expect(client.state).toBe('idle')

    const connected = client.connect()
    expect(client.state).toBe('connecting')
    const connection = await peer.connection(0)
    const hello = await connection.take('hello')
    expect(hello).toEqual({ type: 'hello', id: hello.id, protocol: 1, name: 'Maria' })
    connection.send(welcome(hello.id, { user: maria, session: 'secret-token' }))

    const result = await connected
    expect(result).toMatchObject({ type: 'welcome', user: maria, session: 'secret-token' })
    expect(client.state).toBe('open')
    expect(client.user).toEqual(maria)
    expect(client.session).toBe('secret-token')
    expect(client.limits).toEqual(limits)
    expect(opened).toEqual([result])
    expect(states).toEqual([
      { state: 'connecting', previous: 'idle' },
      { state: 'open', previous: 'connecting' },
    ])
    await expect(client.connect()).resolves.toBe(result)
    expect(peer.connections).toHaveLength(1)
  })

  it('should present the session it was given, to stay the same user', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer, { session: 'token-from-last-time' })
    const connected = client.connect()
    const hello = await handshake(await peer.connection(0), { sessionResumed: true })
    await connected
    expect(hello.session).toBe('token-from-last-time')
  })

  it('should connect by itself with autoConnect, announcing each state', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer, { autoConnect: true })
    const states: ConnectionState[] = []
    client.on('state', ({ state }) => states.push(state))
    const opened = nextEvent(client, 'open')
    await handshake(await peer.connection(0))
    await opened
    expect(states).toEqual(['connecting', 'open'])
  })

  it('should reject connect() and close when the server cannot be reached', async () => {
    const peer = await ScriptedPeer.start()
    const url = peer.url
    await peer.close()
    const client = new LanchatClient({ url, name: 'Maria' })
    const reconnecting = record(client, 'reconnecting')
    const error = await client.connect().catch((thrown: unknown) => thrown)
    expect(LanchatConnectionError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', closeCode: 1006 })
    expect(client.state).toBe('closed')
    expect(reconnecting).toEqual([])
  })

  it('should reject connect() with the server error when the hello is refused', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    const connected = client.connect().catch((thrown: unknown) => thrown)
    const connection = await peer.connection(0)
    const hello = await connection.take('hello')
    connection.send({ type: 'error', ref: hello.id, code: 'UNSUPPORTED_PROTOCOL', message: 'This server speaks protocol 2' })
    connection.socket.close(CloseCode.UnsupportedProtocol, 'Unsupported protocol')
    const error = await connected
    expect(LanchatServerError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: ErrorCodes.UNSUPPORTED_PROTOCOL, ref: hello.id })
    expect(client.state).toBe('closed')
  })

  it('should time out a handshake that gets no welcome', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer, { connectTimeoutMs: 50 })
    const error = await client.connect().catch((thrown: unknown) => thrown)
    expect(LanchatTimeoutError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'TIMEOUT', operation: 'hello', timeoutMs: 50 })
    expect(client.state).toBe('closed')
    await (await peer.connection(0)).closed
  })

  it('should reconnect after the server drops the socket, resuming its rooms with its session', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { session: 'maria-session' })
    const room = roomInfo('k7m2qx', { lastSeq: 2 })
    await joinRoom(client, connection, room, chatMessages('k7m2qx', 1, 2))
    const states = record(client, 'state')
    const closes = record(client, 'close')

    const reconnecting = nextEvent(client, 'reconnecting')
    connection.socket.terminate()
    expect(await reconnecting).toMatchObject({ attempt: 1 })

    const second = await peer.connection(1)
    const hello = await second.take('hello')
    expect(hello).toMatchObject({
      name: 'Maria',
      session: 'maria-session',
      resume: [{ room: 'k7m2qx', epoch: 'epoch-1', lastSeq: 2 }],
    })
    const opened = nextEvent(client, 'open')
    second.send(welcome(hello.id, { sessionResumed: true, rooms: [resumedRoom(room, [], true)] }))
    await opened
    expect(states.map(({ state }) => state)).toEqual(['reconnecting', 'open'])
    expect(closes).toEqual([{ code: 1006, reason: '' }])
    expect([...client.rooms.keys()]).toEqual(['k7m2qx'])
  })

  it('should keep trying with a growing, jittered delay until the server answers', async () => {
    const peer = await ScriptedPeer.start()
    const initialDelayMs = 8
    const maxDelayMs = 20
    const stableAfterMs = 30
    const { client, connection } = await connectClient(peer, { reconnect: { initialDelayMs, maxDelayMs, stableAfterMs } })
    const attempts = record(client, 'reconnecting')
    // The server is "down": it drops the next three connections at once.
    peer.server.on('connection', (socket) => {
      if (peer.connections.length <= 4) socket.terminate()
    })
    connection.socket.terminate()
    const fifth = await peer.connection(4)
    await handshake(fifth)
    await waitFor(() => client.state === 'open', 'reconnected')
    expect(attempts.map(({ attempt }) => attempt)).toEqual([1, 2, 3, 4])
    attempts.forEach(({ delayMs }, index) => {
      expect(delayMs).toBeGreaterThanOrEqual(0)
      expect(delayMs).toBeLessThan(Math.min(maxDelayMs, initialDelayMs * 2 ** index))
    })

    // A connection that stayed up resets the backoff: the next drop starts again at attempt 1.
    await new Promise((resolve) => setTimeout(resolve, stableAfterMs * 3))
    const again = nextEvent(client, 'reconnecting')
    fifth.socket.terminate()
    expect(await again).toMatchObject({ attempt: 1 })
  })

  it('should not reset the backoff for a server that closes every connection right after its welcome', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {
      reconnect: { initialDelayMs: 4, maxDelayMs: 40, stableAfterMs: 60_000 },
    })
    const attempts = record(client, 'reconnecting')
    // Every new connection is welcomed, then dropped at once: a reconnect storm if each welcome reset the backoff.
    peer.server.on('connection', () => {
      const next = peer.connections.at(-1)
      if (next === undefined) return
      void handshake(next).then(() => next.socket.terminate())
    })
    connection.socket.terminate()
    await waitFor(() => attempts.length >= 5, 'five reconnects', 5_000)
    expect(attempts.slice(0, 5).map(({ attempt }) => attempt)).toEqual([1, 2, 3, 4, 5])
  })

  it('should skip the remaining delay when connect() is called while reconnecting', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    })
    const reconnecting = nextEvent(client, 'reconnecting')
    connection.socket.terminate()
    await reconnecting
    const connected = client.connect()
    await handshake(await peer.connection(1))
    await expect(connected).resolves.toMatchObject({ type: 'welcome' })
    expect(client.state).toBe('open')
  })

  it('should stop reconnecting after a final close code', async () => {
    const peer = await ScriptedPeer.start()
    const timers = trackClientTimers()
    const { client, connection } = await connectClient(peer)
    expect(timers.running()).toBeGreaterThan(0)
    const reconnecting = record(client, 'reconnecting')
    const failed = nextEvent(client, 'error')
    connection.socket.close(CloseCode.Forbidden, 'Forbidden origin')

    const error = await failed
    expect(LanchatConnectionError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'CONNECTION_CLOSED', closeCode: 4003, closeReason: 'Forbidden origin' })
    expect(client.state).toBe('closed')
    expect(reconnecting).toEqual([])
    // No reconnect timer is waiting either.
    expect(timers.running()).toBe(0)
    expect(peer.connections).toHaveLength(1)
  })

  it('should close instead of reconnecting when reconnect is off', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, { reconnect: false })
    const failed = nextEvent(client, 'error')
    connection.socket.terminate()
    expect(await failed).toMatchObject({ code: 'CONNECTION_CLOSED', closeCode: 1006 })
    expect(client.state).toBe('closed')
  })

  it('should give up after maxAttempts and connect again on demand, resuming its rooms', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, { reconnect: { initialDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 } })
    const room = roomInfo('lobby', { kind: 'lobby' })
    await joinRoom(client, connection, room)
    peer.server.on('connection', (socket) => {
      if (peer.connections.length <= 3) socket.terminate()
    })
    const gaveUp = nextEvent(client, 'error')
    connection.socket.terminate()
    expect(await gaveUp).toMatchObject({ code: 'CONNECTION_CLOSED', message: 'Gave up reconnecting after 2 attempts' })
    expect(client.state).toBe('closed')
    expect(peer.connections).toHaveLength(3)

    const connected = client.connect()
    const hello = await handshake(await peer.connection(3), { rooms: [resumedRoom(room, [], true)] })
    await connected
    expect(hello.resume).toEqual([{ room: 'lobby', epoch: 'epoch-1', lastSeq: 0 }])
  })

  it('should ping the server and reconnect when a pong does not come in time', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, { heartbeat: { intervalMs: 10, timeoutMs: 40 } })
    const firstPing = await connection.take('ping')
    connection.send({ type: 'pong', ref: firstPing.id, ts: Date.now() })
    // The second ping goes unanswered, as from a server that vanished.
    await connection.take('ping')
    const closed = await nextEvent(client, 'close')
    expect(closed.code).toBe(4004)
    const second = await peer.connection(1)
    await handshake(second)
    await waitFor(() => client.state === 'open', 'reconnected')
  })

  it('should close cleanly and leave no timer behind', async () => {
    const peer = await ScriptedPeer.start()
    const timers = trackClientTimers()
    const { client, connection } = await connectClient(
      peer,
      { heartbeat: { intervalMs: 60_000, timeoutMs: 1000 }, requestTimeoutMs: 60_000 },
      { limits: { ...limits, typingTimeoutMs: 60_000 } },
    )
    const room = roomInfo('k7m2qx')
    await joinRoom(client, connection, room)
    // Leave something of every kind running: a typing notice, a pending send, a waiting request.
    connection.send({ type: 'typing.changed', room: 'k7m2qx', member: { id: 'u-pete', name: 'Pete' }, typing: true })
    await sync(client, connection)
    expect(client.rooms.get('k7m2qx')?.typing).toHaveLength(1)
    client.typing('k7m2qx', true)
    const outgoing = client.send('k7m2qx', 'never acknowledged')
    const history = client.history('k7m2qx').catch((thrown: unknown) => thrown)
    await connection.take('history.get')
    // The heartbeat, the typing expiry and the request timeout are running now.
    expect(timers.running()).toBeGreaterThanOrEqual(3)
    const states = record(client, 'state')
    const closes = record(client, 'close')

    const closing = client.close()
    expect(client.state).toBe('closed')
    await closing
    expect(await history).toMatchObject({ code: 'CONNECTION_CLOSED' })
    await expect(outgoing.acked).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' })
    expect(outgoing.state).toBe('failed')
    expect(client.rooms.size).toBe(0)
    expect(states).toEqual([{ state: 'closed', previous: 'open' }])
    expect(closes).toEqual([{ code: 1000, reason: 'Client closed' }])
    expect((await connection.closed).code).toBe(1000)
    expect(timers.running()).toBe(0)
    await client.close()
    expect(peer.connections).toHaveLength(1)
  })

  it('should keep the session and connect again after close()', async () => {
    const peer = await ScriptedPeer.start()
    const { client } = await connectClient(peer, {}, { session: 'kept-session' })
    await client.close()
    const connected = client.connect()
    const hello = await handshake(await peer.connection(1), { sessionResumed: true })
    await connected
    expect(hello.session).toBe('kept-session')
    expect(hello.resume).toBeUndefined()
  })

  it('should refuse options that cannot work', () => {
    expect(() => new LanchatClient({ url: '', name: 'Maria' })).toThrow(/options.url/)
    expect(() => new LanchatClient({ url: 'ws://localhost:1/ws', name: ' ' })).toThrow(/options.name/)
    expect(() => new LanchatClient({ url: 'ws://localhost:1/ws', name: 'Maria', requestTimeoutMs: 0 })).toThrow(
      /requestTimeoutMs/,
    )
  })
})
