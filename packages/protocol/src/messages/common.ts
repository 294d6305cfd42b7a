import { Type } from 'typebox'
import { LIMITS } from '../limits.js'

// ---- Identifiers ----

/** Correlates a command with its reply: the server echoes it as `ref`. */
export const RequestId = Type.String({ minLength: 1, maxLength: LIMITS.maxIdLength })
export type RequestId = Type.Static<typeof RequestId>

/**
 * A room id: the lobby's `lobby`, or a generated code such as `k7m2qx`. Ids are
 * case-insensitive; servers store them in lower case (see {@link normalizeRoomId}).
 */
export const RoomId = Type.String({
  minLength: 1,
  maxLength: LIMITS.maxRoomIdLength,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
})
export type RoomId = Type.Static<typeof RoomId>

/** The sender's idempotency key for a message: one key is stored once. */
export const ClientMessageId = Type.String({
  minLength: 1,
  maxLength: LIMITS.maxIdLength,
  pattern: '^[A-Za-z0-9_-]+$',
})
export type ClientMessageId = Type.Static<typeof ClientMessageId>

/** A user's stable id, assigned by the server and kept across reconnects of one session. */
export const UserId = Type.String({ minLength: 1, maxLength: LIMITS.maxIdLength })
export type UserId = Type.Static<typeof UserId>

// ---- Text ----

// No C0/C1 control characters in names: they are shown in titles, lists and terminals.
const noControlCharacters = '^[^\\u0000-\\u001f\\u007f-\\u009f]+$'

/**
 * A display name: 1–32 Unicode code points, no control characters. Servers also run {@link checkDisplayName} on
 * the names users choose (no bidi controls, something visible, not a reserved name).
 */
export const DisplayName = Type.String({ minLength: 1, maxLength: LIMITS.maxNameLength, pattern: noControlCharacters })
export type DisplayName = Type.Static<typeof DisplayName>

/** A room's display name. */
export const RoomName = Type.String({ minLength: 1, maxLength: LIMITS.maxRoomNameLength, pattern: noControlCharacters })
export type RoomName = Type.Static<typeof RoomName>

/** Message text: 1–4000 characters. Newlines are allowed; rendering is the client's job. */
export const MessageText = Type.String({ minLength: 1, maxLength: LIMITS.maxTextLength })
export type MessageText = Type.Static<typeof MessageText>

/** Milliseconds since the Unix epoch, from the server's clock. */
export const Timestamp = Type.Integer({ minimum: 0 })
export type Timestamp = Type.Static<typeof Timestamp>

/** A room's message sequence number: 1 for the first message, then strictly increasing by one. */
export const Seq = Type.Integer({ minimum: 0 })
export type Seq = Type.Static<typeof Seq>

/** Changes only when a room's history is lost (the room was deleted and made again). */
export const Epoch = Type.String({ minLength: 1, maxLength: LIMITS.maxIdLength })
export type Epoch = Type.Static<typeof Epoch>

// ---- Entities ----

/** A person (or bot) as others see them. */
export const Member = Type.Object(
  {
    id: UserId,
    name: DisplayName,
    /** `true` when they signed in to an account (the name is theirs alone); absent for a guest. */
    account: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type Member = Type.Static<typeof Member>

/** Whether a member is connected (`online`) or their connection dropped and they may be back soon (`away`). */
export const PresenceStatus = Type.Union([Type.Literal('online'), Type.Literal('away')])
export type PresenceStatus = Type.Static<typeof PresenceStatus>

/** A member in a room's member list: `status` is left out when they are online. */
export const RoomMember = Type.Object(
  {
    ...Member.properties,
    status: Type.Optional(PresenceStatus),
  },
  { additionalProperties: false },
)
export type RoomMember = Type.Static<typeof RoomMember>

/**
 * Who may enter a room (absent for the lobby and code rooms: anyone who knows the id or code).
 * `public`: listed in the room directory (`rooms.list`), anyone on the server may join. `private`: only its members
 * read, post or see who is there; people come in by invitation (by name or an invite link). Direct conversations are
 * private.
 */
export const RoomAccess = Type.Union([Type.Literal('public'), Type.Literal('private')])
export type RoomAccess = Type.Static<typeof RoomAccess>

/** A room's topic: up to 256 code points, no control characters; empty clears it. */
export const RoomTopic = Type.String({ maxLength: LIMITS.maxTopicLength, pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]*$' })
export type RoomTopic = Type.Static<typeof RoomTopic>

/**
 * A room code an owner picks (`room.create.code`): 3–32 lower-case letters, digits and `-`, starting with a letter
 * or digit. Compared in lower case like every room id.
 */
export const RoomCode = Type.String({ minLength: 3, maxLength: LIMITS.maxRoomIdLength, pattern: '^[A-Za-z0-9][A-Za-z0-9-]*$' })
export type RoomCode = Type.Static<typeof RoomCode>

/** A member's role in a room: the `owner` (one), `moderator`s, or a plain `member`. */
export const RoomRole = Type.Union([Type.Literal('owner'), Type.Literal('moderator'), Type.Literal('member')])
export type RoomRole = Type.Static<typeof RoomRole>

/** When a room should notify you: on `all` messages, on `mentions` of you (and direct messages), or `none`. */
export const NotifyLevel = Type.Union([Type.Literal('all'), Type.Literal('mentions'), Type.Literal('none')])
export type NotifyLevel = Type.Static<typeof NotifyLevel>

/** `lobby` is always there; `code` rooms are made by users and vanish when empty; `named` rooms are made by the host app. */
export const RoomKind = Type.Union([Type.Literal('lobby'), Type.Literal('code'), Type.Literal('named')])
export type RoomKind = Type.Static<typeof RoomKind>

/** What a member knows about a room. */
export const RoomInfo = Type.Object(
  {
    id: RoomId,
    name: RoomName,
    kind: RoomKind,
    epoch: Epoch,
    /** The seq of the newest message, 0 when there is none. */
    lastSeq: Seq,
    createdAt: Timestamp,
    /** Who may enter (feature `rooms.manage`); absent: anyone who knows the id. */
    access: Type.Optional(RoomAccess),
    /** What the room is about; absent when there is none. */
    topic: Type.Optional(RoomTopic),
    /** The user id of the room's owner; absent for rooms the server or the host owns. */
    owner: Type.Optional(UserId),
    /** The user ids of the room's moderators. */
    moderators: Type.Optional(Type.Array(UserId, { maxItems: LIMITS.maxModerators })),
    /** The user ids of members who may not post. */
    muted: Type.Optional(Type.Array(UserId, { maxItems: LIMITS.maxMuted })),
    /** A direct conversation (feature `dm`): the people in it, you included. Name it after the others. */
    direct: Type.Optional(Type.Array(Member, { minItems: 2, maxItems: LIMITS.maxDirectMembers })),
    /** A code room its owner kept: it stays, with its messages, when its last member leaves. */
    kept: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type RoomInfo = Type.Static<typeof RoomInfo>

/** `user` messages come from members; `system` ones from the host app (`app.lanchat.post`). */
export const MessageKind = Type.Union([Type.Literal('user'), Type.Literal('system')])
export type MessageKind = Type.Static<typeof MessageKind>

/** The room was renamed. */
export const RoomRenamedChange = Type.Object(
  { type: Type.Literal('room.renamed'), name: RoomName },
  { additionalProperties: false },
)
/** The topic changed (empty: cleared). */
export const RoomTopicChange = Type.Object(
  { type: Type.Literal('room.topic'), topic: RoomTopic },
  { additionalProperties: false },
)
/** Who may enter changed. */
export const RoomAccessChange = Type.Object(
  { type: Type.Literal('room.access'), access: RoomAccess },
  { additionalProperties: false },
)
/** The owner kept a code room: it stays when empty. */
export const RoomKeptChange = Type.Object({ type: Type.Literal('room.kept') }, { additionalProperties: false })
/**
 * Something happened to a member: `added` (invited by name, or came in with an invite link), `removed`, `banned`,
 * `unbanned`, `muted`, `unmuted`, or their `role` changed.
 */
export const MemberChange = Type.Object(
  {
    type: Type.Union([
      Type.Literal('member.added'),
      Type.Literal('member.removed'),
      Type.Literal('member.banned'),
      Type.Literal('member.unbanned'),
      Type.Literal('member.muted'),
      Type.Literal('member.unmuted'),
      Type.Literal('member.role'),
    ]),
    member: Member,
    /** For `member.role`: the new role. */
    role: Type.Optional(RoomRole),
  },
  { additionalProperties: false },
)
/**
 * A change to a room, recorded in its log as a `system` message whose `from` is who made it, so it is replayed on
 * resume and paged with history like any message. Its `text` says it for people (and for clients that do not know
 * the change); `event` says it for programs.
 */
export const RoomChange = Type.Union([RoomRenamedChange, RoomTopicChange, RoomAccessChange, RoomKeptChange, MemberChange])
export type RoomChange = Type.Static<typeof RoomChange>

/** A stored chat message. */
export const ChatMessage = Type.Object(
  {
    /** Server-assigned, globally unique. */
    id: Type.String({ minLength: 1, maxLength: LIMITS.maxIdLength }),
    room: RoomId,
    seq: Type.Integer({ minimum: 1 }),
    kind: MessageKind,
    from: Member,
    text: MessageText,
    /** Server time at which the message was stored. */
    ts: Timestamp,
    clientMsgId: ClientMessageId,
    /** For a `system` message that records a change to the room (feature `rooms.manage`): what changed. */
    event: Type.Optional(RoomChange),
  },
  { additionalProperties: false },
)
export type ChatMessage = Type.Static<typeof ChatMessage>

/** Why a member left a room. */
export const LeaveReason = Type.Union([
  /** They left on purpose (`room.leave`, or closed the connection cleanly). */
  Type.Literal('left'),
  /** Their connection dropped or stopped answering pings. */
  Type.Literal('disconnected'),
])
export type LeaveReason = Type.Static<typeof LeaveReason>

/** Where a client stood in a room when it lost its connection. */
export const ResumePoint = Type.Object(
  {
    room: RoomId,
    epoch: Epoch,
    lastSeq: Seq,
  },
  { additionalProperties: false },
)
export type ResumePoint = Type.Static<typeof ResumePoint>
