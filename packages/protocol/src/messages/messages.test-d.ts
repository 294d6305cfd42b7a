import { describe, expectTypeOf, it } from 'vitest'
import type { DecodedServerFrame, UnknownServerFrame } from '../parse-frame.js'
import type { FEATURES, KnownFeature } from '../features.js'
import type { DefaultedLimit, LIMITS } from '../limits.js'
import type { ServerLimits } from './server-limits.js'
import type {
  ClientMessage,
  Hello,
  HistoryGet,
  MessageSend,
  Ping,
  ProfileUpdate,
  RoomCreate,
  RoomJoin,
  RoomLeave,
  TypingStart,
  TypingStop,
  DmOpen,
  RoomUpdate,
  MemberUpdate,
  RoomDelete,
  InviteCreate,
  InviteList,
  InviteRevoke,
  RoomsList,
  NotifySet,
} from './client-messages.js'
import type {
  ErrorFrame,
  HistoryResult,
  MemberJoined,
  MemberLeft,
  MemberUpdated,
  MessageAck,
  MessageCreated,
  Pong,
  PresenceChanged,
  ProfileUpdated,
  RoomJoined,
  RoomLeft,
  ServerMessage,
  TypingChanged,
  Welcome,
  RoomUpdated,
  InviteCreated,
  InviteListed,
  RoomsListed,
  RoomAdded,
  RoomRemoved,
  NotifyChanged,
} from './server-messages.js'

describe('the frame unions derived from the schema maps', () => {
  it('should hold every server frame', () => {
    expectTypeOf<ServerMessage>().toEqualTypeOf<
      | Welcome
      | RoomJoined
      | RoomLeft
      | MessageAck
      | HistoryResult
      | ProfileUpdated
      | Pong
      | ErrorFrame
      | MessageCreated
      | MemberJoined
      | MemberLeft
      | MemberUpdated
      | PresenceChanged
      | TypingChanged
      | RoomUpdated
      | InviteCreated
      | InviteListed
      | RoomsListed
      | RoomAdded
      | RoomRemoved
      | NotifyChanged
    >()
  })

  it('should hold every client frame', () => {
    expectTypeOf<ClientMessage>().toEqualTypeOf<
      | Hello
      | RoomCreate
      | RoomJoin
      | RoomLeave
      | MessageSend
      | HistoryGet
      | ProfileUpdate
      | Ping
      | TypingStart
      | TypingStop
      | DmOpen
      | RoomUpdate
      | MemberUpdate
      | RoomDelete
      | InviteCreate
      | InviteList
      | InviteRevoke
      | RoomsList
      | NotifySet
    >()
  })

  it('should narrow a frame by its type', () => {
    expectTypeOf<Extract<ServerMessage, { type: 'message.created' }>>().toEqualTypeOf<MessageCreated>()
    expectTypeOf<Extract<ClientMessage, { type: 'message.send' }>['clientMsgId']>().toEqualTypeOf<string>()
  })
})

describe('the welcome', () => {
  it('should carry the limits typed from their one schema', () => {
    expectTypeOf<Welcome['limits']>().toEqualTypeOf<ServerLimits>()
    expectTypeOf<ServerLimits>().toEqualTypeOf<{
      maxFrameBytes: number
      maxTextLength: number
      maxNameLength: number
      maxRoomNameLength: number
      maxHistoryPage: number
      joinHistory: number
      maxResumeMessages: number
      typingTimeoutMs: number
      messagesPerSecond: number
      messageBurst: number
    }>()
    expectTypeOf<DefaultedLimit>().toEqualTypeOf<
      'maxFrameBytes' | 'maxTextLength' | 'maxNameLength' | 'maxRoomNameLength' | 'maxHistoryPage'
    >()
    expectTypeOf<Pick<typeof LIMITS, DefaultedLimit>>().toExtend<Pick<ServerLimits, DefaultedLimit>>()
  })

  it('should carry optional features, any name (a newer server may know more)', () => {
    expectTypeOf<Welcome['features']>().toEqualTypeOf<string[] | undefined>()
    expectTypeOf<KnownFeature>().toEqualTypeOf<(typeof FEATURES)[keyof typeof FEATURES]>()
    expectTypeOf<KnownFeature>().toExtend<string>()
  })
})

describe('DecodedServerFrame', () => {
  it('should narrow on known', () => {
    const decoded = {} as DecodedServerFrame
    if (decoded.known) expectTypeOf(decoded.frame).toEqualTypeOf<ServerMessage>()
    else expectTypeOf(decoded.frame).toEqualTypeOf<UnknownServerFrame>()
    expectTypeOf<UnknownServerFrame['type']>().toEqualTypeOf<string>()
  })
})
