import { describe, expectTypeOf, it } from 'vitest'
import type {
  ChatMessage,
  DirectoryRoom,
  HistoryResult,
  Invite,
  NotifyChanged,
  MemberJoined,
  MessageAck,
  MessageCreated,
  Pong,
  ProfileUpdated,
  ResumedRoom,
  RoomAdded,
  RoomJoined,
  RoomLeft,
  RoomRemoved,
  RoomRole,
  RoomUpdated,
  ServerLimits,
  TypingChanged,
  Welcome,
} from '@lanchat/protocol'
import { WebSocket as NodeWebSocket } from 'ws'
import {
  directName,
  LanchatClient,
  roleOf,
  type ConnectionState,
  type LanchatClientEvents,
  type LanchatError,
  type OutgoingMessage,
  type OutgoingState,
  type RoomState,
} from './index.js'

declare const client: LanchatClient
declare const info: RoomState['info']

describe('LanchatClient types', () => {
  it('should type every wire event with its frame', () => {
    client.on('message.created', (frame) => expectTypeOf(frame).toEqualTypeOf<MessageCreated>())
    client.on('member.joined', (frame) => expectTypeOf(frame).toEqualTypeOf<MemberJoined>())
    client.on('typing.changed', (frame) => expectTypeOf(frame).toEqualTypeOf<TypingChanged>())
    client.on('welcome', (frame) => expectTypeOf(frame).toEqualTypeOf<Welcome>())
    client.on('message.ack', (frame) => expectTypeOf(frame).toEqualTypeOf<MessageAck>())
    expectTypeOf(client.on('pong', () => {})).toEqualTypeOf<() => void>()
  })

  it('should type the reserved events', () => {
    client.on('state', (change) => expectTypeOf(change).toEqualTypeOf<{ state: ConnectionState; previous: ConnectionState }>())
    client.on('open', (welcome) => expectTypeOf(welcome).toEqualTypeOf<Welcome>())
    client.on('close', (closed) => expectTypeOf(closed).toEqualTypeOf<{ code: number; reason: string }>())
    client.on('reconnecting', (next) => expectTypeOf(next).toEqualTypeOf<{ attempt: number; delayMs: number }>())
    client.on('outbox', (outgoing) => expectTypeOf(outgoing).toEqualTypeOf<OutgoingMessage>())
    client.on('room.updated', (room) => expectTypeOf(room).toEqualTypeOf<string>())
    client.on('room.resumed', (resumed) => expectTypeOf(resumed).toEqualTypeOf<ResumedRoom>())
    client.on('error', (error) => expectTypeOf(error).toEqualTypeOf<LanchatError>())
  })

  it('should keep the wire error frame out of the events, and refuse unknown events', () => {
    expectTypeOf<LanchatClientEvents['error']>().toEqualTypeOf<LanchatError>()
    // @ts-expect-error: not an event
    client.on('message.deleted', () => {})
  })

  it('should type request bodies and replies from the protocol', () => {
    expectTypeOf(client.request('room.join', { room: 'lobby' })).toEqualTypeOf<Promise<RoomJoined>>()
    expectTypeOf(client.request('ping', {}, { timeoutMs: 1000 })).toEqualTypeOf<Promise<Pong>>()
    expectTypeOf(client.request('history.get', { room: 'lobby', limit: 10 })).toEqualTypeOf<Promise<HistoryResult>>()
    // @ts-expect-error: room.join needs a room
    void client.request('room.join', {})
    // @ts-expect-error: the handshake is the client's own
    void client.request('hello', { protocol: 1, name: 'Maria' })
    // @ts-expect-error: notifications have no reply
    void client.request('typing.start', { room: 'lobby' })
  })

  it('should type the room helpers', () => {
    expectTypeOf(client.join('K7M2QX')).toEqualTypeOf<Promise<RoomJoined>>()
    expectTypeOf(client.create({ name: 'Study group' })).toEqualTypeOf<Promise<RoomJoined>>()
    expectTypeOf(client.leave('k7m2qx')).toEqualTypeOf<Promise<RoomLeft>>()
    expectTypeOf(client.history('k7m2qx', { before: 8 })).toEqualTypeOf<Promise<HistoryResult>>()
    expectTypeOf(client.setName('Mia')).toEqualTypeOf<Promise<ProfileUpdated>>()
    expectTypeOf(client.connect()).toEqualTypeOf<Promise<Welcome>>()
    expectTypeOf(client.close()).toEqualTypeOf<Promise<void>>()
  })

  it('should type the room management helpers and their events', () => {
    expectTypeOf(client.create({ name: 'Design', access: 'private', code: 'design' })).toEqualTypeOf<Promise<RoomJoined>>()
    expectTypeOf(client.join('design', { invite: 'secret' })).toEqualTypeOf<Promise<RoomJoined>>()
    expectTypeOf(client.openDm(['u-pete'])).toEqualTypeOf<Promise<RoomJoined>>()
    expectTypeOf(client.updateRoom('design', { topic: 'Mockups', kept: true })).toEqualTypeOf<Promise<RoomUpdated>>()
    expectTypeOf(client.manageMember('design', 'ban', { name: 'Pete' })).toEqualTypeOf<Promise<RoomUpdated>>()
    expectTypeOf(client.deleteRoom('design')).toEqualTypeOf<Promise<RoomLeft>>()
    expectTypeOf(client.createInvite('design', { maxUses: 5 })).toEqualTypeOf<Promise<Invite>>()
    expectTypeOf(client.listInvites('design')).toEqualTypeOf<Promise<Invite[]>>()
    expectTypeOf(client.revokeInvite('design', 'i-1')).toEqualTypeOf<Promise<Invite[]>>()
    expectTypeOf(client.listRooms('gen')).toEqualTypeOf<Promise<DirectoryRoom[]>>()
    expectTypeOf(client.setNotify('design', 'none')).toEqualTypeOf<Promise<RoomUpdated>>()
    expectTypeOf(client.rooms.get('design')?.notify).toEqualTypeOf<'all' | 'mentions' | 'none' | undefined>()
    client.on('room.added', (frame) => expectTypeOf(frame).toEqualTypeOf<RoomAdded>())
    client.on('room.removed', (frame) => expectTypeOf(frame).toEqualTypeOf<RoomRemoved>())
    client.on('notify.changed', (frame) => expectTypeOf(frame).toEqualTypeOf<NotifyChanged>())
    expectTypeOf(roleOf(info, 'u-pete')).toEqualTypeOf<RoomRole>()
    expectTypeOf(directName(info, 'u-maria')).toEqualTypeOf<string>()
    // @ts-expect-error: not an action
    void client.manageMember('design', 'kick', { user: 'u-pete' })
    // @ts-expect-error: a member is named by user id or by name
    void client.manageMember('design', 'ban', {})
    // @ts-expect-error: kept can only be set
    void client.updateRoom('design', { kept: false })
    // @ts-expect-error: not a level
    void client.setNotify('design', 'loud')
  })

  it('should return an outgoing message from send()', () => {
    const outgoing = client.send('lobby', 'hi')
    expectTypeOf(outgoing).toEqualTypeOf<OutgoingMessage>()
    expectTypeOf(outgoing.acked).toEqualTypeOf<Promise<ChatMessage>>()
    expectTypeOf(outgoing.state).toEqualTypeOf<OutgoingState>()
    expectTypeOf<OutgoingState>().toEqualTypeOf<'pending' | 'sent' | 'failed'>()
    expectTypeOf(outgoing.error).toEqualTypeOf<LanchatError | undefined>()
    expectTypeOf(outgoing.message).toEqualTypeOf<ChatMessage | undefined>()
    expectTypeOf(client.retry(outgoing.clientMsgId)).toEqualTypeOf<OutgoingMessage | undefined>()
    expectTypeOf(client.discard(outgoing.clientMsgId)).toEqualTypeOf<boolean>()
    expectTypeOf(client.outbox).toEqualTypeOf<readonly OutgoingMessage[]>()
    // @ts-expect-error: the app cannot change the state
    outgoing.state = 'sent'
  })

  it('should expose the state read-only', () => {
    expectTypeOf(client.state).toEqualTypeOf<ConnectionState>()
    expectTypeOf<ConnectionState>().toEqualTypeOf<'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed'>()
    expectTypeOf(client.rooms).toEqualTypeOf<ReadonlyMap<string, RoomState>>()
    expectTypeOf(client.limits).toEqualTypeOf<ServerLimits | undefined>()
    expectTypeOf(client.session).toEqualTypeOf<string | undefined>()
  })

  it('should take the WebSocket of ws and of the browser without a cast', () => {
    new LanchatClient({ url: 'ws://localhost:5000/ws', name: 'Maria', WebSocket: NodeWebSocket })
    new LanchatClient({ url: 'ws://localhost:5000/ws', name: 'Maria', WebSocket: globalThis.WebSocket })
    // @ts-expect-error: a name is required
    new LanchatClient({ url: 'ws://localhost:5000/ws' })
  })
})
