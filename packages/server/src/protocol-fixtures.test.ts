import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  decodeServerMessage,
  encode,
  FEATURES,
  REPLY_TYPES,
  type ClientCommandType,
  type ClientMessage,
  type ServerMessage,
} from '@lanchat/protocol'
import { describe, expect, it } from 'vitest'
import { MemoryStore } from './store/memory-store.js'
import { rawClient, startApp, type RawClient } from '../test/plugin-harness.js'

// The protocol's golden frames, decoded here as in the protocol and client suites: what this server sends must keep
// matching them, and a client that speaks exactly the v1 client frames must keep working against it.
const require = createRequire(import.meta.url)
function fixture<Frame>(name: string): Frame[] {
  try {
    const path = require.resolve(`@lanchat/protocol/fixtures/${name}`)
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Frame[]) : []
  } catch {
    return []
  }
}
const serverFrames = fixture<ServerMessage>('server-frames.json')
const clientFrames = fixture<ClientMessage>('client-frames.json')

describe.skipIf(serverFrames.length === 0)('golden server frames', () => {
  it.each(serverFrames.map((frame, index) => [`${frame.type} #${index}`, frame] as const))('should decode %s', (_, frame) => {
    expect(decodeServerMessage(encode(frame))).toEqual(frame)
  })
})

/** Every frame the client got so far, decoded strictly: what the server sends must match the v1 schemas exactly. */
function strictlyDecoded(client: RawClient): ServerMessage[] {
  return client.raw.map((raw) => decodeServerMessage(raw))
}

describe.skipIf(clientFrames.length === 0)('a client speaking exactly the v1 client frames', () => {
  const hellos = clientFrames.filter((frame) => frame.type === 'hello')
  // Everything after the handshake, in the fixtures' order, except that the room is left last so the commands about
  // it find the sender a member.
  const rest = clientFrames.filter((frame) => frame.type !== 'hello')
  const ordered = [...rest.filter((frame) => frame.type !== 'room.leave'), ...rest.filter((frame) => frame.type === 'room.leave')]

  /**
   * A server with the fixtures' room (`k7m2qx`) made by the host and their Pete (`u-2b9d`, an account), so commands
   * naming them can succeed.
   */
  async function startServer() {
    const store = new MemoryStore()
    await store.users.create({ id: 'u-2b9d', name: 'Pete', createdAt: 0 })
    await store.accounts.create({
      userId: 'u-2b9d', name: 'Pete', nameKey: 'pete', passwordHash: '$argon2id$unused', admin: false, disabled: false, createdAt: 0,
    })
    const started = await startApp({ store })
    await started.app.lanchat.createRoom({ id: 'k7m2qx', name: 'Study group' })
    return started
  }

  it.each(hellos.map((frame, index) => [index, frame] as const))(
    'should welcome hello fixture #%s, with the features this server offers',
    async (_, hello) => {
      const { origin } = await startServer()
      const client = await rawClient(`${origin}/ws`)
      if (hello.type !== 'hello') throw new Error('not a hello')
      const welcome = decodeServerMessage(JSON.stringify(await client.command(hello)))
      expect(welcome).toMatchObject({ type: 'welcome', ref: hello.id, protocol: 1 })
      if (welcome.type !== 'welcome') return
      // The defaults offer everything this version knows (accounts included: guests may claim their names).
      expect([...(welcome.features ?? [])].sort()).toEqual(Object.values(FEATURES).sort())
      strictlyDecoded(client)
    },
  )

  it('should answer every command fixture with its reply, and every frame it sends should decode strictly', async () => {
    const { origin } = await startServer()
    const client = await rawClient(`${origin}/ws`)
    const hello = hellos[0]
    if (hello === undefined || hello.type !== 'hello') throw new Error('no hello fixture')
    await client.command(hello)
    for (const frame of ordered) {
      if (!('id' in frame)) {
        client.send(frame)
        continue
      }
      const reply = decodeServerMessage(JSON.stringify(await client.command(frame)))
      // Understood, always; refused only for where the client stands (the lobby, which it has not joined).
      const outcome = reply.type === 'error' ? `${reply.type} ${reply.code}` : reply.type
      expect({ command: frame.type, outcome, ref: 'ref' in reply ? reply.ref : undefined }).toEqual({
        command: frame.type,
        outcome: 'room' in frame && frame.room === 'lobby' ? 'error NOT_A_MEMBER' : REPLY_TYPES[frame.type as ClientCommandType],
        ref: frame.id,
      })
    }
    // Notifications get no reply; a ping after them shows none of them was refused.
    await client.command({ type: 'ping', id: 'last' })
    const frames = strictlyDecoded(client)
    expect(frames.filter((frame) => frame.type === 'error' && frame.code !== 'NOT_A_MEMBER')).toEqual([])
    expect(new Set(frames.map((frame) => frame.type))).toEqual(
      new Set([
        'welcome', 'error', 'room.joined', 'room.left', 'message.ack', 'message.created', 'history.result', 'profile.updated', 'member.updated',
        'pong', 'room.updated', 'invite.created', 'invite.listed', 'rooms.listed',
      ]),
    )
  })

  it('should leave presence.away and rooms.create out of the welcome where the configuration does not offer them', async () => {
    const { origin } = await startApp({ presenceGraceMs: 0, maxRoomsPerUser: 0 })
    const client = await rawClient(`${origin}/ws`)
    const welcome = decodeServerMessage(JSON.stringify(await client.command({ type: 'hello', id: '1', protocol: 1, name: 'Maria' })))
    if (welcome.type !== 'welcome') throw new Error(`expected a welcome, got ${welcome.type}`)
    expect(welcome.features).toContain(FEATURES.history)
    expect(welcome.features).not.toContain(FEATURES.presenceAway)
    expect(welcome.features).not.toContain(FEATURES.roomCreate)
  })
})
