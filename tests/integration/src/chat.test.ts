import { describe, expect, it } from 'vitest'
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, type ChatMessage } from '@lanchat/protocol'
import { connectClient, nextClientEvent, startServer, waitFor } from './harness.js'

describe('two people chatting in a code room', () => {
  it('should let A create a room that B joins by code, and both chat both ways', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    const pete = await connectClient(server.url, 'Pete')

    const created = await maria.create({ name: 'Study group' })
    const code = created.room.id
    expect(code).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`))
    expect(created.room).toMatchObject({ name: 'Study group', kind: 'code', lastSeq: 0 })

    const mariaSeesPete = nextClientEvent(maria, 'member.joined')
    const joined = await pete.join(code.toUpperCase())
    expect(joined.room.id).toBe(code)
    expect(joined.members.map((member) => member.name).sort()).toEqual(['Maria', 'Pete'])
    expect((await mariaSeesPete).member.name).toBe('Pete')

    const atMaria: ChatMessage[] = []
    const atPete: ChatMessage[] = []
    maria.on('message.created', ({ message }) => atMaria.push(message))
    pete.on('message.created', ({ message }) => atPete.push(message))

    const before = Date.now()
    await maria.send(code, 'Hi Pete!').acked
    await pete.send(code, 'Hi Maria!').acked
    await maria.send(code, 'Shall we start?').acked
    await waitFor(() => atMaria.length === 3 && atPete.length === 3, 5_000, 'three messages at both')

    expect(atPete).toEqual(atMaria)
    expect(atPete.map((message) => [message.seq, message.from.name, message.text])).toEqual([
      [1, 'Maria', 'Hi Pete!'],
      [2, 'Pete', 'Hi Maria!'],
      [3, 'Maria', 'Shall we start?'],
    ])
    for (const message of atPete) {
      expect(message.room).toBe(code)
      expect(message.ts).toBeGreaterThanOrEqual(before - 1000)
      expect(message.ts).toBeLessThanOrEqual(Date.now() + 1000)
    }
    expect(atPete[0]?.ts).toBeLessThanOrEqual(atPete[2]?.ts ?? 0)
  })

  it('should keep one person in several rooms at once', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    await maria.join('lobby')
    const first = await maria.create()
    const second = await maria.create({ name: 'Second' })
    expect(new Set([first.room.id, second.room.id, 'lobby']).size).toBe(3)
    expect([...maria.rooms.keys()].sort()).toEqual(['lobby', first.room.id, second.room.id].sort())

    const received: ChatMessage[] = []
    maria.on('message.created', ({ message }) => received.push(message))
    await maria.send(first.room.id, 'in first').acked
    await maria.send(second.room.id, 'in second').acked
    await waitFor(() => received.length === 2)
    expect(received.map((message) => [message.room, message.seq])).toEqual([
      [first.room.id, 1],
      [second.room.id, 1],
    ])
  })
})

describe('the lobby', () => {
  it('should always exist and be shared by everyone', async () => {
    const server = await startServer()
    const people = await Promise.all(['Ann', 'Bo', 'Cy'].map((name) => connectClient(server.url, name)))
    for (const person of people) await person.join('lobby')
    const seenByCy = nextClientEvent(people[2]!, 'message.created')
    await people[0]!.send('lobby', 'hello lobby').acked
    expect((await seenByCy).message).toMatchObject({ room: 'lobby', text: 'hello lobby', from: { name: 'Ann' } })
    expect(server.app.lanchat.members('lobby').map((member) => member.name).sort()).toEqual(['Ann', 'Bo', 'Cy'])
  })
})

describe('history', () => {
  it('should give the newest messages on join and page older ones', async () => {
    const server = await startServer({ joinHistory: 5 })
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    for (let index = 1; index <= 12; index++) await maria.send(room.id, `message ${index}`).acked

    const pete = await connectClient(server.url, 'Pete')
    const joined = await pete.join(room.id)
    expect(joined.messages.map((message) => message.seq)).toEqual([8, 9, 10, 11, 12])
    expect(joined.hasMore).toBe(true)

    const page = await pete.history(room.id, { before: 8, limit: 4 })
    expect(page.messages.map((message) => message.text)).toEqual(['message 4', 'message 5', 'message 6', 'message 7'])
    expect(page.hasMore).toBe(true)
    const last = await pete.history(room.id, { before: 4, limit: 100 })
    expect(last.messages.map((message) => message.seq)).toEqual([1, 2, 3])
    expect(last.hasMore).toBe(false)
  })

  it('should refuse history of a room one is not in', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete')
    await expect(pete.history(room.id, {})).rejects.toMatchObject({ code: 'NOT_A_MEMBER' })
  })
})

describe('presence', () => {
  it('should tell members who joins, who leaves, who renames and who types', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete')

    const joined = nextClientEvent(maria, 'member.joined')
    await pete.join(room.id)
    expect(await joined).toMatchObject({ room: room.id, member: { name: 'Pete' } })
    await waitFor(() => maria.rooms.get(room.id)?.members.length === 2, 5_000, 'member list at Maria')

    const typing = nextClientEvent(maria, 'typing.changed')
    pete.typing(room.id, true)
    expect(await typing).toMatchObject({ room: room.id, member: { name: 'Pete' }, typing: true })

    const renamed = nextClientEvent(maria, 'member.updated')
    await pete.setName('Peter')
    expect(await renamed).toMatchObject({ room: room.id, member: { name: 'Peter' }, previousName: 'Pete' })

    const left = nextClientEvent(maria, 'member.left')
    await pete.leave(room.id)
    expect(await left).toMatchObject({ room: room.id, member: { name: 'Peter' }, reason: 'left' })
    await waitFor(() => maria.rooms.get(room.id)?.members.length === 1, 5_000, 'member list at Maria')
  })

  it('should broadcast a leave at once when a connection closes cleanly', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const pete = await connectClient(server.url, 'Pete')
    await pete.join(room.id)
    const left = nextClientEvent(maria, 'member.left', undefined, 2_000)
    await pete.close()
    expect((await left).member.name).toBe('Pete')
  })
})

describe('ephemeral code rooms', () => {
  it('should delete an empty code room with its messages when the last member leaves', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    await maria.send(room.id, 'soon gone').acked
    expect(server.app.lanchat.room(room.id)).toBeDefined()
    await maria.leave(room.id)
    await waitFor(() => server.app.lanchat.room(room.id) === undefined, 5_000, 'room deletion')
    expect(server.app.lanchat.rooms().map((info) => info.id)).not.toContain(room.id)
    await expect(maria.join(room.id)).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
  })

  it('should keep the lobby when everyone leaves it', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    await maria.join('lobby')
    await maria.leave('lobby')
    expect(server.app.lanchat.room('lobby')).toBeDefined()
  })
})
