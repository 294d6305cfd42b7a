import { describe, expect, it } from 'vitest'
import type { DirectoryRoom } from '@lanchat/protocol'
import { LanchatError, LanchatServerError } from '../src/index.js'
import { invite, maria, managementFeatures, pete, roomInfo, roomJoined } from './frames.js'
import { connectClient, createClient, handshake, joinRoom, record, sync } from './helpers.js'
import { ScriptedPeer } from './peer.js'

const design = roomInfo('design', { kind: 'named', name: 'Design', access: 'private', owner: maria.id })

describe('LanchatClient room management requests', () => {
  it('should create public and private rooms under a code, and join with an invite', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })

    const creating = client.create({ name: 'Design', access: 'private', code: 'design' })
    const create = await connection.take('room.create')
    expect(create).toEqual({ type: 'room.create', id: create.id, name: 'Design', access: 'private', code: 'design' })
    connection.send(roomJoined(create.id, design, [], [maria]))
    expect((await creating).room).toEqual(design)
    expect(client.rooms.get('design')?.info).toEqual(design)

    const publicRoom = client.create({ access: 'public' })
    const createPublic = await connection.take('room.create')
    expect(createPublic).toEqual({ type: 'room.create', id: createPublic.id, access: 'public' })
    connection.send(roomJoined(createPublic.id, roomInfo('p4q5r6', { access: 'public', owner: maria.id }), [], [maria]))
    await publicRoom

    const joining = client.join(' Secret ', { invite: 'q5Xv0Vx2mX0' })
    const join = await connection.take('room.join')
    expect(join).toEqual({ type: 'room.join', id: join.id, room: 'secret', invite: 'q5Xv0Vx2mX0' })
    connection.send(roomJoined(join.id, roomInfo('secret', { access: 'private' })))
    await joining
    expect([...client.rooms.keys()]).toEqual(['design', 'p4q5r6', 'secret'])
    expect(connection.invalid).toEqual([])
  })

  it('should open a direct conversation, named after the others in it', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    const opening = client.openDm([pete.id, pete.id])
    const open = await connection.take('dm.open')
    expect(open).toEqual({ type: 'dm.open', id: open.id, with: [pete.id] })
    const dm = roomInfo('dm-3f9a', { kind: 'named', name: 'Direct', access: 'private', direct: [maria, pete] })
    connection.send(roomJoined(open.id, dm))
    expect((await opening).room.direct).toEqual([maria, pete])
    expect(client.rooms.get('dm-3f9a')).toMatchObject({ info: dm, notify: 'all' })
    expect(client.timeline('dm-3f9a')?.snapshot.room).toEqual(dm)
  })

  it('should update a room and manage its members with the room.updated reply, which is no event of its own', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    await joinRoom(client, connection, { ...design, lastSeq: 4 })
    const updates = record(client, 'room.updated')

    const updating = client.updateRoom('Design', { name: 'Design team', topic: 'Mockups', access: 'public', kept: true })
    const update = await connection.take('room.update')
    expect(update).toEqual({ type: 'room.update', id: update.id, room: 'design', name: 'Design team', topic: 'Mockups', access: 'public', kept: true })
    const renamed = { ...design, name: 'Design team', topic: 'Mockups', access: 'public' as const, lastSeq: 5 }
    connection.send({ type: 'room.updated', ref: update.id, room: renamed })
    const updated = await updating
    expect(updated).toEqual({ type: 'room.updated', ref: update.id, room: renamed })
    // The state has the new info at once; its lastSeq stays that of the messages delivered (the change's message is on its way).
    expect(client.rooms.get('design')?.info).toEqual({ ...renamed, lastSeq: 4 })
    expect(updates).toEqual(['design'])

    const managing = client.manageMember('design', 'moderator', { user: pete.id })
    const manage = await connection.take('member.update')
    expect(manage).toEqual({ type: 'member.update', id: manage.id, room: 'design', action: 'moderator', user: pete.id })
    connection.send({ type: 'room.updated', ref: manage.id, room: { ...renamed, moderators: [pete.id] } })
    await managing
    expect(client.rooms.get('design')?.info.moderators).toEqual([pete.id])

    const inviting = client.manageMember('design', 'invite', { name: 'Ana' })
    const inviteByName = await connection.take('member.update')
    expect(inviteByName).toEqual({ type: 'member.update', id: inviteByName.id, room: 'design', action: 'invite', name: 'Ana' })
    connection.send({ type: 'error', ref: inviteByName.id, code: 'USER_NOT_FOUND', message: 'No one goes by "Ana"' })
    const error = await inviting.catch((thrown: unknown) => thrown)
    expect(LanchatServerError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'USER_NOT_FOUND' })
    expect(connection.invalid).toEqual([])
  })

  it('should make, list and revoke invite links', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })

    const creating = client.createInvite('Design', { expiresInMs: 86_400_000, maxUses: 5 })
    const create = await connection.take('invite.create')
    expect(create).toEqual({ type: 'invite.create', id: create.id, room: 'design', expiresInMs: 86_400_000, maxUses: 5 })
    const made = invite('design', 'i-1', { token: 'q5Xv0Vx2mX0', maxUses: 5 })
    connection.send({ type: 'invite.created', ref: create.id, invite: made })
    expect(await creating).toEqual(made)

    const plain = client.createInvite('design')
    const createPlain = await connection.take('invite.create')
    expect(createPlain).toEqual({ type: 'invite.create', id: createPlain.id, room: 'design' })
    connection.send({ type: 'invite.created', ref: createPlain.id, invite: invite('design', 'i-2', { token: 'other' }) })
    await plain

    const listed = [invite('design', 'i-2'), invite('design', 'i-1', { maxUses: 5 })]
    const listing = client.listInvites('design')
    const list = await connection.take('invite.list')
    expect(list).toEqual({ type: 'invite.list', id: list.id, room: 'design' })
    connection.send({ type: 'invite.listed', ref: list.id, room: 'design', invites: listed })
    expect(await listing).toEqual(listed)

    const revoking = client.revokeInvite('design', 'i-1')
    const revoke = await connection.take('invite.revoke')
    expect(revoke).toEqual({ type: 'invite.revoke', id: revoke.id, room: 'design', invite: 'i-1' })
    connection.send({ type: 'invite.listed', ref: revoke.id, room: 'design', invites: [invite('design', 'i-2')] })
    expect((await revoking).map((remaining) => remaining.id)).toEqual(['i-2'])
  })

  it('should list the room directory, with or without a query', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    const rooms: DirectoryRoom[] = [{ room: roomInfo('general', { access: 'public', topic: 'Anything' }), members: 12, online: 3 }]

    const all = client.listRooms()
    const list = await connection.take('rooms.list')
    expect(list).toEqual({ type: 'rooms.list', id: list.id })
    connection.send({ type: 'rooms.listed', ref: list.id, rooms })
    expect(await all).toEqual(rooms)

    const some = client.listRooms('gen')
    const search = await connection.take('rooms.list')
    expect(search).toEqual({ type: 'rooms.list', id: search.id, query: 'gen' })
    connection.send({ type: 'rooms.listed', ref: search.id, rooms: [] })
    expect(await some).toEqual([])
  })

  it('should delete a room: the client drops it and fails what waited to be sent there', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    await joinRoom(client, connection, design)
    const deleting = client.deleteRoom('DESIGN')
    const remove = await connection.take('room.delete')
    expect(remove).toEqual({ type: 'room.delete', id: remove.id, room: 'design' })
    const outgoing = client.send('design', 'one last word')
    await connection.take('message.send')
    connection.send({ type: 'room.left', ref: remove.id, room: 'design' })
    expect(await deleting).toEqual({ type: 'room.left', ref: remove.id, room: 'design' })
    expect(client.rooms.has('design')).toBe(false)
    expect(client.timeline('design')).toBeUndefined()
    expect(outgoing.state).toBe('failed')
    expect(outgoing.error).toMatchObject({ code: 'ROOM_NOT_FOUND', message: 'The room "design" was deleted' })
    await expect(outgoing.acked).rejects.toBe(outgoing.error)
  })

  it('should set a room notification level', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures })
    await joinRoom(client, connection, roomInfo('lobby', { kind: 'lobby' }))
    expect(client.rooms.get('lobby')?.notify).toBe('mentions')
    const updates = record(client, 'room.updated')
    const setting = client.setNotify('Lobby', 'none')
    const set = await connection.take('notify.set')
    expect(set).toEqual({ type: 'notify.set', id: set.id, room: 'lobby', level: 'none' })
    connection.send({ type: 'room.updated', ref: set.id, room: roomInfo('lobby', { kind: 'lobby' }), notify: 'none' })
    expect((await setting).notify).toBe('none')
    expect(client.rooms.get('lobby')?.notify).toBe('none')
    expect(updates).toEqual(['lobby'])

    // The reply about a room the client is not in (an admin's, say) changes nothing here.
    const elsewhere = client.setNotify('k7m2qx', 'all')
    const other = await connection.take('notify.set')
    connection.send({ type: 'room.updated', ref: other.id, room: roomInfo('k7m2qx'), notify: 'all' })
    await elsewhere
    expect(client.rooms.has('k7m2qx')).toBe(false)
    expect(updates).toEqual(['lobby'])
  })
})

describe('LanchatClient features', () => {
  const calls: Array<[string, string, (client: ReturnType<typeof createClient>) => Promise<unknown>]> = [
    ['rooms.manage', 'room.create', (client) => client.create({ access: 'private' })],
    ['rooms.manage', 'room.create', (client) => client.create({ code: 'design' })],
    ['rooms.manage', 'room.join', (client) => client.join('design', { invite: 'secret' })],
    ['dm', 'dm.open', (client) => client.openDm([pete.id])],
    ['rooms.manage', 'room.update', (client) => client.updateRoom('design', { topic: 'x' })],
    ['rooms.manage', 'member.update', (client) => client.manageMember('design', 'ban', { user: pete.id })],
    ['rooms.manage', 'room.delete', (client) => client.deleteRoom('design')],
    ['rooms.manage', 'invite.create', (client) => client.createInvite('design')],
    ['rooms.manage', 'invite.list', (client) => client.listInvites('design')],
    ['rooms.manage', 'invite.revoke', (client) => client.revokeInvite('design', 'i-1')],
    ['rooms.directory', 'rooms.list', (client) => client.listRooms()],
    ['notify', 'notify.set', (client) => client.setNotify('design', 'all')],
  ]

  it.each(calls)('should refuse a call that needs "%s" (%s) from a server without it, sending nothing', async (feature, type, call) => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer, {}, { features: managementFeatures.filter((name) => name !== feature) })
    const error = await call(client).catch((thrown: unknown) => thrown)
    expect(LanchatError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ code: 'NOT_SUPPORTED', message: `The server does not offer "${feature}", which "${type}" needs` })
    await sync(client, connection)
    expect(connection.frames.map((frame) => frame.type)).toEqual(['hello', 'ping'])
  })

  it('should create a code room and join without an invite on any server', async () => {
    const peer = await ScriptedPeer.start()
    const { client, connection } = await connectClient(peer)
    const creating = client.create({ name: 'Study group' })
    const create = await connection.take('room.create')
    connection.send(roomJoined(create.id, roomInfo('x2y3z4')))
    await creating
    const joining = client.join('x2y3z4', {})
    const join = await connection.take('room.join')
    expect(join).toEqual({ type: 'room.join', id: join.id, room: 'x2y3z4' })
    connection.send(roomJoined(join.id, roomInfo('x2y3z4')))
    await joining
  })

  it('should wait for the first welcome before deciding, and refuse when not connected', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer)
    await expect(client.listRooms()).rejects.toMatchObject({ code: 'NOT_CONNECTED' })
    const connected = client.connect()
    const listing = client.listRooms()
    const refused = client.setNotify('lobby', 'none').catch((thrown: unknown) => thrown)
    const connection = await peer.connection(0)
    await handshake(connection, { features: ['rooms.directory'] })
    await connected
    const list = await connection.take('rooms.list')
    connection.send({ type: 'rooms.listed', ref: list.id, rooms: [] })
    expect(await listing).toEqual([])
    expect(await refused).toMatchObject({ code: 'NOT_SUPPORTED' })
  })

  it('should reject what waited for the first welcome when connecting fails', async () => {
    const peer = await ScriptedPeer.start()
    const client = createClient(peer, { reconnect: false })
    const connected = client.connect().catch((thrown: unknown) => thrown)
    const listing = client.listRooms().catch((thrown: unknown) => thrown)
    const connection = await peer.connection(0)
    const hello = await connection.take('hello')
    connection.send({ type: 'error', ref: hello.id, code: 'UNSUPPORTED_PROTOCOL', message: 'No' })
    expect(await connected).toMatchObject({ code: 'UNSUPPORTED_PROTOCOL' })
    expect(await listing).toMatchObject({ code: 'UNSUPPORTED_PROTOCOL' })
  })
})
