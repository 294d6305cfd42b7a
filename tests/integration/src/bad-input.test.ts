import { describe, expect, it } from 'vitest'
import { CloseCode, ErrorCodes, LIMITS } from '@lanchat/protocol'
import invalidFrames from '@lanchat/protocol/fixtures/invalid-client-frames.json' with { type: 'json' }
import { connectClient, rawPeer, startServer } from './harness.js'

async function greetedPeer(url: string) {
  const peer = await rawPeer(url)
  peer.send({ type: 'hello', id: 'hello', protocol: 1, name: 'Probe' })
  await peer.reply('hello')
  peer.send({ type: 'room.join', id: 'join', room: 'lobby' })
  await peer.reply('join')
  return peer
}

/** The connection still works: a real command gets its real reply. */
async function expectUsable(peer: Awaited<ReturnType<typeof rawPeer>>, id: string) {
  peer.send({ type: 'ping', id })
  expect(await peer.reply(id)).toMatchObject({ type: 'pong' })
}

describe('bad input', () => {
  it.each(invalidFrames.map((fixture) => [fixture.why, fixture] as const))(
    'should answer a frame with %s with an error and keep the connection',
    async (_, fixture) => {
      const server = await startServer()
      const peer = await greetedPeer(server.url)
      peer.send(fixture.raw)
      const error = await peer.take((frame) => frame.type === 'error')
      expect(error).toMatchObject({ code: fixture.code })
      expect(error.ref).toBe(fixture.ref)
      await expectUsable(peer, 'after')
    },
  )

  it('should answer an oversized frame with FRAME_TOO_LARGE, store nothing, and keep the connection', async () => {
    const server = await startServer({ maxFrameBytes: 4096 })
    const peer = await greetedPeer(server.url)
    peer.send({ type: 'message.send', id: 'big', room: 'lobby', text: 'x'.repeat(5000), clientMsgId: 'big' })
    expect(await peer.take((frame) => frame.type === 'error')).toMatchObject({ code: ErrorCodes.FRAME_TOO_LARGE })
    await expectUsable(peer, 'after')
    peer.send({ type: 'history.get', id: 'history', room: 'lobby' })
    expect(await peer.reply('history')).toMatchObject({ messages: [] })
  })

  it('should close a connection whose frame passes the hard transport cap', async () => {
    const server = await startServer({ maxFrameBytes: 1024 })
    const peer = await greetedPeer(server.url)
    peer.send('x'.repeat(1024 * 8))
    expect((await peer.closed).code).toBe(CloseCode.MessageTooBig)
  })

  it('should refuse text that is only white space and longer than the limit', async () => {
    const server = await startServer()
    const peer = await greetedPeer(server.url)
    peer.send({ type: 'message.send', id: 'blank', room: 'lobby', text: '  \n\t ', clientMsgId: 'blank' })
    expect(await peer.reply('blank')).toMatchObject({ type: 'error', code: ErrorCodes.BAD_REQUEST })
    peer.send({
      type: 'message.send',
      id: 'long',
      room: 'lobby',
      text: 'y'.repeat(LIMITS.maxTextLength + 1),
      clientMsgId: 'long',
    })
    expect(await peer.reply('long')).toMatchObject({ type: 'error', code: ErrorCodes.BAD_REQUEST })
  })

  it('should answer a command sent before hello with HANDSHAKE_REQUIRED', async () => {
    const server = await startServer()
    const peer = await rawPeer(server.url)
    peer.send({ type: 'room.join', id: 'early', room: 'lobby' })
    expect(await peer.reply('early')).toMatchObject({ type: 'error', code: ErrorCodes.HANDSHAKE_REQUIRED })
    peer.send({ type: 'hello', id: 'hello', protocol: 1, name: 'Late' })
    expect(await peer.reply('hello')).toMatchObject({ type: 'welcome' })
  })

  it('should refuse another protocol version and close with 4000', async () => {
    const server = await startServer()
    const peer = await rawPeer(server.url)
    peer.send({ type: 'hello', id: 'hello', protocol: 99, name: 'Future' })
    expect(await peer.reply('hello')).toMatchObject({ type: 'error', code: ErrorCodes.UNSUPPORTED_PROTOCOL })
    expect((await peer.closed).code).toBe(CloseCode.UnsupportedProtocol)
  })

  it('should answer unknown rooms and rooms one is not in with their codes', async () => {
    const server = await startServer()
    const peer = await greetedPeer(server.url)
    peer.send({ type: 'room.join', id: 'nope', room: 'zzzzzz' })
    expect(await peer.reply('nope')).toMatchObject({ code: ErrorCodes.ROOM_NOT_FOUND })
    peer.send({ type: 'message.send', id: 'out', room: 'zzzzzz', text: 'hi', clientMsgId: 'out' })
    expect(await peer.reply('out')).toMatchObject({ code: expect.stringMatching(/ROOM_NOT_FOUND|NOT_A_MEMBER/) })
  })

  it('should rate-limit a flood of messages and keep serving everyone else', async () => {
    const server = await startServer({ rateLimit: { messagesPerSecond: 5, burst: 5 } })
    const flooder = await greetedPeer(server.url)
    const bystander = await connectClient(server.url, 'Bystander')
    await bystander.join('lobby')
    for (let index = 0; index < 30; index++) {
      flooder.send({ type: 'message.send', id: `f${index}`, room: 'lobby', text: `spam ${index}`, clientMsgId: `f${index}` })
    }
    const replies = await Promise.all(Array.from({ length: 30 }, (_, index) => flooder.reply(`f${index}`)))
    const limited = replies.filter((reply) => reply.code === ErrorCodes.RATE_LIMITED)
    expect(limited.length).toBeGreaterThanOrEqual(20)
    expect(replies.filter((reply) => reply.type === 'message.ack').length).toBeGreaterThanOrEqual(5)
    await expect(bystander.send('lobby', 'I can still talk').acked).resolves.toMatchObject({ text: 'I can still talk' })
  })

  it('should close a connection that keeps sending garbage', async () => {
    const server = await startServer()
    const peer = await greetedPeer(server.url)
    for (let index = 0; index < 50; index++) peer.send('{garbage')
    expect((await peer.closed).code).toBe(CloseCode.ProtocolViolation)
  })
})
