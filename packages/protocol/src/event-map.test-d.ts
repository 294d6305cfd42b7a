import { describe, expectTypeOf, it } from 'vitest'
import type { CommandBody, CommandReply, ServerEventMap, ClientCommandType, ClientNotification } from './event-map.js'
import type { MessageAck, MessageCreated, RoomJoined, RoomUpdated, Welcome } from './messages/server-messages.js'

describe('event map types', () => {
  it('should derive a listener per server frame type', () => {
    expectTypeOf<Parameters<ServerEventMap['message.created']>[0]>().toEqualTypeOf<MessageCreated>()
    expectTypeOf<keyof ServerEventMap>().toEqualTypeOf<
      | 'welcome'
      | 'room.joined'
      | 'room.left'
      | 'message.ack'
      | 'history.result'
      | 'profile.updated'
      | 'pong'
      | 'error'
      | 'message.created'
      | 'member.joined'
      | 'member.left'
      | 'member.updated'
      | 'presence.changed'
      | 'typing.changed'
      | 'room.updated'
      | 'invite.created'
      | 'invite.listed'
      | 'rooms.listed'
      | 'room.added'
      | 'room.removed'
      | 'notify.changed'
    >()
  })

  it('should map each command to its reply', () => {
    expectTypeOf<CommandReply<'hello'>>().toEqualTypeOf<Welcome>()
    expectTypeOf<CommandReply<'room.join'>>().toEqualTypeOf<RoomJoined>()
    expectTypeOf<CommandReply<'room.create'>>().toEqualTypeOf<RoomJoined>()
    expectTypeOf<CommandReply<'message.send'>>().toEqualTypeOf<MessageAck>()
    expectTypeOf<CommandReply<'dm.open'>>().toEqualTypeOf<RoomJoined>()
    expectTypeOf<CommandReply<'member.update'>>().toEqualTypeOf<RoomUpdated>()
  })

  it('should strip type and id from a command body', () => {
    expectTypeOf<CommandBody<'message.send'>>().toEqualTypeOf<{ room: string; text: string; clientMsgId: string }>()
  })

  it('should keep notifications out of the commands', () => {
    expectTypeOf<ClientNotification['type']>().toEqualTypeOf<'typing.start' | 'typing.stop'>()
    expectTypeOf<'typing.start'>().not.toExtend<ClientCommandType>()
  })
})
