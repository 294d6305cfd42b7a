import { Type } from 'typebox'
import { LIMITS } from '../limits.js'
import {
  ClientMessageId,
  DisplayName,
  MessageText,
  NotifyLevel,
  RequestId,
  ResumePoint,
  RoomAccess,
  RoomCode,
  RoomId,
  RoomName,
  RoomTopic,
  Seq,
  UserId,
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

/**
 * Makes a room and joins it, as its owner. Replied to with `room.joined`. Without `access` it is a code room (gone
 * when empty); with `access` (feature `rooms.manage`) a kept `public` or `private` room.
 */
export const RoomCreate = Type.Object(
  {
    type: Type.Literal('room.create'),
    id: RequestId,
    name: Type.Optional(RoomName),
    /** `public` or `private` (feature `rooms.manage`). */
    access: Type.Optional(RoomAccess),
    /** The code to make the room under instead of a generated one (feature `rooms.manage`); `ROOM_EXISTS` if taken. */
    code: Type.Optional(RoomCode),
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
    /** The secret of an invite link to a private room (feature `rooms.manage`). */
    invite: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
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

/**
 * Opens the direct conversation of you and `with` (1–7 others), making it the first time, and joins it. Replied to
 * with `room.joined`; the others get `room.added` (feature `dm`). The same people always get the same room.
 */
export const DmOpen = Type.Object(
  {
    type: Type.Literal('dm.open'),
    id: RequestId,
    with: Type.Array(UserId, { minItems: 1, maxItems: LIMITS.maxDirectMembers - 1, uniqueItems: true }),
  },
  { additionalProperties: false },
)
export type DmOpen = Type.Static<typeof DmOpen>

/**
 * Changes a room (feature `rooms.manage`): `name` and `topic` need a moderator, `access` and `kept` the owner.
 * Replied to with `room.updated`; every member sees the change as a `system` message with its `event`.
 */
export const RoomUpdate = Type.Object(
  {
    type: Type.Literal('room.update'),
    id: RequestId,
    room: RoomId,
    name: Type.Optional(RoomName),
    topic: Type.Optional(RoomTopic),
    access: Type.Optional(RoomAccess),
    /** `true` keeps a code room when it is empty. */
    kept: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
)
export type RoomUpdate = Type.Static<typeof RoomUpdate>

/**
 * What {@link MemberUpdate} does: `invite` makes someone a member (of a private room: the only way in besides an
 * invite link), `remove` puts them out (they may come back where the room allows), `ban` puts them out for good,
 * `unban`, `mute` / `unmute` (may they post), `moderator` / `member` set their role, `owner` hands the room over.
 */
export const MemberAction = Type.Union([
  Type.Literal('invite'),
  Type.Literal('remove'),
  Type.Literal('ban'),
  Type.Literal('unban'),
  Type.Literal('mute'),
  Type.Literal('unmute'),
  Type.Literal('moderator'),
  Type.Literal('member'),
  Type.Literal('owner'),
])
export type MemberAction = Type.Static<typeof MemberAction>

/**
 * Acts on a member of a room (feature `rooms.manage`), named by `user` id or by `name` (an account's name, or the
 * name of one person connected now). Moderators invite, remove, ban and mute; the owner also sets roles.
 * Replied to with `room.updated`.
 */
export const MemberUpdate = Type.Object(
  {
    type: Type.Literal('member.update'),
    id: RequestId,
    room: RoomId,
    action: MemberAction,
    user: Type.Optional(UserId),
    name: Type.Optional(DisplayName),
  },
  { additionalProperties: false },
)
export type MemberUpdate = Type.Static<typeof MemberUpdate>

/** Deletes a room with its messages (feature `rooms.manage`, owner only). Replied to with `room.left`; members get `room.removed`. */
export const RoomDelete = Type.Object(
  {
    type: Type.Literal('room.delete'),
    id: RequestId,
    room: RoomId,
  },
  { additionalProperties: false },
)
export type RoomDelete = Type.Static<typeof RoomDelete>

/**
 * Makes an invite link to a private room (feature `rooms.manage`, moderators). Replied to with `invite.created`,
 * which alone carries the secret.
 */
export const InviteCreate = Type.Object(
  {
    type: Type.Literal('invite.create'),
    id: RequestId,
    room: RoomId,
    /** How long it works, in ms (1 minute to 30 days). Default: 7 days. */
    expiresInMs: Type.Optional(Type.Integer({ minimum: 60_000, maximum: 30 * 24 * 3_600_000 })),
    /** How many people may use it. Default: any number until it expires. */
    maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })),
  },
  { additionalProperties: false },
)
export type InviteCreate = Type.Static<typeof InviteCreate>

/** Lists a private room's live invites (feature `rooms.manage`, moderators). Replied to with `invite.listed`. */
export const InviteList = Type.Object(
  {
    type: Type.Literal('invite.list'),
    id: RequestId,
    room: RoomId,
  },
  { additionalProperties: false },
)
export type InviteList = Type.Static<typeof InviteList>

/** Revokes an invite at once (feature `rooms.manage`, moderators). Replied to with `invite.listed`. */
export const InviteRevoke = Type.Object(
  {
    type: Type.Literal('invite.revoke'),
    id: RequestId,
    room: RoomId,
    invite: Type.String({ minLength: 1, maxLength: LIMITS.maxIdLength }),
  },
  { additionalProperties: false },
)
export type InviteRevoke = Type.Static<typeof InviteRevoke>

/** The room directory: public rooms, busiest first, optionally filtered (feature `rooms.directory`). Replied to with `rooms.listed`. */
export const RoomsList = Type.Object(
  {
    type: Type.Literal('rooms.list'),
    id: RequestId,
    /** Words the room's name, code or topic must contain (any case). */
    query: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
)
export type RoomsList = Type.Static<typeof RoomsList>

/** Sets when a room notifies you, on every device of yours (feature `notify`). Replied to with `room.updated`. */
export const NotifySet = Type.Object(
  {
    type: Type.Literal('notify.set'),
    id: RequestId,
    room: RoomId,
    level: NotifyLevel,
  },
  { additionalProperties: false },
)
export type NotifySet = Type.Static<typeof NotifySet>

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
  'dm.open': DmOpen,
  'room.update': RoomUpdate,
  'member.update': MemberUpdate,
  'room.delete': RoomDelete,
  'invite.create': InviteCreate,
  'invite.list': InviteList,
  'invite.revoke': InviteRevoke,
  'rooms.list': RoomsList,
  'notify.set': NotifySet,
} as const

/** Any frame a client may send: the union of {@link ClientMessageSchemas}, so a new frame is listed once, there. */
export const ClientMessage = Type.Union(Object.values(ClientMessageSchemas))
export type ClientMessage = { [Name in keyof typeof ClientMessageSchemas]: Type.Static<(typeof ClientMessageSchemas)[Name]> }[keyof typeof ClientMessageSchemas]
