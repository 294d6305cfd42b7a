import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode } from '@lanchat/protocol'
import { connectClient, rawPeer, startServer, waitFor } from './harness.js'

type Peer = Awaited<ReturnType<typeof rawPeer>>

let counter = 0
const nextId = () => `a${++counter}`

async function hello(peer: Peer, name: string, session?: string) {
  const id = nextId()
  peer.send(session === undefined ? { type: 'hello', id, protocol: 1, name } : { type: 'hello', id, protocol: 1, name, session })
  return peer.reply(id)
}

async function command(peer: Peer, frame: Record<string, unknown>) {
  const id = nextId()
  peer.send({ ...frame, id })
  return peer.reply(id)
}

/** The HTTP status an upgrade is answered with, and its headers, when it is not upgraded. */
function refusedUpgrade(url: string): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    socket.on('open', () => {
      socket.terminate()
      reject(new Error('the upgrade went through'))
    })
    socket.on('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body })
        socket.terminate()
      })
    })
    socket.on('error', () => undefined)
  })
}

describe('limits on every command', () => {
  it('should throttle a command flood from one socket, close it with 4029, and keep a bystander responsive', async () => {
    // The bystander measures with pings, so its own ping budget is wide.
    const { url } = await startServer({ commandRates: { ping: { perSecond: 1_000, burst: 1_000 } } })
    const bystander = await rawPeer(url)
    await hello(bystander, 'Bystander')
    await command(bystander, { type: 'room.join', room: 'lobby' })
    const flooder = await rawPeer(url)
    await hello(flooder, 'Flooder')
    await command(flooder, { type: 'room.join', room: 'lobby' })
    const broadcastsBefore = bystander.frames.length

    // Waves of typing, renames and joins/leaves, for up to 4 s or until the server closes the socket.
    let closedAt: number | undefined
    void flooder.closed.then(() => (closedAt = Date.now()))
    const startedAt = Date.now()
    let sent = 0
    const flood = (async () => {
      while (closedAt === undefined && Date.now() - startedAt < 4_000 && flooder.socket.readyState === WebSocket.OPEN) {
        for (let index = 0; index < 100; index++, sent++) {
          const kind = sent % 5
          if (kind === 0) flooder.send({ type: 'typing.start', room: 'lobby' })
          else if (kind === 1) flooder.send({ type: 'typing.stop', room: 'lobby' })
          else if (kind === 2) flooder.send({ type: 'profile.update', id: `f${sent}`, name: `Flood ${sent % 7}` })
          else if (kind === 3) flooder.send({ type: 'room.leave', id: `f${sent}`, room: 'lobby' })
          else flooder.send({ type: 'room.join', id: `f${sent}`, room: 'lobby' })
        }
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    })()

    const roundTrips: number[] = []
    while (closedAt === undefined && Date.now() - startedAt < 6_000) {
      const sentAt = performance.now()
      await command(bystander, { type: 'ping' })
      roundTrips.push(performance.now() - sentAt)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await flood

    const closed = await flooder.closed
    expect(closed.code).toBe(CloseCode.RateLimited)
    expect(sent).toBeGreaterThan(1_000)
    // Refused frames cost the others nothing: only what fit the budgets was broadcast.
    const broadcasts = bystander.frames.length - broadcastsBefore - roundTrips.length
    expect(broadcasts).toBeLessThan(200)
    roundTrips.sort((a, b) => a - b)
    const p99 = roundTrips[Math.floor(roundTrips.length * 0.99)] ?? Infinity
    expect(p99).toBeLessThan(500)

    // Told to go away, not banned: the same client can come back.
    const back = await rawPeer(url)
    expect(await hello(back, 'Flooder')).toMatchObject({ type: 'welcome' })
  })

  it('should answer a command over its budget with RATE_LIMITED and retryAfterMs', async () => {
    const { url } = await startServer({ commandRates: { history: { perSecond: 1, burst: 2 } } })
    const peer = await rawPeer(url)
    await hello(peer, 'Pager')
    await command(peer, { type: 'room.join', room: 'lobby' })
    const replies = []
    for (let index = 0; index < 3; index++) replies.push(await command(peer, { type: 'history.get', room: 'lobby' }))
    expect(replies.map((reply) => reply.type)).toEqual(['history.result', 'history.result', 'error'])
    expect(replies[2]).toMatchObject({ code: 'RATE_LIMITED' })
    expect(replies[2]?.retryAfterMs).toBeGreaterThan(0)
    expect(replies[2]?.retryAfterMs).toBeLessThanOrEqual(1_000)
  })

  it('should cap the code rooms of one user and of one address', async () => {
    const { url } = await startServer({ maxRoomsPerUser: 3, maxRoomsPerAddress: 5 })
    const maria = await rawPeer(url)
    await hello(maria, 'Maria')
    const replies = []
    for (let index = 0; index < 4; index++) replies.push(await command(maria, { type: 'room.create' }))
    expect(replies.map((reply) => reply.type)).toEqual(['room.joined', 'room.joined', 'room.joined', 'error'])
    expect(replies[3]).toMatchObject({ code: 'RATE_LIMITED' })
    expect(replies[3]).not.toHaveProperty('retryAfterMs')

    // Another user on the same address gets what is left of the address's five.
    const jonas = await rawPeer(url)
    await hello(jonas, 'Jonas')
    expect(await command(jonas, { type: 'room.create' })).toMatchObject({ type: 'room.joined' })
    expect(await command(jonas, { type: 'room.create' })).toMatchObject({ type: 'room.joined' })
    expect(await command(jonas, { type: 'room.create' })).toMatchObject({ type: 'error', code: 'RATE_LIMITED' })

    // Leaving a room deletes it (nobody else is in it) and frees its place.
    const room = (replies[0] as { room: { id: string } }).room.id
    expect(await command(maria, { type: 'room.leave', room })).toMatchObject({ type: 'room.left' })
    await waitFor(() => true)
    expect(await command(jonas, { type: 'room.create' })).toMatchObject({ type: 'room.joined' })
  })

  it('should cap the live sessions of one signed-in user', async () => {
    const { url } = await startServer({
      maxSessionsPerUser: 2,
      authenticate: () => ({ kind: 'user', id: 'u-maria', name: 'Maria' }),
    })
    const tabs = [await rawPeer(url), await rawPeer(url)]
    const welcomes = [await hello(tabs[0] as Peer, 'Maria'), await hello(tabs[1] as Peer, 'Maria')]
    expect(welcomes.map((welcome) => welcome.type)).toEqual(['welcome', 'welcome'])
    const third = await rawPeer(url)
    expect(await hello(third, 'Maria')).toMatchObject({ type: 'error', code: 'RATE_LIMITED', retryAfterMs: 30_000 })
    // A tab that reuses its session is not a new session.
    const again = await rawPeer(url)
    expect(await hello(again, 'Maria', (welcomes[0] as { session: string }).session)).toMatchObject({ type: 'welcome' })
  })
})

describe('connection caps', () => {
  it('should answer an upgrade over the per-address cap with HTTP 429 before the 101', async () => {
    const { url } = await startServer({ maxConnectionsPerAddress: 2 })
    await rawPeer(url)
    await rawPeer(url)
    const refused = await refusedUpgrade(url)
    expect(refused).toMatchObject({ status: 429, retryAfter: '10' })
    expect(JSON.parse(refused.body)).toMatchObject({ statusCode: 429, error: 'Too Many Requests' })
  })

  it('should answer an upgrade over the total cap with HTTP 503, and take a new one once a socket closes', async () => {
    const { url } = await startServer({ maxConnections: 1 })
    const first = await rawPeer(url)
    expect(await refusedUpgrade(url)).toMatchObject({ status: 503, retryAfter: '10' })
    first.socket.close()
    await first.closed
    await waitFor(() => false, 50).catch(() => undefined)
    const next = await rawPeer(url)
    expect(next.socket.readyState).toBe(WebSocket.OPEN)
  })
})

describe('the SDK under the budgets', () => {
  it('should deliver every message in send order through RATE_LIMITED, honouring retryAfterMs', async () => {
    const { url } = await startServer({ rateLimit: { messagesPerSecond: 20, burst: 3 } })
    const sender = await connectClient(url, 'Sender')
    const reader = await connectClient(url, 'Reader')
    await sender.join('lobby')
    await reader.join('lobby')
    const seen: string[] = []
    reader.on('message.created', ({ message }) => seen.push(message.text))
    const texts = Array.from({ length: 15 }, (_, index) => `m${index}`)
    const sent = texts.map((text) => sender.send('lobby', text))
    await Promise.all(sent.map((outgoing) => outgoing.acked))
    await waitFor(() => seen.length === texts.length, 10_000, 'every message')
    expect(seen).toEqual(texts)
  })

  it('should resend a rate-limited request after retryAfterMs instead of failing it', async () => {
    const { url } = await startServer({ commandRates: { history: { perSecond: 10, burst: 2 } } })
    const client = await connectClient(url, 'Pager')
    await client.join('lobby')
    const pages = await Promise.all(Array.from({ length: 6 }, () => client.history('lobby')))
    expect(pages).toHaveLength(6)
  })
})
