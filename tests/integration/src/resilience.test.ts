import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '@lanchat/protocol'
import type { LanchatClient } from '@lanchat/client'
import { connectClient, nextClientEvent, rawPeer, startServer, TrackedWebSocket, waitFor } from './harness.js'

/** Collects what the app sees: every message.created, in order. */
function timeline(client: LanchatClient, room: string): ChatMessage[] {
  const messages: ChatMessage[] = []
  client.on('message.created', ({ message }) => {
    if (message.room === room) messages.push(message)
  })
  return messages
}

function expectExactlyOnceInOrder(messages: ChatMessage[], count: number) {
  expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: count }, (_, index) => index + 1))
  expect(new Set(messages.map((message) => message.id)).size).toBe(count)
}

describe('a connection cut mid-conversation', () => {
  it('should reconnect and deliver every message exactly once, in order (cut on the client side)', async () => {
    // Maria talks faster than the default rate limit would let her; this test is about Pete's connection.
    const server = await startServer({ rateLimit: { messagesPerSecond: 1000, burst: 1000 } })
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete', { WebSocket: TrackedWebSocket as never })
    await pete.join(room.id)
    const atPete = timeline(pete, room.id)
    const socketsBefore = TrackedWebSocket.opened.length

    const total = 60
    const sends: Array<Promise<unknown>> = []
    for (let index = 1; index <= total; index++) {
      sends.push(maria.send(room.id, `line ${index}`).acked)
      // Cut Pete's live TCP connection twice while Maria keeps talking, like a flaky Wi-Fi would.
      if (index === 15 || index === 40) {
        await waitFor(() => pete.state === 'open', 5_000, 'Pete back online')
        TrackedWebSocket.opened.at(-1)?.terminate()
      }
      if (index % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await Promise.all(sends)
    await waitFor(() => atPete.length >= total && pete.state === 'open', 15_000, 'all messages at Pete')
    expect(TrackedWebSocket.opened.length - socketsBefore).toBe(2)
    // Give a stray duplicate the chance to show up before checking there is none.
    await pete.history(room.id, {})
    expectExactlyOnceInOrder(atPete, total)
    expect(atPete.map((message) => message.text)).toEqual(Array.from({ length: total }, (_, index) => `line ${index + 1}`))
  })

  it('should reconnect and deliver every message exactly once after the server cuts the socket', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete')
    await pete.join(room.id)
    const atPete = timeline(pete, room.id)

    await maria.send(room.id, 'before the cut').acked
    await waitFor(() => atPete.length === 1)
    const reconnected = nextClientEvent(pete, 'room.resumed', undefined, 10_000)
    // Pete's connection is the newest one the server accepted.
    ;[...server.app.websocketServer.clients].at(-1)?.terminate()
    await maria.send(room.id, 'during the cut').acked
    await maria.send(room.id, 'still during the cut').acked
    const resumed = await reconnected
    expect(resumed).toMatchObject({ recovered: true })
    await maria.send(room.id, 'after the cut').acked
    await waitFor(() => atPete.length >= 4, 10_000, 'four messages at Pete')
    expectExactlyOnceInOrder(atPete, 4)
  })

  it('should resend what was typed offline once, with its clientMsgId, when the connection is back', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete', { WebSocket: TrackedWebSocket as never })
    await pete.join(room.id)
    const atMaria = timeline(maria, room.id)

    // Type the moment the connection is lost (the reconnect may take only a few milliseconds).
    const typedOffline = nextClientEvent(pete, 'state', ({ state }) => state === 'reconnecting').then(() => [pete.send(room.id, 'typed offline 1'), pete.send(room.id, 'typed offline 2')])
    TrackedWebSocket.opened.at(-1)?.terminate()
    const queued = await typedOffline
    expect(queued.map((outgoing) => outgoing.state)).toEqual(['pending', 'pending'])

    const acked = await Promise.all(queued.map((outgoing) => outgoing.acked))
    expect(acked.map((message) => message.text)).toEqual(['typed offline 1', 'typed offline 2'])
    expect(queued.map((outgoing) => outgoing.state)).toEqual(['sent', 'sent'])
    await waitFor(() => atMaria.length === 2)
    expect(atMaria.map((message) => message.clientMsgId)).toEqual(queued.map((outgoing) => outgoing.clientMsgId))
    const history = await maria.history(room.id, {})
    expect(history.messages).toHaveLength(2)
  })

  it('should not lose a message whose ack was lost with the connection, nor store it twice', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete', { WebSocket: TrackedWebSocket as never })
    await pete.join(room.id)

    // Cut the connection right after the frame leaves: the server stores it but Pete never sees the ack.
    const outgoing = pete.send(room.id, 'did this arrive?')
    TrackedWebSocket.opened.at(-1)?.terminate()
    const message = await outgoing.acked
    expect(outgoing.state).toBe('sent')
    const history = await maria.history(room.id, {})
    expect(history.messages.filter((stored) => stored.clientMsgId === outgoing.clientMsgId)).toEqual([message])
  })
})

describe('idempotent sends', () => {
  it('should store a resent clientMsgId once and answer every resend with the same seq', async () => {
    const server = await startServer()
    const peer = await rawPeer(server.url)
    peer.send({ type: 'hello', id: 'h', protocol: 1, name: 'Bot' })
    await peer.reply('h')
    peer.send({ type: 'room.join', id: 'j', room: 'lobby' })
    await peer.reply('j')

    const frame = { type: 'message.send', room: 'lobby', text: 'exactly once', clientMsgId: 'dup-1' }
    peer.send({ ...frame, id: 's1' })
    const first = await peer.reply('s1')
    peer.send({ ...frame, id: 's2' })
    const second = await peer.reply('s2')
    expect(first).toMatchObject({ type: 'message.ack', duplicate: false })
    expect(second).toMatchObject({ type: 'message.ack', duplicate: true, seq: first.seq, id: first.id, ts: first.ts })

    const created = peer.frames.filter((received) => received.type === 'message.created')
    expect(created).toHaveLength(1)
    peer.send({ type: 'history.get', id: 'h2', room: 'lobby' })
    const history = await peer.reply('h2')
    expect(history.messages).toHaveLength(1)
  })

  it('should keep dedupe across reconnects of the same session', async () => {
    const server = await startServer()
    const first = await rawPeer(server.url)
    first.send({ type: 'hello', id: 'h', protocol: 1, name: 'Bot' })
    const welcome = await first.reply('h')
    first.send({ type: 'room.join', id: 'j', room: 'lobby' })
    await first.reply('j')
    const frame = { type: 'message.send', room: 'lobby', text: 'once', clientMsgId: 'dup-2' }
    first.send({ ...frame, id: 's' })
    const ack = await first.reply('s')
    first.socket.terminate()

    const second = await rawPeer(server.url)
    second.send({ type: 'hello', id: 'h', protocol: 1, name: 'Bot', session: welcome.session })
    const again = await second.reply('h')
    expect(again).toMatchObject({ sessionResumed: true, user: welcome.user })
    second.send({ type: 'room.join', id: 'j', room: 'lobby' })
    await second.reply('j')
    second.send({ ...frame, id: 's' })
    expect(await second.reply('s')).toMatchObject({ duplicate: true, seq: ack.seq })
  })
})
