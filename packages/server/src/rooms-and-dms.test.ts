import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import type { LanchatPluginOptions } from './options.js'
import { MemoryStore } from './store/memory-store.js'
import { rawClient, startApp, type Frame, type RawClient } from '../test/plugin-harness.js'

// Everyone here is a user the host vouched for (an `x-user: id:name` header), so a ban by address (how guests are
// kept out) does not catch the other test users, who all come from 127.0.0.1; guests come without the header.
const authenticate = async (request: FastifyRequest) => {
  const header = request.headers['x-user']
  if (typeof header !== 'string') return { kind: 'guest' as const }
  const [id = '', name] = header.split(':')
  return { kind: 'user' as const, id, ...(name === undefined ? {} : { name }) }
}

async function start(options: LanchatPluginOptions = {}) {
  const store = new MemoryStore()
  const started = await startApp({ authenticate, store, presenceGraceMs: 0, ...options })
  return { ...started, url: `${started.origin}/ws`, store }
}

let requests = 0
const nextId = () => `r${++requests}`

/** A connection of a user the host knows, greeted; `resume` rooms come back with the welcome. */
async function connect(url: string, user: string, name: string, hello: Record<string, unknown> = {}): Promise<{ client: RawClient; welcome: Frame }> {
  const client = await rawClient(url, { headers: { 'x-user': `${user}:${name}` } })
  const welcome = await client.command({ type: 'hello', id: 'hello', protocol: 1, name, ...hello })
  expect(welcome.type).toBe('welcome')
  return { client, welcome }
}

async function guest(url: string, name: string): Promise<RawClient> {
  const client = await rawClient(url)
  expect((await client.command({ type: 'hello', id: 'hello', protocol: 1, name })).type).toBe('welcome')
  return client
}

const send = (client: RawClient, frame: Record<string, unknown>) => client.command({ id: nextId(), ...frame } as Frame & { id: string })

describe('private rooms', () => {
  it('should answer every command of a non-member exactly as for a room that does not exist', async () => {
    const { url } = await start()
    const { client: maria } = await connect(url, 'u-maria', 'Maria')
    const { client: eve } = await connect(url, 'u-eve', 'Eve')
    const created = await send(maria, { type: 'room.create', name: 'Secret plans', access: 'private', code: 'plans' })
    expect(created).toMatchObject({ type: 'room.joined', room: { id: 'plans', access: 'private', owner: 'u-maria', kind: 'named' } })
    await send(maria, { type: 'message.send', room: 'plans', text: 'the plan', clientMsgId: 'p1' })

    const commands: Array<Record<string, unknown>> = [
      { type: 'room.join', room: 'plans' },
      { type: 'room.join', room: 'plans', invite: 'not-a-real-invite' },
      { type: 'history.get', room: 'plans' },
      { type: 'message.send', room: 'plans', text: 'hi', clientMsgId: 'e1' },
      { type: 'room.leave', room: 'plans' },
      { type: 'room.update', room: 'plans', topic: 'mine now' },
      { type: 'member.update', room: 'plans', action: 'invite', user: 'u-eve' },
      { type: 'room.delete', room: 'plans' },
      { type: 'invite.create', room: 'plans' },
      { type: 'invite.list', room: 'plans' },
      { type: 'notify.set', room: 'plans', level: 'all' },
    ]
    for (const command of commands) {
      const answer = await send(eve, command)
      const missing = await send(eve, { ...command, room: 'nosuchroom' })
      expect(answer, JSON.stringify(command)).toMatchObject({ type: 'error', code: 'ROOM_NOT_FOUND', message: 'No room "plans"' })
      expect(missing).toMatchObject({ type: 'error', code: 'ROOM_NOT_FOUND', message: 'No room "nosuchroom"' })
    }
    // Typing is a notification: ignored, and nothing of the room reaches Eve.
    eve.send({ type: 'typing.start', room: 'plans' })
    const directory = await send(eve, { type: 'rooms.list' })
    expect(directory).toMatchObject({ type: 'rooms.listed', rooms: [] })
    expect(eve.frames.some((frame) => JSON.stringify(frame).includes('the plan'))).toBe(false)
  })

  it('should let people in with an invite link until it is revoked, used up or expired', async () => {
    const { url } = await start()
    const { client: maria } = await connect(url, 'u-maria', 'Maria')
    await send(maria, { type: 'room.create', name: 'Book club', access: 'private', code: 'books' })
    const created = await send(maria, { type: 'invite.create', room: 'books', maxUses: 2 })
    expect(created).toMatchObject({ type: 'invite.created', invite: { room: 'books', uses: 0, maxUses: 2, createdBy: { id: 'u-maria' } } })
    const token = (created as unknown as { invite: { token: string; id: string } }).invite.token

    const { client: pete } = await connect(url, 'u-pete', 'Pete')
    const joined = await send(pete, { type: 'room.join', room: 'BOOKS', invite: token })
    expect(joined).toMatchObject({ type: 'room.joined', room: { id: 'books', access: 'private' } })
    // Everyone sees how Pete came in, and it is in the log.
    const added = await maria.take((frame) => frame.type === 'message.created')
    expect(added).toMatchObject({
      message: { kind: 'system', from: { id: 'u-pete' }, text: 'Pete joined with an invite link', event: { type: 'member.added', member: { id: 'u-pete' } } },
    })
    // Pete is a member now: a new connection gets in without the link, and the room comes back in its welcome.
    pete.socket.close()
    const { welcome } = await connect(url, 'u-pete', 'Pete')
    expect((welcome.rooms as Array<{ room: { id: string } }>).map((room) => room.room.id)).toContain('books')

    const listed = await send(maria, { type: 'invite.list', room: 'books' })
    expect(listed).toMatchObject({ type: 'invite.listed', invites: [{ uses: 1 }] })
    expect(JSON.stringify(listed)).not.toContain(token)
    const revoked = await send(maria, { type: 'invite.revoke', room: 'books', invite: (created as unknown as { invite: { id: string } }).invite.id })
    expect(revoked).toMatchObject({ type: 'invite.listed', invites: [] })
    const { client: ann } = await connect(url, 'u-ann', 'Ann')
    expect(await send(ann, { type: 'room.join', room: 'books', invite: token })).toMatchObject({ code: 'ROOM_NOT_FOUND' })

    // A link for one person works once.
    const once = (await send(maria, { type: 'invite.create', room: 'books', maxUses: 1 })) as unknown as { invite: { token: string } }
    expect(await send(ann, { type: 'room.join', room: 'books', invite: once.invite.token })).toMatchObject({ type: 'room.joined' })
    const { client: bob } = await connect(url, 'u-bob', 'Bob')
    expect(await send(bob, { type: 'room.join', room: 'books', invite: once.invite.token })).toMatchObject({ code: 'ROOM_NOT_FOUND' })
    // Public and code rooms have no invite links: their code is the invitation.
    await send(maria, { type: 'room.create', name: 'Open' })
    const code = (maria.frames.findLast((frame) => frame.type === 'room.joined') as unknown as { room: { id: string } }).room.id
    expect(await send(maria, { type: 'invite.create', room: code })).toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('should bring a person invited by name in on every device at once, and put them out when removed', async () => {
    const { url } = await start()
    const { client: maria } = await connect(url, 'u-maria', 'Maria')
    const { client: pete } = await connect(url, 'u-pete', 'Pete')
    const { client: petePhone } = await connect(url, 'u-pete', 'Pete')
    await send(maria, { type: 'room.create', name: 'Team', access: 'private', code: 'team' })
    const updated = await send(maria, { type: 'member.update', room: 'team', action: 'invite', name: 'pete' })
    expect(updated).toMatchObject({ type: 'room.updated', room: { id: 'team' } })
    for (const device of [pete, petePhone]) {
      expect(await device.take((frame) => frame.type === 'room.added')).toMatchObject({ room: { id: 'team', access: 'private' } })
    }
    await pete.take((frame) => frame.type === 'message.created' && (frame.message as { event?: unknown }).event !== undefined)
    expect(await send(pete, { type: 'message.send', room: 'team', text: 'thanks!', clientMsgId: 't1' })).toMatchObject({ type: 'message.ack' })

    expect(await send(maria, { type: 'member.update', room: 'team', action: 'remove', user: 'u-pete' })).toMatchObject({ type: 'room.updated' })
    for (const device of [pete, petePhone]) {
      expect(await device.take((frame) => frame.type === 'room.removed')).toEqual({
        type: 'room.removed',
        room: 'team',
        reason: 'removed',
        by: { id: 'u-maria', name: 'Maria' },
      })
    }
    expect(await send(pete, { type: 'history.get', room: 'team' })).toMatchObject({ code: 'ROOM_NOT_FOUND' })
    expect(await send(pete, { type: 'room.join', room: 'team' })).toMatchObject({ code: 'ROOM_NOT_FOUND' })
    expect(await send(maria, { type: 'member.update', room: 'team', action: 'invite', name: 'Nobody Here' })).toMatchObject({ code: 'USER_NOT_FOUND' })
    // Its owner may leave and come back without an invitation.
    expect(await send(maria, { type: 'room.leave', room: 'team' })).toMatchObject({ type: 'room.left' })
    expect(await send(maria, { type: 'room.join', room: 'team' })).toMatchObject({ type: 'room.joined' })
  })
})

describe('direct conversations', () => {
  it('should open one room per set of people, private to them, that comes back to whoever closed it', async () => {
    const { url } = await start()
    const { client: maria } = await connect(url, 'u-maria', 'Maria')
    const { client: pete } = await connect(url, 'u-pete', 'Pete')
    const { client: eve } = await connect(url, 'u-eve', 'Eve')
    const opened = (await send(maria, { type: 'dm.open', with: ['u-pete'] })) as unknown as Frame & { room: { id: string } }
    expect(opened).toMatchObject({
      type: 'room.joined',
      room: { kind: 'named', access: 'private', direct: [{ id: 'u-maria', name: 'Maria' }, { id: 'u-pete', name: 'Pete' }] },
    })
    const dm = opened.room.id
    expect(dm).toMatch(/^dm-[0-9a-f]{24}$/)
    expect(await pete.take((frame) => frame.type === 'room.added')).toMatchObject({ room: { id: dm } })
    // The same people get the same room, whoever opens it.
    expect(await send(pete, { type: 'dm.open', with: ['u-maria'] })).toMatchObject({ type: 'room.joined', room: { id: dm } })

    await send(maria, { type: 'message.send', room: dm, text: 'psst', clientMsgId: 'd1' })
    expect(await pete.take((frame) => frame.type === 'message.created')).toMatchObject({ message: { text: 'psst' } })
    expect(await send(eve, { type: 'room.join', room: dm })).toMatchObject({ code: 'ROOM_NOT_FOUND' })
    expect(await send(eve, { type: 'history.get', room: dm })).toMatchObject({ code: 'ROOM_NOT_FOUND' })
    expect(eve.frames.some((frame) => JSON.stringify(frame).includes('psst'))).toBe(false)
    // Nobody runs a direct conversation.
    expect(await send(maria, { type: 'room.update', room: dm, topic: 'x' })).toMatchObject({ code: 'FORBIDDEN' })

    // Pete closes it; Maria writes again; it comes back to him with the new message.
    expect(await send(pete, { type: 'room.leave', room: dm })).toMatchObject({ type: 'room.left' })
    await send(maria, { type: 'message.send', room: dm, text: 'still there?', clientMsgId: 'd2' })
    const back = await pete.take((frame) => frame.type === 'room.added')
    expect(back).toMatchObject({ room: { id: dm } })
    // The new message comes with the room or right after it: once either way.
    const texts = (back.messages as Array<{ text: string }>).map((message) => message.text)
    if (!texts.includes('still there?')) {
      texts.push(((await pete.take((frame) => frame.type === 'message.created')).message as { text: string }).text)
    }
    expect(texts).toEqual(['psst', 'still there?'])
    await send(pete, { type: 'ping' })
    expect(pete.frames.filter((frame) => JSON.stringify(frame).includes('still there?'))).toHaveLength(1)

    expect(await send(maria, { type: 'dm.open', with: ['u-nobody'] })).toMatchObject({ code: 'USER_NOT_FOUND' })
    expect(await send(maria, { type: 'dm.open', with: ['u-maria'] })).toMatchObject({ code: 'BAD_REQUEST' })
    const group = await send(maria, { type: 'dm.open', with: ['u-pete', 'u-eve'] })
    expect((group as unknown as { room: { direct: unknown[] } }).room.direct).toHaveLength(3)
    expect(await eve.take((frame) => frame.type === 'room.added')).toMatchObject({ room: { id: (group as unknown as { room: { id: string } }).room.id } })
  })

  it('should keep to the guest policy: with directMessages "accounts" two guests cannot talk in private', async () => {
    const { url } = await start({ guests: { directMessages: 'accounts', createRooms: false } })
    const ann = await guest(url, 'Ann')
    const bob = await guest(url, 'Bob')
    const bobId = ((await send(bob, { type: 'profile.update', name: 'Bob' })) as unknown as { user: { id: string } }).user.id
    expect(await send(ann, { type: 'dm.open', with: [bobId] })).toMatchObject({ code: 'FORBIDDEN' })
    expect(await send(ann, { type: 'room.create', name: 'Mine' })).toMatchObject({ code: 'FORBIDDEN' })
  })
})

describe('room management', () => {
  it('should let only the roles allowed change a room, and replay every change to a member who was away', async () => {
    const { url, store } = await start()
    const { client: maria } = await connect(url, 'u-maria', 'Maria')
    const { client: pete } = await connect(url, 'u-pete', 'Pete')
    await send(maria, { type: 'room.create', name: 'Physics', access: 'public', code: 'physics' })
    await send(pete, { type: 'room.join', room: 'physics' })
    const { client: ann, welcome } = await connect(url, 'u-ann', 'Ann')
    const joined = (await send(ann, { type: 'room.join', room: 'physics' })) as unknown as Frame & { room: { epoch: string; lastSeq: number } }
    void welcome
    ann.socket.close()

    expect(await send(pete, { type: 'room.update', room: 'physics', topic: 'mine' })).toMatchObject({ code: 'FORBIDDEN' })
    expect(await send(maria, { type: 'member.update', room: 'physics', action: 'moderator', name: 'Pete' })).toMatchObject({
      type: 'room.updated',
      room: { moderators: ['u-pete'] },
    })
    expect(await send(pete, { type: 'room.update', room: 'physics', topic: 'Exam on Friday', name: 'Physics 2B' })).toMatchObject({
      type: 'room.updated',
      room: { name: 'Physics 2B', topic: 'Exam on Friday' },
    })
    // A moderator cannot touch the owner or hand out roles.
    expect(await send(pete, { type: 'member.update', room: 'physics', action: 'mute', user: 'u-maria' })).toMatchObject({ code: 'FORBIDDEN' })
    expect(await send(pete, { type: 'room.update', room: 'physics', access: 'private' })).toMatchObject({ code: 'FORBIDDEN' })

    const { welcome: back } = await connect(url, 'u-ann', 'Ann', {
      resume: [{ room: 'physics', epoch: joined.room.epoch, lastSeq: joined.room.lastSeq }],
    })
    const resumed = (back.rooms as Array<{ recovered: boolean; room: Record<string, unknown>; messages: Array<{ event?: unknown; text: string }> }>)[0]
    expect(resumed?.recovered).toBe(true)
    expect(resumed?.room).toMatchObject({ name: 'Physics 2B', topic: 'Exam on Friday', moderators: ['u-pete'] })
    expect(resumed?.messages.map((message) => message.event)).toEqual([
      { type: 'member.role', member: { id: 'u-pete', name: 'Pete' }, role: 'moderator' },
      { type: 'room.renamed', name: 'Physics 2B' },
      { type: 'room.topic', topic: 'Exam on Friday' },
    ])
    expect(resumed?.messages.map((message) => message.text)).toEqual([
      'Maria made Pete a moderator',
      'Pete renamed the room to “Physics 2B”',
      'Pete set the topic to “Exam on Friday”',
    ])
    // The settings are stored, not just live.
    expect((await store.rooms.get('physics'))?.settings).toMatchObject({ topic: 'Exam on Friday', moderators: ['u-pete'], access: 'public' })
    // The directory lists public rooms, with who is in them.
    const { client: eve } = await connect(url, 'u-eve', 'Eve')
    await send(maria, { type: 'room.create', name: 'Hidden', access: 'private', code: 'hidden' })
    const directory = await send(eve, { type: 'rooms.list', query: 'exam' })
    expect(directory).toMatchObject({ type: 'rooms.listed', rooms: [{ room: { id: 'physics' }, members: 3, online: 3 }] })
    expect((await send(eve, { type: 'rooms.list' })).rooms).toHaveLength(1)
  })

  it('should keep a muted member from posting and a banned guest out under a new name', async () => {
    const { url } = await start()
    const { client: maria } = await connect(url, 'u-maria', 'Maria')
    await send(maria, { type: 'room.create', name: 'Games', access: 'public', code: 'games' })
    const troll = await guest(url, 'Troll')
    await send(troll, { type: 'room.join', room: 'games' })
    const trollId = ((await send(troll, { type: 'profile.update', name: 'Troll' })) as unknown as { user: { id: string } }).user.id

    await send(maria, { type: 'member.update', room: 'games', action: 'mute', user: trollId })
    expect(await send(troll, { type: 'message.send', room: 'games', text: 'spam', clientMsgId: 's1' })).toMatchObject({ code: 'FORBIDDEN' })
    await send(maria, { type: 'member.update', room: 'games', action: 'ban', user: trollId })
    expect(await troll.take((frame) => frame.type === 'room.removed')).toMatchObject({ reason: 'banned' })
    expect(await send(troll, { type: 'room.join', room: 'games' })).toMatchObject({ code: 'FORBIDDEN' })

    // A new guest (no session, a new name) from the same address is still kept out; an account is not.
    const again = await guest(url, 'Nice Person')
    expect(await send(again, { type: 'room.join', room: 'games' })).toMatchObject({ code: 'FORBIDDEN' })
    const { client: pete } = await connect(url, 'u-pete', 'Pete')
    expect(await send(pete, { type: 'room.join', room: 'games' })).toMatchObject({ type: 'room.joined' })
    await send(maria, { type: 'member.update', room: 'games', action: 'unban', user: trollId })
    expect(await send(again, { type: 'room.join', room: 'games' })).toMatchObject({ type: 'room.joined' })
  })

  it('should keep a code room when its owner says so, and delete a room for everyone in it', async () => {
    const { url } = await start({ emptyRoomGraceMs: 0 })
    const { client: maria } = await connect(url, 'u-maria', 'Maria')
    const { client: pete } = await connect(url, 'u-pete', 'Pete')
    const room = ((await send(maria, { type: 'room.create', name: 'Quick' })) as unknown as { room: { id: string } }).room.id
    await send(pete, { type: 'room.join', room })
    expect(await send(pete, { type: 'room.update', room, kept: true })).toMatchObject({ code: 'FORBIDDEN' })
    expect(await send(maria, { type: 'room.update', room, kept: true })).toMatchObject({ type: 'room.updated', room: { kept: true } })
    await send(maria, { type: 'room.leave', room })
    await send(pete, { type: 'room.leave', room })
    // Empty, but kept.
    expect(await send(pete, { type: 'room.join', room })).toMatchObject({ type: 'room.joined', room: { kept: true } })
    expect(await send(pete, { type: 'room.delete', room })).toMatchObject({ code: 'FORBIDDEN' })
    await send(maria, { type: 'room.join', room })
    expect(await send(maria, { type: 'room.delete', room })).toMatchObject({ type: 'room.left', room })
    expect(await pete.take((frame) => frame.type === 'room.removed')).toMatchObject({ reason: 'deleted', by: { id: 'u-maria' } })
    expect(await send(pete, { type: 'room.join', room })).toMatchObject({ code: 'ROOM_NOT_FOUND' })
    expect(await send(maria, { type: 'room.delete', room: 'lobby' })).toMatchObject({ code: 'NOT_A_MEMBER' })
  })

  it('should keep a notification level per user across devices and reconnects', async () => {
    const { url } = await start()
    const { client: laptop } = await connect(url, 'u-maria', 'Maria')
    const { client: phone } = await connect(url, 'u-maria', 'Maria')
    await send(laptop, { type: 'room.join', room: 'lobby' })
    await send(phone, { type: 'room.join', room: 'lobby' })
    expect(await send(laptop, { type: 'notify.set', room: 'lobby', level: 'none' })).toMatchObject({ type: 'room.updated', notify: 'none' })
    expect(await phone.take((frame) => frame.type === 'notify.changed')).toEqual({ type: 'notify.changed', room: 'lobby', level: 'none' })
    laptop.socket.close()
    phone.socket.close()
    await new Promise((resolve) => setTimeout(resolve, 50))
    const { client: again } = await connect(url, 'u-maria', 'Maria')
    expect(await send(again, { type: 'room.join', room: 'lobby' })).toMatchObject({ type: 'room.joined', notify: 'none' })
  })
})

describe('the host API', () => {
  it('should make private rooms, add and ban members, and let a join hook refuse', async () => {
    const { url, app } = await start()
    const staff = await app.lanchat.createRoom({ id: 'staff', name: 'Staff', access: 'private' })
    expect(staff).toMatchObject({ id: 'staff', access: 'private' })
    const { client: maria } = await connect(url, 'u-maria', 'Maria')
    expect(await send(maria, { type: 'room.join', room: 'staff' })).toMatchObject({ code: 'ROOM_NOT_FOUND' })
    await app.lanchat.addMember('staff', 'u-maria')
    expect(await maria.take((frame) => frame.type === 'room.added')).toMatchObject({ room: { id: 'staff' } })
    await app.lanchat.ban('staff', 'u-maria')
    expect(await maria.take((frame) => frame.type === 'room.removed')).toMatchObject({ reason: 'banned', by: { id: 'system' } })
    await expect(app.lanchat.addMember('nope', 'u-maria')).rejects.toMatchObject({ code: 'LANCHAT_ERR_ROOM_NOT_FOUND' })

    const off = app.lanchat.onJoin(({ room, user }) => (room.id === 'lobby' && user.name === 'Pete' ? { refuse: 'Not today, Pete' } : undefined))
    const { client: pete } = await connect(url, 'u-pete', 'Pete')
    expect(await send(pete, { type: 'room.join', room: 'lobby' })).toMatchObject({ code: 'FORBIDDEN', message: 'Not today, Pete' })
    expect(await send(maria, { type: 'room.join', room: 'lobby' })).toMatchObject({ type: 'room.joined' })
    off()
    expect(await send(pete, { type: 'room.join', room: 'lobby' })).toMatchObject({ type: 'room.joined' })
  })
})
