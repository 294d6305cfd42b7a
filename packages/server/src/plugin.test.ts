import { randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { hostname } from 'node:os'
import websocket from '@fastify/websocket'
import { CloseCode, decodeServerMessage, ErrorCodes } from '@lanchat/protocol'
import { Bonjour, type Service } from 'bonjour-service'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { WebSocket } from 'ws'
import { greetedClient, nextEvent, rawClient, startApp, wrapSocket } from '../test/plugin-harness.js'
import lanchat, { errorCodes, MemoryStore, type LanchatEventMap, type LanchatPluginOptions } from './index.js'
import { CLOSE_GRACE_MS } from './transport/connection.js'

describe('lanchat plugin registration', () => {
  it.each<[string, Record<string, unknown>]>([
    ['heartbeatInterval', { heartbeatInterval: 1000 }],
    ['heartbeatIntervalMs', { heartbeatIntervalMs: 5 }],
    ['maxFrameBytes', { maxFrameBytes: '64k' }],
    ['lobby', { lobby: true }],
    ['rateLimit.burst', { rateLimit: { burst: 0 } }],
    ['store', { store: {} }],
    ['allowedOrigins', { allowedOrigins: 5 }],
    ['allowedHosts', { allowedHosts: 'all' }],
    ['messageHookTimeoutMs', { messageHookTimeoutMs: 0 }],
    ['prefix', { prefix: 'chat' }],
    ['advertise', { advertise: 'yes' }],
  ])('should refuse a bad %s at registration and name it', async (option, options) => {
    const app = Fastify({ logger: false })
    onTestFinished(() => app.close())
    const registering = app.register(lanchat, options as LanchatPluginOptions).ready()
    await expect(registering).rejects.toMatchObject({
      code: 'LANCHAT_ERR_OPTIONS_INVALID',
      message: expect.stringContaining(`"${option}"`),
    })
    await expect(registering).rejects.toBeInstanceOf(errorCodes.LANCHAT_ERR_OPTIONS_INVALID)
  })

  it('should serve the socket under its prefix', async () => {
    const { origin } = await startApp({ prefix: '/chat/' })
    const client = await rawClient(`${origin}/chat/ws`)
    expect(await client.command({ type: 'hello', id: 'h', protocol: 1, name: 'Maria' })).toMatchObject({ type: 'welcome' })
    const http = origin.replace('ws:', 'http:')
    expect((await fetch(`${http}/ws`)).status).toBe(404)
  })

  it('should reuse the host own @fastify/websocket and live beside its websocket route', async () => {
    const { app, origin } = await startApp({ prefix: '/chat' }, async (host) => {
      await host.register(websocket)
      host.get('/echo', { websocket: true }, (socket) => {
        socket.on('message', (data) => socket.send(`echo: ${String(data)}`))
      })
    })
    const chat = await greetedClient(`${origin}/chat/ws`)
    expect(await chat.command({ type: 'ping', id: 'p' })).toMatchObject({ type: 'pong' })

    const echo = new WebSocket(`${origin}/echo`)
    onTestFinished(() => echo.terminate())
    const answer = await new Promise<string>((resolve, reject) => {
      echo.once('open', () => echo.send('hi'))
      echo.once('message', (data) => resolve(String(data)))
      echo.once('error', reject)
    })
    expect(answer).toBe('echo: hi')

    await app.close()
    expect((await chat.closed).code).toBe(CloseCode.GoingAway)
  })

  it('should close a frame over four times maxFrameBytes with 1009 even when the host set no such cap', async () => {
    const { origin } = await startApp({ maxFrameBytes: 1024 }, async (host) => {
      await host.register(websocket)
    })
    const client = await greetedClient(`${origin}/ws`)
    client.send('x'.repeat(5000))
    expect((await client.closed).code).toBe(CloseCode.MessageTooBig)
  })

  it('should let ws close a frame over the hard cap with 1009 when it registered ws itself', async () => {
    const { origin } = await startApp({ maxFrameBytes: 1024 })
    const client = await greetedClient(`${origin}/ws`)
    client.send('x'.repeat(5000))
    expect((await client.closed).code).toBe(CloseCode.MessageTooBig)
  })

  it('should work through app.injectWS', async () => {
    const app = Fastify({ logger: false })
    onTestFinished(() => app.close())
    await app.register(lanchat)
    await app.ready()
    const client = await wrapSocket(await app.injectWS('/ws'))
    onTestFinished(() => client.socket.terminate())
    expect(await client.command({ type: 'hello', id: 'h', protocol: 1, name: 'Injected' })).toMatchObject({
      type: 'welcome',
      user: { name: 'Injected' },
    })
  })
})

describe('lanchat frame checks', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['malformed JSON', '{"type":', { code: ErrorCodes.BAD_REQUEST }],
    ['an unknown type', '{"type":"room.delete","id":"u1"}', { code: ErrorCodes.BAD_REQUEST, ref: 'u1' }],
    [
      'a schema violation',
      '{"type":"ping","id":"s1","admin":true}',
      { code: ErrorCodes.BAD_REQUEST, ref: 's1', issues: [{ path: '/', message: 'must not have property "admin"' }] },
    ],
    [
      'an oversized frame',
      JSON.stringify({ type: 'message.send', id: 'big', room: 'lobby', text: 'x'.repeat(3000), clientMsgId: 'big' }),
      { code: ErrorCodes.FRAME_TOO_LARGE },
    ],
  ])('should answer %s with an error and keep the connection usable', async (_, raw, expected) => {
    const { origin } = await startApp({ maxFrameBytes: 2048 })
    const client = await greetedClient(`${origin}/ws`)
    client.send(raw)
    expect(await client.take((frame) => frame.type === 'error')).toMatchObject(expected)
    expect(await client.command({ type: 'ping', id: 'after' })).toMatchObject({ type: 'pong' })
    expect(await client.command({ type: 'history.get', id: 'history', room: 'lobby' })).toMatchObject({ messages: [] })
  })

  it('should answer a binary frame with BAD_REQUEST', async () => {
    const { origin } = await startApp()
    const client = await greetedClient(`${origin}/ws`)
    client.socket.send(Buffer.from('{"type":"ping","id":"b"}'), { binary: true })
    expect(await client.take((frame) => frame.type === 'error')).toMatchObject({ code: ErrorCodes.BAD_REQUEST })
  })

  it('should answer a command before hello with HANDSHAKE_REQUIRED and still accept the hello', async () => {
    const { origin } = await startApp()
    const client = await rawClient(`${origin}/ws`)
    expect(await client.command({ type: 'room.join', id: 'early', room: 'lobby' })).toMatchObject({
      type: 'error',
      code: ErrorCodes.HANDSHAKE_REQUIRED,
    })
    expect(await client.command({ type: 'hello', id: 'h', protocol: 1, name: 'Late' })).toMatchObject({ type: 'welcome' })
  })

  it('should refuse another protocol version and close with 4000', async () => {
    const { origin } = await startApp()
    const client = await rawClient(`${origin}/ws`)
    expect(await client.command({ type: 'hello', id: 'h', protocol: 99, name: 'Future' })).toMatchObject({
      code: ErrorCodes.UNSUPPORTED_PROTOCOL,
    })
    expect((await client.closed).code).toBe(CloseCode.UnsupportedProtocol)
  })

  it('should close a connection that keeps sending invalid frames with 4009', async () => {
    const { origin } = await startApp()
    const client = await greetedClient(`${origin}/ws`)
    for (let index = 0; index < 30; index++) client.send('{garbage')
    expect((await client.closed).code).toBe(CloseCode.ProtocolViolation)
    expect(client.frames.filter((frame) => frame.type === 'error')).toHaveLength(21)
  })

  it('should close a connection that never says hello with 4001', async () => {
    const { origin } = await startApp({ handshakeTimeoutMs: 100 })
    const client = await rawClient(`${origin}/ws`)
    expect((await client.closed).code).toBe(CloseCode.HandshakeTimeout)
  })

  it('should only send frames that decode with the protocol', async () => {
    const { app, origin } = await startApp()
    const maria = await greetedClient(`${origin}/ws`, 'Maria')
    const pete = await greetedClient(`${origin}/ws`, 'Pete')
    const created = await maria.command({ type: 'room.create', id: 'c', name: 'Study' })
    const room = (created.room as { id: string }).id
    await pete.command({ type: 'room.join', id: 'j2', room })
    pete.send({ type: 'typing.start', room })
    await maria.take((frame) => frame.type === 'typing.changed')
    await pete.command({ type: 'message.send', id: 's', room, text: 'hi', clientMsgId: 'k1' })
    await pete.command({ type: 'profile.update', id: 'p', name: 'Peter' })
    await maria.command({ type: 'history.get', id: 'h', room })
    await app.lanchat.post(room, 'system says hi')
    await pete.command({ type: 'room.leave', id: 'l', room })
    await maria.take((frame) => frame.type === 'member.left')
    await maria.command({ type: 'ping', id: 'x' })
    maria.send('nonsense')
    await maria.take((frame) => frame.type === 'error')
    const types = new Set<string>()
    for (const raw of [...maria.raw, ...pete.raw]) types.add(decodeServerMessage(raw).type)
    expect([...types].sort()).toEqual(
      [
        'welcome',
        'room.joined',
        'room.left',
        'message.ack',
        'history.result',
        'profile.updated',
        'pong',
        'error',
        'message.created',
        'member.joined',
        'member.left',
        'member.updated',
        'typing.changed',
      ].sort(),
    )
  })
})

describe('lanchat origin check', () => {
  it('should refuse a browser from a foreign origin with HTTP 403', async () => {
    const { origin } = await startApp()
    const socket = new WebSocket(`${origin}/ws`, { origin: 'http://evil.example' })
    // ws reports the refused upgrade as an error too; the status is what this test reads.
    socket.on('error', () => {})
    onTestFinished(() => socket.terminate())
    const status = await new Promise<number>((resolve, reject) => {
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
      socket.once('open', () => reject(new Error('the upgrade went through')))
    })
    expect(status).toBe(403)
  })

  it('should let in a page served by the same host, and clients that send no origin', async () => {
    const { origin, port } = await startApp()
    const browser = await rawClient(`${origin}/ws`, { origin: `http://127.0.0.1:${port}` })
    expect(await browser.command({ type: 'ping', id: 'p' })).toMatchObject({ code: ErrorCodes.HANDSHAKE_REQUIRED })
    const node = await rawClient(`${origin}/ws`)
    expect(await node.command({ type: 'ping', id: 'p' })).toMatchObject({ code: ErrorCodes.HANDSHAKE_REQUIRED })
  })

  it('should follow a list of allowed origins', async () => {
    const { origin } = await startApp({ allowedOrigins: ['http://chat.example'] })
    const allowed = await rawClient(`${origin}/ws`, { origin: 'http://chat.example' })
    expect(allowed.socket.readyState).toBe(WebSocket.OPEN)
    const app = Fastify({ logger: false })
    onTestFinished(() => app.close())
    await app.register(lanchat, { allowedOrigins: ['http://chat.example'] })
    await app.ready()
    await expect(app.injectWS('/ws', { headers: { origin: 'http://other.example' } })).rejects.toThrow('403')
  })
})

/** Asks for an upgrade of /ws with these headers (no Host at all when `host` is null); resolves with the HTTP status. */
function upgradeStatus(port: number, host: string | null, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const upgrade = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/ws',
      agent: false,
      setHost: host !== null,
      headers: {
        ...(host === null ? {} : { host }),
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    })
    upgrade.on('upgrade', (response, socket) => {
      socket.destroy()
      resolve(response.statusCode ?? 0)
    })
    upgrade.on('response', (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    upgrade.on('error', reject)
    upgrade.end()
  })
}

describe('lanchat host check', () => {
  it('should refuse an upgrade for a foreign host name with HTTP 403, even with a matching Origin (DNS rebinding)', async () => {
    const { port } = await startApp()
    const host = `rebind.evil.example:${port}`
    expect(await upgradeStatus(port, host, { origin: `http://${host}` })).toBe(403)
    expect(await upgradeStatus(port, host)).toBe(403)
  })

  it('should refuse an upgrade without a Host header', async () => {
    const { port } = await startApp()
    expect(await upgradeStatus(port, null)).toBe(403)
  })

  it("should accept its own addresses and names, and the names in allowedHosts", async () => {
    const { port } = await startApp({ allowedHosts: ['chat.example'] })
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `${hostname()}:${port}`, `chat.example:${port}`]) {
      expect(await upgradeStatus(port, host, { origin: `http://${host}` }), host).toBe(101)
    }
    expect(await upgradeStatus(port, `other.example:${port}`)).toBe(403)
  })

  it("should accept any host name with allowedHosts '*'", async () => {
    const { port } = await startApp({ allowedHosts: '*' })
    expect(await upgradeStatus(port, `rebind.evil.example:${port}`)).toBe(101)
  })
})

describe('lanchat liveness and backpressure', () => {
  it("should terminate a peer that stops answering pings and broadcast its leave within two intervals", async () => {
    const heartbeatIntervalMs = 200
    // With no presence grace the leave follows the drop at once (the grace is tested with the integration tests).
    const { origin } = await startApp({ heartbeatIntervalMs, presenceGraceMs: 0 })
    const maria = await greetedClient(`${origin}/ws`, 'Maria')
    const ghost = await greetedClient(`${origin}/ws`, 'Ghost', { autoPong: false })
    const left = await maria.take(
      (frame) => frame.type === 'member.left',
      2 * heartbeatIntervalMs + 300,
    )
    expect(left).toMatchObject({ member: { name: 'Ghost' }, reason: 'disconnected' })
    expect((await ghost.closed).code).toBe(CloseCode.HeartbeatTimeout)
    // Maria answers pings by herself, so she stays.
    expect(await maria.command({ type: 'ping', id: 'still-here' })).toMatchObject({ type: 'pong' })
  })

  it('should close a consumer that stops reading with 4008, which it reads once it resumes, and keep the room going', async () => {
    // Large enough that a reader which is merely busy (this machine may be loaded) keeps up; only the paused one
    // falls this far behind once the kernel's socket buffers are full.
    // With no presence grace the leave follows the drop at once (the grace is tested with the integration tests).
    const { app, origin } = await startApp({ maxBufferedBytes: 1024 * 1024, presenceGraceMs: 0 })
    const slow = await greetedClient(`${origin}/ws`, 'Slow')
    const fast = await greetedClient(`${origin}/ws`, 'Fast')
    const slowLeft = nextEvent<LanchatEventMap['member.left']>(
      (listener) => app.lanchat.on('member.left', listener),
      (event) => event.member.name === 'Slow',
      10_000,
    )
    let gone = false
    void slowLeft.then(() => (gone = true))
    ;(slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause()

    const text = 'y'.repeat(4000)
    for (let index = 0; index < 20_000 && !gone; index++) {
      await app.lanchat.post('lobby', text)
      // Let sockets be read between posts, as a real server would between messages.
      if (index % 20 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await slowLeft).toMatchObject({ reason: 'disconnected' })
    // Paused for longer than an ordinary close waits for its answer: the close frame is still behind the backlog.
    await new Promise((resolve) => setTimeout(resolve, 2 * CLOSE_GRACE_MS))
    ;(slow.socket as unknown as { _socket: { resume(): void } })._socket.resume()
    expect((await slow.closed).code).toBe(CloseCode.SlowConsumer)
    expect(await fast.command({ type: 'ping', id: 'p' }, 10_000)).toMatchObject({ type: 'pong' })
    // Filling the kernel's socket buffers takes a while on a busy machine.
  }, 30_000)

  it('should close every socket with 1001 when the app closes, and stop its API', async () => {
    const { app, origin } = await startApp()
    const client = await greetedClient(`${origin}/ws`)
    await app.close()
    expect((await client.closed).code).toBe(CloseCode.GoingAway)
    await expect(app.lanchat.post('lobby', 'too late')).rejects.toMatchObject({ code: 'LANCHAT_ERR_CLOSED' })
  })

  it('should leave a store the host passed in open, for the host to close', async () => {
    const store = new MemoryStore()
    const { app } = await startApp({ store })
    await app.lanchat.post('lobby', 'kept')
    await app.close()
    expect((await store.log.latest('lobby', 1)).events[0]?.message.text).toBe('kept')
    await store.close()
  })
})

describe('app.lanchat', () => {
  it('should list rooms and members, and make named rooms', async () => {
    const { app, origin } = await startApp()
    const created: string[] = []
    app.lanchat.on('room.created', (info) => created.push(info.id))
    const info = await app.lanchat.createRoom({ id: 'General', name: 'General' })
    expect(info).toMatchObject({ id: 'general', kind: 'named' })
    expect(created).toEqual(['general'])
    await expect(app.lanchat.createRoom({ id: 'general', name: 'Again' })).rejects.toMatchObject({
      code: 'LANCHAT_ERR_ROOM_EXISTS',
    })
    await expect(app.lanchat.createRoom({ id: 'no spaces', name: 'Bad' })).rejects.toMatchObject({
      code: 'LANCHAT_ERR_ROOM_INVALID',
    })
    await expect(app.lanchat.createRoom({ name: '' })).rejects.toMatchObject({ code: 'LANCHAT_ERR_ROOM_INVALID' })

    const joined = nextEvent<LanchatEventMap['member.joined']>((listener) => app.lanchat.on('member.joined', listener))
    await greetedClient(`${origin}/ws`, 'Maria')
    expect(await joined).toMatchObject({ room: 'lobby', member: { name: 'Maria' } })
    expect(app.lanchat.members('LOBBY')).toMatchObject([{ name: 'Maria' }])
    expect(app.lanchat.members('nowhere')).toEqual([])
    expect(app.lanchat.rooms().map((room) => room.id).sort()).toEqual(['general', 'lobby'])
    expect(app.lanchat.room('lobby')).toMatchObject({ kind: 'lobby', name: 'Lobby' })
  })

  it('should post system messages that members receive, and refuse bad posts', async () => {
    const { app, origin } = await startApp()
    const client = await greetedClient(`${origin}/ws`)
    const observed = nextEvent<LanchatEventMap['message']>((listener) => app.lanchat.on('message', listener))
    const message = await app.lanchat.post('lobby', 'Welcome!', { name: 'Bot' })
    expect(message).toMatchObject({ kind: 'system', from: { id: 'system', name: 'Bot' }, seq: 1 })
    expect(await observed).toEqual(message)
    expect(await client.take((frame) => frame.type === 'message.created')).toEqual({ type: 'message.created', message })
    await expect(app.lanchat.post('nowhere', 'hi')).rejects.toMatchObject({ code: 'LANCHAT_ERR_ROOM_NOT_FOUND' })
    await expect(app.lanchat.post('lobby', '   ')).rejects.toMatchObject({ code: 'LANCHAT_ERR_MESSAGE_INVALID' })
    expect(() => app.lanchat.on('nope' as 'message', () => {})).toThrow(errorCodes.LANCHAT_ERR_EVENT_UNKNOWN)
  })

  it('should veto a message through a hook and tell the sender why', async () => {
    const { app, origin } = await startApp()
    const client = await greetedClient(`${origin}/ws`)
    const unsubscribe = app.lanchat.onMessage(async (draft) =>
      draft.text.includes('forbidden') ? { reject: 'That word is not allowed here' } : undefined,
    )
    const frame = { type: 'message.send', room: 'lobby', text: 'a forbidden word', clientMsgId: 'f1' }
    expect(await client.command({ ...frame, id: 's1' })).toMatchObject({
      type: 'error',
      code: ErrorCodes.MESSAGE_REJECTED,
      message: 'That word is not allowed here',
    })
    unsubscribe()
    expect(await client.command({ ...frame, id: 's2' })).toMatchObject({ type: 'message.ack', seq: 1 })
  })

  it('should answer a message whose hook never settles with UNAVAILABLE after the timeout, and go on with the room', async () => {
    const messageHookTimeoutMs = 300
    const { app, origin } = await startApp({ messageHookTimeoutMs })
    const client = await greetedClient(`${origin}/ws`)
    app.lanchat.onMessage((draft) => (draft.text === 'hang' ? new Promise<undefined>(() => {}) : undefined))
    const started = Date.now()
    client.send({ type: 'message.send', id: 's1', room: 'lobby', text: 'hang', clientMsgId: 'h1' })
    client.send({ type: 'message.send', id: 's2', room: 'lobby', text: 'next', clientMsgId: 'n1' })
    expect(await client.reply('s1')).toMatchObject({ type: 'error', code: ErrorCodes.UNAVAILABLE })
    expect(Date.now() - started).toBeGreaterThanOrEqual(messageHookTimeoutMs - 20)
    // The message behind it in the room's queue went through as soon as the hook was given up on.
    expect(await client.reply('s2')).toMatchObject({ type: 'message.ack', seq: 1 })
    expect(client.frames.filter((frame) => frame.type === 'message.created')).toMatchObject([{ message: { text: 'next' } }])
  })

  it("should answer a message whose hook throws with INTERNAL, keep the error's text off the wire, and log it", async () => {
    const lines: string[] = []
    const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } })
    onTestFinished(() => app.close())
    await app.register(lanchat)
    const origin = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http:', 'ws:')
    const client = await greetedClient(`${origin}/ws`)
    app.lanchat.onMessage(() => {
      throw new Error('cannot open /srv/secret.db')
    })
    const reply = await client.command({ type: 'message.send', id: 's1', room: 'lobby', text: 'hi', clientMsgId: 'c1' })
    expect(reply).toMatchObject({ type: 'error', code: ErrorCodes.INTERNAL })
    expect(client.raw.join('\n')).not.toContain('secret')
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; err?: { message: string }; room?: string })
    expect(logged).toContainEqual(
      expect.objectContaining({ err: expect.objectContaining({ message: 'cannot open /srv/secret.db' }), room: 'lobby' }),
    )
    expect(await client.command({ type: 'message.send', id: 's2', room: 'lobby', text: 'hi', clientMsgId: 'c1' })).toMatchObject({
      code: ErrorCodes.INTERNAL,
    })
  })
})

describe('lanchat advertise option', () => {
  it('should publish the socket path and port on the LAN once listening', async () => {
    const name = `lanchat plugin test ${randomBytes(4).toString('hex')}`
    const bonjour = new Bonjour()
    const browser = bonjour.find({ type: 'lanchat' })
    onTestFinished(() => new Promise<void>((resolve) => (browser.stop(), bonjour.destroy(() => resolve()))))
    // On every interface: a server bound to loopback only is not advertised.
    const app = Fastify({ logger: false })
    onTestFinished(() => app.close())
    await app.register(lanchat, { prefix: '/chat', advertise: { name } })
    await app.listen({ port: 0, host: '0.0.0.0' })
    const port = (app.server.address() as { port: number }).port
    const found = await new Promise<Service>((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(poll)
        reject(new Error('not advertised'))
      }, 4_000)
      const look = () => {
        const service = browser.services.find((candidate) => candidate.name === name)
        if (service === undefined) return
        clearTimeout(timer)
        clearInterval(poll)
        resolve(service)
      }
      const poll = setInterval(() => (browser.update(), look()), 250)
      browser.on('up', look)
    })
    expect(found).toMatchObject({ port, txt: { path: '/chat/ws', proto: '1' } })
  })

  it('should not advertise a server that listens on loopback only', async () => {
    const lines: string[] = []
    const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } })
    onTestFinished(() => app.close())
    await app.register(lanchat, { advertise: { name: `lanchat loopback test ${randomBytes(4).toString('hex')}` } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg)
    expect(messages).toContain('lanchat does not advertise on the LAN: the server listens on loopback only')
    expect(messages).not.toContain('advertising on the LAN with mDNS')
  })
})
