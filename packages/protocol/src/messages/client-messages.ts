import { Type } from 'typebox'
import { LIMITS } from '../limits.js'
import {
  ClientMessageId,
  DisplayName,
  MessageText,
  RequestId,
  ResumePoint,
  RoomId,
  RoomName,
  Seq,
} from './common.js'

// Commands carry `id` and get exactly one reply or `error` with `ref: id`.
// Notifications (`typing.*`) carry no `id` and get no reply.

/**
 * The first frame on every connection.
 *
 * @example
 * ```json
 * { "type": "hello", "id": "1", "protocol": 1, "name": "Maria" }
 * ```
 */
export const Hello = Type.Object(
  {
    type: Type.Literal('hello'),
    id: RequestId,
    protocol: Type.Integer({ minimum: 1 }),
    name: DisplayName,
    /** The `session` token from an earlier `welcome`: keeps the same user id (and so message dedupe) across reconnects. */
    session: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    /** Rooms to rejoin, with where the client stood in each. */
    resume: Type.Optional(Type.Array(ResumePoint, { maxItems: LIMITS.maxResumeRooms })),
  },
  { additionalProperties: false },
)
export type Hello = Type.Static<typeof Hello>

/** Makes a code room and joins it. Replied to with `room.joined`. */
export const RoomCreate = Type.Object(
  {
    type: Type.Literal('room.create'),
    id: RequestId,
    name: Type.Optional(RoomName),
  },
  { additionalProperties: false },
)
export type RoomCreate = Type.Static<typeof RoomCreate>

/** Joins a room by id or code (any case). Replied to with `room.joined`. */
export const RoomJoin = Type.Object(
  {
    type: Type.Literal('room.join'),
    id: RequestId,
    room: RoomId,
  },
  { additionalProperties: false },
)
export type RoomJoin = Type.Static<typeof RoomJoin>

/** Leaves a room. Replied to with `room.left`. */
export const RoomLeave = Type.Object(
  {
    type: Type.Literal('room.leave'),
    id: RequestId,
    room: RoomId,
  },
  { additionalProperties: false },
)
export type RoomLeave = Type.Static<typeof RoomLeave>

/** Sends a message. Replied to with `message.ack` once it is stored; members get `message.created`. */
export const MessageSend = Type.Object(
  {
    type: Type.Literal('message.send'),
    id: RequestId,
    room: RoomId,
    text: MessageText,
    clientMsgId: ClientMessageId,
  },
  { additionalProperties: false },
)
export type MessageSend = Type.Static<typeof MessageSend>

/** Pages history backwards. Replied to with `history.result`. */
export const HistoryGet = Type.Object(
  {
    type: Type.Literal('history.get'),
    id: RequestId,
    room: RoomId,
    /** Return messages with a seq below this one; omit for the newest. */
    before: Type.Optional(Seq),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxHistoryPage })),
  },
  { additionalProperties: false },
)
export type HistoryGet = Type.Static<typeof HistoryGet>

/** Changes the display name in every room. Replied to with `profile.updated`; rooms get `member.updated`. */
export const ProfileUpdate = Type.Object(
  {
    type: Type.Literal('profile.update'),
    id: RequestId,
    name: DisplayName,
  },
  { additionalProperties: false },
)
export type ProfileUpdate = Type.Static<typeof ProfileUpdate>

/** Application-level liveness check (browsers cannot send WebSocket pings). Replied to with `pong`. */
export const Ping = Type.Object(
  {
    type: Type.Literal('ping'),
    id: RequestId,
  },
  { additionalProperties: false },
)
export type Ping = Type.Static<typeof Ping>

/** Notification: the user is typing in a room. Repeat every few seconds while typing; it expires by itself. */
export const TypingStart = Type.Object(
  {
    type: Type.Literal('typing.start'),
    room: RoomId,
  },
  { additionalProperties: false },
)
export type TypingStart = Type.Static<typeof TypingStart>

/** Notification: the user stopped typing. */
export const TypingStop = Type.Object(
  {
    type: Type.Literal('typing.stop'),
    room: RoomId,
  },
  { additionalProperties: false },
)
export type TypingStop = Type.Static<typeof TypingStop>

/** Every frame a client may send, by `type`. */
export const ClientMessageSchemas = {
  hello: Hello,
  'room.create': RoomCreate,
  'room.join': RoomJoin,
  'room.leave': RoomLeave,
  'message.send': MessageSend,
  'history.get': HistoryGet,
  'profile.update': ProfileUpdate,
  ping: Ping,
  'typing.start': TypingStart,
  'typing.stop': TypingStop,
} as const

/** Any frame a client may send: the union of {@link ClientMessageSchemas}, so a new frame is listed once, there. */
export const ClientMessage = Type.Union(Object.values(ClientMessageSchemas))
export type ClientMessage = { [Name in keyof typeof ClientMessageSchemas]: Type.Static<(typeof ClientMessageSchemas)[Name]> }[keyof typeof ClientMessageSchemas]
