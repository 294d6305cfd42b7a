import { randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { greetedClient, rawClient, startApp, type Frame, type RawClient } from '../../test/plugin-harness.js'
import { freshSchema, postgresUrl, redisUrl } from '../../test/services.js'
import { openPostgresStore } from '../store/postgres/postgres-store.js'
import { createRedisFanout } from './redis-fanout.js'

/** Two plugin apps in this process sharing one PostgreSQL schema and one Redis prefix: two nodes of a cluster. */
async function cluster(count = 2, heartbeatIntervalMs = 100) {
  const schema = freshSchema()
  const prefix = `t-${randomBytes(4).toString('hex')}:`
  const addNode = async () => {
    const store = await openPostgresStore({ url: postgresUrl(), schema })
    onTestFinished(() => store.close())
    const fanout = await createRedisFanout({ url: redisUrl(), prefix, heartbeatIntervalMs, gapWaitMs: 20 })
    const { app, origin } = await startApp({ store, fanout, presenceGraceMs: 0, emptyRoomGraceMs: 0 })
    return { url: `${origin}/ws`, store, close: () => app.close(), addNode }
  }
  const nodes: Array<Awaited<ReturnType<typeof addNode>>> = []
  for (let index = 0; index < count; index++) nodes.push(await addNode())
  return nodes
}

const created = (client: RawClient) => client.frames.filter((frame) => frame.type === 'message.created').map((frame) => (frame.message as { seq: number }).seq)

async function send(client: RawClient, id: string, room = 'lobby'): Promise<Frame> {
  return client.command({ type: 'message.send', id, room, text: `text ${id}`, clientMsgId: id })
}

describe('createRedisFanout', { timeout: 20_000 }, () => {
  it('should carry messages and presence between nodes: each member gets each message once, in seq order', async () => {
    const [a, b] = await cluster()
    const ana = await greetedClient(a!.url, 'Ana')
    const bob = await rawClient(b!.url)
    await bob.command({ type: 'hello', id: 'h', protocol: 1, name: 'Bob' })
    const joined = await bob.command({ type: 'room.join', id: 'j', room: 'lobby' })
    expect((joined.members as Array<{ name: string }>).map((member) => member.name).sort()).toEqual(['Ana', 'Bob'])
    await ana.take((frame) => frame.type === 'member.joined')
    await Promise.all([
      ...Array.from({ length: 10 }, (_, index) => send(ana, `a${index}`)),
      ...Array.from({ length: 10 }, (_, index) => send(bob, `b${index}`)),
    ])
    const all = Array.from({ length: 20 }, (_, index) => index + 1)
    // Acks and events interleave: wait on the whole list, not on the reader's cursor.
    await vi.waitFor(() => expect(created(ana)).toEqual(all), { timeout: 5_000 })
    await vi.waitFor(() => expect(created(bob)).toEqual(all), { timeout: 5_000 })
  })

  it('should let a member on another node join a code room, and keep the room while a node still has members', async () => {
    const [a, b] = await cluster()
    const ana = await greetedClient(a!.url, 'Ana')
    const room = (await ana.command({ type: 'room.create', id: 'c', name: 'Team' })).room as { id: string }
    const bob = await greetedClient(b!.url, 'Bob')
    expect((await bob.command({ type: 'room.join', id: 'j2', room: room.id })).type).toBe('room.joined')
    expect((await ana.command({ type: 'room.leave', id: 'l', room: room.id })).type).toBe('room.left')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await send(bob, 'after', room.id)).type).toBe('message.ack')
    expect((await b!.store.rooms.get(room.id))?.lastSeq).toBe(1)
  })

  it('should not serve a room another node deleted since this node loaded it', async () => {
    const [a] = await cluster(1)
    const ana = await greetedClient(a!.url, 'Ana')
    const room = (await ana.command({ type: 'room.create', id: 'c', name: 'Gone soon' })).room as { id: string }
    // The second node loads the room at start; then its last member leaves on the first node, which deletes it.
    const b = await a!.addNode()
    expect((await ana.command({ type: 'room.leave', id: 'l', room: room.id })).type).toBe('room.left')
    await vi.waitFor(async () => expect(await a!.store.rooms.get(room.id)).toBeUndefined())
    const bob = await greetedClient(b.url, 'Bob')
    expect(await bob.command({ type: 'room.join', id: 'j', room: room.id })).toMatchObject({ type: 'error', code: 'ROOM_NOT_FOUND' })
  })

  it('should heal a message a node stored but never published before delivering the next one', async () => {
    const [a, b] = await cluster()
    const ana = await greetedClient(a!.url, 'Ana')
    const bob = await greetedClient(b!.url, 'Bob')
    await ana.take((frame) => frame.type === 'member.joined')
    // Stored straight into the store: as if its node died between the commit and the publication.
    await a!.store.log.append({
      type: 'message.created',
      message: { room: 'lobby', kind: 'user', from: { id: 'ghost', name: 'Ghost' }, text: 'lost', ts: Date.now(), clientMsgId: 'lost' },
    })
    await send(ana, 'next')
    await vi.waitFor(() => expect(created(bob)).toEqual([1, 2]), { timeout: 5_000 })
  })

  it('should tell members that a stopped node’s members left, within the heartbeat window', async () => {
    const [a, b] = await cluster()
    await greetedClient(a!.url, 'Ana')
    const bob = await greetedClient(b!.url, 'Bob')
    await a!.close()
    const left = await bob.take((frame) => frame.type === 'member.left', 3_000)
    expect(left).toMatchObject({ room: 'lobby', member: { name: 'Ana' }, reason: 'disconnected' })
    const rejoined = await bob.command({ type: 'room.join', id: 'again', room: 'lobby' })
    expect((rejoined.members as Array<{ name: string }>).map((member) => member.name)).toEqual(['Bob'])
  })

  it('should tell members that the members of a node that stopped heartbeating left, and not before', async () => {
    const prefix = `t-${randomBytes(4).toString('hex')}:`
    const schema = freshSchema()
    const store = await openPostgresStore({ url: postgresUrl(), schema })
    onTestFinished(() => store.close())
    const fanout = await createRedisFanout({ url: redisUrl(), prefix, heartbeatIntervalMs: 100 })
    const { origin } = await startApp({ store, fanout, presenceGraceMs: 0 })
    const bob = await greetedClient(`${origin}/ws`, 'Bob')
    // A second node that vanishes without a word, as after kill -9: its presence stays in Redis, its heartbeat stops.
    const ghost = await createRedisFanout({ url: redisUrl(), prefix, heartbeatIntervalMs: 100 })
    const zoe = { id: 'u-zoe', name: 'Zoë' }
    await ghost.init({
      deliver: () => undefined,
      localPresence: () => [zoe],
      replay: async () => ({ frames: [], hasMore: false }),
      storedSeq: async () => 0,
    })
    ghost.broadcast({ room: 'lobby', data: JSON.stringify({ type: 'member.joined', room: 'lobby', member: zoe, ts: Date.now() }) })
    await bob.take((frame) => frame.type === 'member.joined')
    await vi.waitFor(async () => {
      const joined = await bob.command({ type: 'room.join', id: `j${Math.random()}`, room: 'lobby' })
      expect((joined.members as Array<{ name: string }>).map((member) => member.name).sort()).toEqual(['Bob', 'Zoë'])
    })
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(bob.frames.some((frame) => frame.type === 'member.left')).toBe(false)
    await ghost.close()
    const left = await bob.take((frame) => frame.type === 'member.left', 3_000)
    expect(left).toMatchObject({ room: 'lobby', member: zoe, reason: 'disconnected' })
  })

  it('should drop publications that are not lanchat room frames', async () => {
    const [a] = await cluster(1)
    const ana = await greetedClient(a!.url, 'Ana')
    const publisher = createClient({ url: redisUrl() })
    await publisher.connect()
    onTestFinished(() => publisher.close())
    const channels = (await publisher.pubSubChannels('t-*')) as string[]
    const channel = channels.find((name) => name.endsWith(':room:lobby'))
    expect(channel).toBeDefined()
    for (const bad of ['nonsense', '{"n":"x"}\n{"type":"error","code":"INTERNAL","message":"x"}', '{"n":"x","s":1}\n{"type":"message.created"}']) {
      await publisher.publish(channel!, bad)
    }
    await send(ana, 'ok')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(ana.frames.filter((frame) => frame.type === 'message.created' || frame.type === 'error')).toHaveLength(1)
  })

  it('should refuse to start, naming Redis, when it cannot be reached', async () => {
    await expect(createRedisFanout({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 1_000 })).rejects.toMatchObject({
      code: 'LANCHAT_ERR_FANOUT_UNREACHABLE',
    })
    await expect(startApp({ fanout: 'redis://127.0.0.1:1' })).rejects.toThrow(/Redis at redis:\/\/127\.0\.0\.1:1/)
    await expect(startApp({ store: 'postgres://lanchat@127.0.0.1:1/lanchat' })).rejects.toMatchObject({
      code: 'LANCHAT_ERR_STORE_UNREACHABLE',
    })
  })

  it('should open PostgreSQL and Redis from connection strings', async () => {
    const { origin } = await startApp({ store: postgresUrl(), fanout: redisUrl() })
    const ana = await greetedClient(`${origin}/ws`, 'Ana')
    expect((await send(ana, 'hi')).type).toBe('message.ack')
  })
})
