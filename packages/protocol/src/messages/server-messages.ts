import { Type } from 'typebox'
import { LIMITS } from '../limits.js'
import { ErrorCode } from './error-code.js'
import { Features } from './features.js'
import { ServerLimits } from './server-limits.js'
import {
  ChatMessage,
  ClientMessageId,
  DisplayName,
  LeaveReason,
  Member,
  NotifyLevel,
  PresenceStatus,
  RequestId,
  RoomId,
  RoomInfo,
  RoomMember,
  Timestamp,
} from './common.js'

// ---- Replies (carry `ref`, the `id` of the command they answer) ----

/** A room the client is in, with its members and recent messages. Sent on join, create and resume. */
export const RoomSnapshot = Type.Object(
  {
    room: RoomInfo,
    /** Everyone in the room; a member whose connection dropped a moment ago is listed with `status: 'away'`. */
    members: Type.Array(RoomMember),
    /** Oldest first. On join: the newest `limits.joinHistory`. On a recovered resume: exactly the missed ones. */
    messages: Type.Array(ChatMessage),
    /** Whether older messages exist before `messages[0]`. */
    hasMore: Type.Boolean(),
    /** When the room notifies you (feature `notify`); absent: `all` for direct conversations, `mentions` otherwise. */
    notify: Type.Optional(NotifyLevel),
  },
  { additionalProperties: false },
)
export type RoomSnapshot = Type.Static<typeof RoomSnapshot>

/** One room of a resume: `recovered` says whether `messages` holds every missed message. */
export const ResumedRoom = Type.Object(
  {
    ...RoomSnapshot.properties,
    /**
     * True: `messages` is exactly what was missed since the client's `lastSeq`.
     * False: too much was missed or the epoch changed; `messages` is the newest page, and the client pages back with `history.get`.
     */
    recovered: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type ResumedRoom = Type.Static<typeof ResumedRoom>

/** The reply to `hello`. */
export const Welcome = Type.Object(
  {
    type: Type.Literal('welcome'),
    ref: RequestId,
    protocol: Type.Integer({ minimum: 1 }),
    /** This connection's id (for logs and support). */
    connectionId: Type.String({ minLength: 1 }),
    /** Who the server knows this client as. */
    user: Member,
    /** Secret token: send it as `hello.session` on reconnect to stay the same user. */
    session: Type.String({ minLength: 1 }),
    /** True when `hello.session` was valid and the user id was kept. */
    sessionResumed: Type.Boolean(),
    limits: ServerLimits,
    /** The rooms from `hello.resume` that still exist, rejoined. */
    rooms: Type.Array(ResumedRoom),
    /** Ids from `hello.resume` whose rooms no longer exist. */
    lostRooms: Type.Array(RoomId),
    /**
     * What this server offers beyond the core (see `FEATURES`); names a client does not know are ignored. Absent
     * from an older server: then none is known.
     */
    features: Type.Optional(Features),
  },
  { additionalProperties: false },
)
export type Welcome = Type.Static<typeof Welcome>

/** The reply to `room.create` and `room.join`. */
export const RoomJoined = Type.Object(
  {
    type: Type.Literal('room.joined'),
    ref: RequestId,
    ...RoomSnapshot.properties,
  },
  { additionalProperties: false },
)
export type RoomJoined = Type.Static<typeof RoomJoined>

/** The reply to `room.leave`. */
export const RoomLeft = Type.Object(
  {
    type: Type.Literal('room.left'),
    ref: RequestId,
    room: RoomId,
  },
  { additionalProperties: false },
)
export type RoomLeft = Type.Static<typeof RoomLeft>

/** The reply to `message.send`: the message is stored and on its way to every member. */
export const MessageAck = Type.Object(
  {
    type: Type.Literal('message.ack'),
    ref: RequestId,
    room: RoomId,
    clientMsgId: ClientMessageId,
    id: Type.String({ minLength: 1 }),
    seq: Type.Integer({ minimum: 1 }),
    ts: Timestamp,
    /** True when this `clientMsgId` was already stored: nothing new was stored or broadcast. */
    duplicate: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type MessageAck = Type.Static<typeof MessageAck>

/** The reply to `history.get`. */
export const HistoryResult = Type.Object(
  {
    type: Type.Literal('history.result'),
    ref: RequestId,
    room: RoomId,
    /** Oldest first. */
    messages: Type.Array(ChatMessage),
    hasMore: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type HistoryResult = Type.Static<typeof HistoryResult>

/** The reply to `profile.update`. */
export const ProfileUpdated = Type.Object(
  {
    type: Type.Literal('profile.updated'),
    ref: RequestId,
    user: Member,
  },
  { additionalProperties: false },
)
export type ProfileUpdated = Type.Static<typeof ProfileUpdated>

/** The reply to `ping`. */
export const Pong = Type.Object(
  {
    type: Type.Literal('pong'),
    ref: RequestId,
    ts: Timestamp,
  },
  { additionalProperties: false },
)
export type Pong = Type.Static<typeof Pong>

/** A command failed (with `ref`), or a frame could not be read (maybe without). */
export const ErrorFrame = Type.Object(
  {
    type: Type.Literal('error'),
    ref: Type.Optional(RequestId),
    code: ErrorCode,
    message: Type.String(),
    /** For `RATE_LIMITED`: how long to wait, in ms, before the same command can succeed. Absent when a cap was reached. */
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
    /** For `BAD_REQUEST`: where the frame broke the schema. */
    issues: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() }, { additionalProperties: false }), {
        maxItems: 20,
      }),
    ),
  },
  { additionalProperties: false },
)
export type ErrorFrame = Type.Static<typeof ErrorFrame>

/** The reply to `room.update`, `member.update` and `notify.set`: the room as it is now. */
export const RoomUpdated = Type.Object(
  {
    type: Type.Literal('room.updated'),
    ref: RequestId,
    room: RoomInfo,
    notify: Type.Optional(NotifyLevel),
  },
  { additionalProperties: false },
)
export type RoomUpdated = Type.Static<typeof RoomUpdated>

/** An invite link to a private room. The `token` (its secret) is in `invite.created` only. */
export const Invite = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: LIMITS.maxIdLength }),
    room: RoomId,
    /** Send as `room.join.invite`. Shown once: the server keeps only its hash. */
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    createdBy: Member,
    createdAt: Timestamp,
    expiresAt: Timestamp,
    maxUses: Type.Optional(Type.Integer({ minimum: 1 })),
    uses: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type Invite = Type.Static<typeof Invite>

/** The reply to `invite.create`. */
export const InviteCreated = Type.Object(
  {
    type: Type.Literal('invite.created'),
    ref: RequestId,
    invite: Invite,
  },
  { additionalProperties: false },
)
export type InviteCreated = Type.Static<typeof InviteCreated>

/** The reply to `invite.list` and `invite.revoke`: the room's live invites, newest first. */
export const InviteListed = Type.Object(
  {
    type: Type.Literal('invite.listed'),
    ref: RequestId,
    room: RoomId,
    invites: Type.Array(Invite, { maxItems: LIMITS.maxInvites }),
  },
  { additionalProperties: false },
)
export type InviteListed = Type.Static<typeof InviteListed>

/** A room in the directory. */
export const DirectoryRoom = Type.Object(
  {
    room: RoomInfo,
    /** Members, connected or not. */
    members: Type.Integer({ minimum: 0 }),
    /** Members connected now. */
    online: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type DirectoryRoom = Type.Static<typeof DirectoryRoom>

/** The reply to `rooms.list`. */
export const RoomsListed = Type.Object(
  {
    type: Type.Literal('rooms.listed'),
    ref: RequestId,
    rooms: Type.Array(DirectoryRoom, { maxItems: LIMITS.maxDirectoryPage }),
  },
  { additionalProperties: false },
)
export type RoomsListed = Type.Static<typeof RoomsListed>

// ---- Events (no `ref`) ----

/**
 * You are now in a room you did not join from this connection: someone opened a direct conversation with you or
 * invited you by name, or another device of yours joined it. Read it as a `room.joined`.
 */
export const RoomAdded = Type.Object(
  {
    type: Type.Literal('room.added'),
    ...RoomSnapshot.properties,
  },
  { additionalProperties: false },
)
export type RoomAdded = Type.Static<typeof RoomAdded>

/** Why you are no longer in a room: put out by a moderator, banned, the room was deleted, or you left it on another device. */
export const RemovalReason = Type.Union([
  Type.Literal('removed'),
  Type.Literal('banned'),
  Type.Literal('deleted'),
  Type.Literal('left'),
])
export type RemovalReason = Type.Static<typeof RemovalReason>

/** You are no longer in a room: forget it (its messages stay only in the history you have). */
export const RoomRemoved = Type.Object(
  {
    type: Type.Literal('room.removed'),
    room: RoomId,
    reason: RemovalReason,
    /** Who did it, for `removed`, `banned` and `deleted`. */
    by: Type.Optional(Member),
  },
  { additionalProperties: false },
)
export type RoomRemoved = Type.Static<typeof RoomRemoved>

/** You changed when a room notifies you, on another device. */
export const NotifyChanged = Type.Object(
  {
    type: Type.Literal('notify.changed'),
    room: RoomId,
    level: NotifyLevel,
  },
  { additionalProperties: false },
)
export type NotifyChanged = Type.Static<typeof NotifyChanged>

/** A message was stored in a room you are in (your own included). */
export const MessageCreated = Type.Object(
  {
    type: Type.Literal('message.created'),
    message: ChatMessage,
  },
  { additionalProperties: false },
)
export type MessageCreated = Type.Static<typeof MessageCreated>

/** Someone joined a room you are in. */
export const MemberJoined = Type.Object(
  {
    type: Type.Literal('member.joined'),
    room: RoomId,
    member: Member,
    ts: Timestamp,
  },
  { additionalProperties: false },
)
export type MemberJoined = Type.Static<typeof MemberJoined>

/** Someone left a room you are in. */
export const MemberLeft = Type.Object(
  {
    type: Type.Literal('member.left'),
    room: RoomId,
    member: Member,
    reason: LeaveReason,
    ts: Timestamp,
  },
  { additionalProperties: false },
)
export type MemberLeft = Type.Static<typeof MemberLeft>

/** A member of a room you are in changed their name. */
export const MemberUpdated = Type.Object(
  {
    type: Type.Literal('member.updated'),
    room: RoomId,
    member: Member,
    previousName: DisplayName,
  },
  { additionalProperties: false },
)
export type MemberUpdated = Type.Static<typeof MemberUpdated>

/**
 * A member's connection dropped (`away`: they may be back soon) or came back (`online`). A member away for longer
 * than the server's grace gets `member.left` with reason `disconnected`.
 */
export const PresenceChanged = Type.Object(
  {
    type: Type.Literal('presence.changed'),
    room: RoomId,
    member: Member,
    status: PresenceStatus,
    ts: Timestamp,
  },
  { additionalProperties: false },
)
export type PresenceChanged = Type.Static<typeof PresenceChanged>

/** Someone started or stopped typing in a room you are in. */
export const TypingChanged = Type.Object(
  {
    type: Type.Literal('typing.changed'),
    room: RoomId,
    member: Member,
    typing: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type TypingChanged = Type.Static<typeof TypingChanged>

/** Every frame a server may send, by `type`. */
export const ServerMessageSchemas = {
  welcome: Welcome,
  'room.joined': RoomJoined,
  'room.left': RoomLeft,
  'message.ack': MessageAck,
  'history.result': HistoryResult,
  'profile.updated': ProfileUpdated,
  pong: Pong,
  error: ErrorFrame,
  'message.created': MessageCreated,
  'member.joined': MemberJoined,
  'member.left': MemberLeft,
  'member.updated': MemberUpdated,
  'presence.changed': PresenceChanged,
  'typing.changed': TypingChanged,
  'room.updated': RoomUpdated,
  'invite.created': InviteCreated,
  'invite.listed': InviteListed,
  'rooms.listed': RoomsListed,
  'room.added': RoomAdded,
  'room.removed': RoomRemoved,
  'notify.changed': NotifyChanged,
} as const

/** Any frame a server may send: the union of {@link ServerMessageSchemas}, so a new frame is listed once, there. */
export const ServerMessage = Type.Union(Object.values(ServerMessageSchemas))
export type ServerMessage = { [Name in keyof typeof ServerMessageSchemas]: Type.Static<(typeof ServerMessageSchemas)[Name]> }[keyof typeof ServerMessageSchemas]

/** Replies answer a command and carry its `ref`. */
export type ServerReply = Extract<ServerMessage, { ref: string }>
/** Events are pushed by the server and carry no `ref`. */
export type ServerEvent = Exclude<ServerMessage, { ref: string } | ErrorFrame>
