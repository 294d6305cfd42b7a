import type {
  ChatMessage,
  Invite,
  Member,
  MessageAck,
  ResumedRoom,
  RoomChange,
  RoomInfo,
  RoomJoined,
  ServerLimits,
  Welcome,
} from '@lanchat/protocol'

// Server frames for scripted peers, valid by the protocol's schemas, with the parts a test cares about overridable.

export const maria: Member = { id: 'u-maria', name: 'Maria' }
export const pete: Member = { id: 'u-pete', name: 'Pete' }

export const limits: ServerLimits = {
  maxFrameBytes: 65_536,
  maxTextLength: 4000,
  maxNameLength: 32,
  maxRoomNameLength: 64,
  maxHistoryPage: 100,
  joinHistory: 50,
  maxResumeMessages: 500,
  typingTimeoutMs: 6000,
  messagesPerSecond: 10,
  messageBurst: 20,
}

export function welcome(ref: string, overrides: Partial<Omit<Welcome, 'type' | 'ref'>> = {}): Welcome {
  return {
    type: 'welcome',
    ref,
    protocol: 1,
    connectionId: 'c-1',
    user: maria,
    session: 'session-of-maria',
    sessionResumed: false,
    limits,
    rooms: [],
    lostRooms: [],
    ...overrides,
  }
}

export function roomInfo(id: string, overrides: Partial<RoomInfo> = {}): RoomInfo {
  return { id, name: `Room ${id}`, kind: 'code', epoch: 'epoch-1', lastSeq: 0, createdAt: 1_764_000_000_000, ...overrides }
}

export function chatMessage(room: string, seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m-${room}-${seq}`,
    room,
    seq,
    kind: 'user',
    from: pete,
    text: `message ${seq}`,
    ts: 1_764_000_000_000 + seq,
    clientMsgId: `c-${room}-${seq}`,
    ...overrides,
  }
}

/** Messages `from`..`to` (inclusive) of a room. */
export function chatMessages(room: string, from: number, to: number): ChatMessage[] {
  return Array.from({ length: to - from + 1 }, (_, index) => chatMessage(room, from + index))
}

export function roomJoined(
  ref: string,
  room: RoomInfo,
  messages: ChatMessage[] = [],
  members: Member[] = [maria, pete],
): RoomJoined {
  return { type: 'room.joined', ref, room, members, messages, hasMore: false }
}

export function resumedRoom(
  room: RoomInfo,
  messages: ChatMessage[],
  recovered: boolean,
  members: Member[] = [maria, pete],
): ResumedRoom {
  return { room, members, messages, hasMore: false, recovered }
}

export function ack(ref: string, message: ChatMessage, duplicate = false): MessageAck {
  return {
    type: 'message.ack',
    ref,
    room: message.room,
    clientMsgId: message.clientMsgId,
    id: message.id,
    seq: message.seq,
    ts: message.ts,
    duplicate,
  }
}

/** Every feature of room management, the directory, direct conversations and notification levels. */
export const managementFeatures = ['rooms.manage', 'rooms.directory', 'dm', 'notify']

/** The `system` message that records a change to a room, made by `from`. */
export function changeMessage(room: string, seq: number, event: RoomChange, from: Member = pete): ChatMessage {
  return chatMessage(room, seq, { kind: 'system', from, event, text: `${from.name} changed the room (${event.type})` })
}

export function invite(room: string, id: string, overrides: Partial<Invite> = {}): Invite {
  return { id, room, createdBy: maria, createdAt: 1_764_000_000_000, expiresAt: 1_764_604_800_000, uses: 0, ...overrides }
}
