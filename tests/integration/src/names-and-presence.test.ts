import { describe, expect, it } from 'vitest'
import { LanchatServerError, type LanchatClient } from '@lanchat/client'
import { connectClient, nextClientEvent, rawPeer, startServer, TrackedWebSocket, waitFor } from './harness.js'

/** Every member.joined / member.left / presence.changed a client hears, as "type name [status|reason]". */
function notices(client: LanchatClient): string[] {
  const seen: string[] = []
  client.on('member.joined', ({ member }) => seen.push(`joined ${member.name}`))
  client.on('member.left', ({ member, reason }) => seen.push(`left ${member.name} ${reason}`))
  client.on('presence.changed', ({ member, status }) => seen.push(`${status} ${member.name}`))
  return seen
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!LanchatServerError.isInstance(error)) throw new Error(`expected a server error, got ${String(error)}`)
  return { code: error.code, message: error.message }
}

describe('display names', () => {
  it.each([
    ['a right-to-left override', 'Maria\u202Egnp.exe', /text-direction/],
    ['only zero-width spaces', '\u200B\u200B\u200B', /visible character/],
    ['only a Hangul filler', '\u3164', /visible character/],
    ['"System"', 'System', /reserved/],
    ['"[SYSTEM]"', '[SYSTEM]', /reserved/],
  ])('should refuse a hello with %s, saying why', async (_, name, reason) => {
    const server = await startServer()
    const peer = await rawPeer(server.url)
    peer.send({ type: 'hello', id: 'h', protocol: 1, name })
    expect(await peer.reply('h')).toMatchObject({ type: 'error', code: 'BAD_REQUEST', message: expect.stringMatching(reason) })
  })

  it('should refuse a rename to a reserved or invisible name and keep the old one', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    expect(await refusal(maria.setName('system'))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/reserved/) })
    expect(await refusal(maria.setName('\u2066\u2069'))).toMatchObject({ code: 'BAD_REQUEST' })
    await maria.join('lobby')
    expect(maria.rooms.get('lobby')?.members).toMatchObject([{ name: 'Maria' }])
  })

  it('should count the name limit in code points: 32 emoji are a name, 33 are not', async () => {
    const server = await startServer()
    const fits = await connectClient(server.url, '😀'.repeat(32))
    expect(fits.user?.name).toBe('😀'.repeat(32))
    const peer = await rawPeer(server.url)
    peer.send({ type: 'hello', id: 'h', protocol: 1, name: '😀'.repeat(33) })
    expect(await peer.reply('h')).toMatchObject({ type: 'error', code: 'BAD_REQUEST' })
  })

  it("should still let the host post as 'System'", async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    await maria.join('lobby')
    const posted = nextClientEvent(maria, 'message.created')
    await server.app.lanchat.post('lobby', 'Maintenance at six', { name: 'System' })
    expect((await posted).message).toMatchObject({ kind: 'system', from: { name: 'System' } })
  })

  it('should NFC-normalise and trim a name', async () => {
    const server = await startServer()
    const jose = await connectClient(server.url, '  Jose\u0301 ')
    expect(jose.user?.name).toBe('José')
  })
})

describe('presence across drops', () => {
  it('should show a member whose connection dropped as away, and say nothing else when they are back', async () => {
    const server = await startServer({ presenceGraceMs: 5_000 })
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete', { WebSocket: TrackedWebSocket as never })
    await pete.join(room.id)
    await waitFor(() => maria.rooms.get(room.id)?.members.length === 2)
    const seen = notices(maria)

    const away = nextClientEvent(maria, 'presence.changed', (event) => event.status === 'away')
    pete.typing(room.id, true)
    await nextClientEvent(maria, 'typing.changed', (event) => event.typing)
    TrackedWebSocket.opened.at(-1)?.terminate()
    await away
    expect(maria.rooms.get(room.id)?.members).toEqual([
      { id: maria.user?.id, name: 'Maria' },
      { id: pete.user?.id, name: 'Pete', status: 'away' },
    ])
    // A dropped member stops typing at once.
    expect(maria.rooms.get(room.id)?.typing).toEqual([])

    await nextClientEvent(maria, 'presence.changed', (event) => event.status === 'online', 10_000)
    await waitFor(() => pete.state === 'open')
    expect(maria.rooms.get(room.id)?.members.find((member) => member.name === 'Pete')).toEqual({ id: pete.user?.id, name: 'Pete' })
    expect(seen).toEqual(['away Pete', 'online Pete'])
  })

  it('should not announce a leave and a join when a page reloads (same session, new connection)', async () => {
    const server = await startServer({ presenceGraceMs: 5_000 })
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const before = await connectClient(server.url, 'Pete', { WebSocket: TrackedWebSocket as never, reconnect: false })
    await before.join(room.id)
    const session = before.session
    const socket = TrackedWebSocket.opened.at(-1)
    await waitFor(() => maria.rooms.get(room.id)?.members.length === 2)
    const seen = notices(maria)

    // What a browser does on reload: the old page's socket goes away (1001), the new page connects and joins.
    socket?.close(1001)
    await nextClientEvent(maria, 'presence.changed', (event) => event.status === 'away')
    const after = await connectClient(server.url, 'Pete', { session })
    const online = nextClientEvent(maria, 'presence.changed', (event) => event.status === 'online')
    await after.join(room.id)
    expect(after.user?.id).toBe(before.user?.id)
    await online
    await maria.send(room.id, 'welcome back').acked
    expect(seen).toEqual(['away Pete', 'online Pete'])
  })

  it('should announce the leave once the grace is over, and at once on a clean close', async () => {
    const server = await startServer({ presenceGraceMs: 300 })
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete', { WebSocket: TrackedWebSocket as never, reconnect: false })
    await pete.join(room.id)
    const ann = await connectClient(server.url, 'Ann')
    await ann.join(room.id)
    await waitFor(() => maria.rooms.get(room.id)?.members.length === 3)
    const seen = notices(maria)

    TrackedWebSocket.opened.at(-1)?.terminate()
    await nextClientEvent(maria, 'member.left', (event) => event.member.name === 'Pete', 5_000)
    await ann.close()
    await nextClientEvent(maria, 'member.left', (event) => event.member.name === 'Ann', 2_000)
    expect(seen).toEqual(['away Pete', 'left Pete disconnected', 'left Ann left'])
    expect(maria.rooms.get(room.id)?.members.map((member) => member.name)).toEqual(['Maria'])
  })

  it('should list a member who is away as away to someone who joins meanwhile', async () => {
    const server = await startServer({ presenceGraceMs: 5_000 })
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete', { WebSocket: TrackedWebSocket as never, reconnect: false })
    await pete.join(room.id)
    const away = nextClientEvent(maria, 'presence.changed')
    TrackedWebSocket.opened.at(-1)?.terminate()
    await away
    const ann = await connectClient(server.url, 'Ann')
    const { members } = await ann.join(room.id)
    expect(members).toContainEqual({ id: pete.user?.id, name: 'Pete', status: 'away' })
  })
})
