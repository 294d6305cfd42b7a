/**
 * The lanchat wire protocol, version 1: TypeBox schemas of every frame in both
 * directions, their static types under the same names, the codec, error codes,
 * close codes and limits. Both ends import their wire types from here and nowhere else.
 *
 * @example
 * ```ts
 * import { decodeClientMessage, ProtocolError } from '@lanchat/protocol'
 * try {
 *   const frame = decodeClientMessage(raw)
 * } catch (error) {
 *   if (error instanceof ProtocolError) reply({ type: 'error', code: error.code, message: error.message })
 * }
 * ```
 *
 * @module
 */
export { PROTOCOL_VERSION } from './version.js'
export { LIMITS } from './limits.js'
export { ServerLimits } from './messages/server-limits.js'
export { checkDisplayName, nameKey, textLength, RESERVED_NAMES, type DisplayNameCheck } from './display-name.js'
export { ErrorCodes } from './error-codes.js'
export { ErrorCode } from './messages/error-code.js'
export { CloseCode, FINAL_CLOSE_CODES } from './close-codes.js'
export { LOBBY_ROOM_ID, ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, normalizeRoomId } from './rooms.js'
export { encode } from './encode.js'
export { ProtocolError, type ProtocolIssue } from './protocol-error.js'
export { type DecodedServerFrame, type UnknownServerFrame } from './parse-frame.js'
export { decodeClientMessage, decodeServerMessage, decodeServerFrame } from './codec.js'
export { FEATURES, type KnownFeature } from './features.js'
export { Feature, Features } from './messages/features.js'
export {
  REPLY_TYPES,
  type ServerEventMap,
  type ServerMessageOf,
  type ClientCommand,
  type ClientCommandType,
  type ClientNotification,
  type CommandBody,
  type CommandReply,
} from './event-map.js'
export {
  RequestId,
  RoomId,
  ClientMessageId,
  UserId,
  DisplayName,
  RoomName,
  MessageText,
  Timestamp,
  Seq,
  Epoch,
  Member,
  PresenceStatus,
  RoomMember,
  RoomKind,
  RoomInfo,
  MessageKind,
  ChatMessage,
  LeaveReason,
  ResumePoint,
  RoomAccess,
  RoomTopic,
  RoomCode,
  RoomRole,
  NotifyLevel,
  RoomChange,
  RoomRenamedChange,
  RoomTopicChange,
  RoomAccessChange,
  RoomKeptChange,
  MemberChange,
} from './messages/common.js'
export {
  Hello,
  RoomCreate,
  RoomJoin,
  RoomLeave,
  MessageSend,
  HistoryGet,
  ProfileUpdate,
  Ping,
  TypingStart,
  TypingStop,
  DmOpen,
  RoomUpdate,
  MemberAction,
  MemberUpdate,
  RoomDelete,
  InviteCreate,
  InviteList,
  InviteRevoke,
  RoomsList,
  NotifySet,
  ClientMessage,
  ClientMessageSchemas,
} from './messages/client-messages.js'
export {
  RoomSnapshot,
  ResumedRoom,
  Welcome,
  RoomJoined,
  RoomLeft,
  MessageAck,
  HistoryResult,
  ProfileUpdated,
  Pong,
  ErrorFrame,
  MessageCreated,
  MemberJoined,
  MemberLeft,
  MemberUpdated,
  PresenceChanged,
  TypingChanged,
  RoomUpdated,
  Invite,
  InviteCreated,
  InviteListed,
  DirectoryRoom,
  RoomsListed,
  RoomAdded,
  RemovalReason,
  RoomRemoved,
  NotifyChanged,
  ServerMessage,
  ServerMessageSchemas,
  type ServerReply,
  type ServerEvent,
} from './messages/server-messages.js'
export * from './http/accounts.js'
export { AuthErrorCodes, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type AuthErrorCode } from './http/account-codes.js'
