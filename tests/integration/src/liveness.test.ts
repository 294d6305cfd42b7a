import { describe, expect, it } from 'vitest'
import { CloseCode } from '@lanchat/protocol'
import { connectClient, nextClientEvent, rawPeer, startServer } from './harness.js'

describe('liveness', () => {
  it("should broadcast a dead peer's leave within the configured window", async () => {
    const heartbeatIntervalMs = 300
    const presenceGraceMs = 200
    const server = await startServer({ heartbeatIntervalMs, presenceGraceMs })
    const maria = await connectClient(server.url, 'Maria')
    await maria.join('lobby')

    // A peer whose machine vanished: it never answers a ping.
    const ghost = await rawPeer(server.url, { autoPong: false })
    ghost.send({ type: 'hello', id: 'h', protocol: 1, name: 'Ghost' })
    await ghost.reply('h')
    ghost.send({ type: 'room.join', id: 'j', room: 'lobby' })
    await ghost.reply('j')

    const window = 2 * heartbeatIntervalMs + 500
    const left = nextClientEvent(maria, 'member.left', undefined, window + presenceGraceMs)
    // First shown away, then gone once the presence grace is over.
    expect(await nextClientEvent(maria, 'presence.changed', undefined, window)).toMatchObject({ member: { name: 'Ghost' }, status: 'away' })
    await left
    expect(await left).toMatchObject({ member: { name: 'Ghost' }, reason: 'disconnected' })
    expect((await ghost.closed).code).toBe(CloseCode.HeartbeatTimeout)
  })

  it('should close a connection that never says hello', async () => {
    const server = await startServer({ handshakeTimeoutMs: 200 })
    const silent = await rawPeer(server.url)
    expect((await silent.closed).code).toBe(CloseCode.HandshakeTimeout)
  })

  it('should close every socket with going-away when the app closes', async () => {
    const server = await startServer()
    const peer = await rawPeer(server.url)
    peer.send({ type: 'hello', id: 'h', protocol: 1, name: 'Leaving' })
    await peer.reply('h')
    await server.app.close()
    expect((await peer.closed).code).toBe(CloseCode.GoingAway)
  })
})
