/**
 * The lanchat client SDK for browsers and Node ≥ 20.19: one {@link LanchatClient} that connects,
 * reconnects with backoff, resumes every room without gaps or duplicates, and keeps an outbox so
 * that messages written offline are delivered exactly once when the connection is back. Events
 * and requests are typed from `@lanchat/protocol`.
 *
 * @example
 * ```ts
 * import { LanchatClient } from '@lanchat/client'
 *
 * const client = new LanchatClient({ url: 'ws://localhost:5000/ws', name: 'Maria' })
 * client.on('message.created', ({ message }) => console.log(`${message.from.name}: ${message.text}`))
 * await client.connect()
 * await client.join('lobby')
 * await client.send('lobby', 'Hello!').acked
 * await client.close()
 * ```
 *
 * @module
 */
export { LanchatClient, TYPING_REPEAT_MS, type RequestType } from './client.js'
export type {
  ConnectionState,
  LanchatClientEvents,
  LanchatReservedEvents,
  LanchatServerEvents,
} from './events.js'
export type {
  CreateRoomOptions,
  HeartbeatOptions,
  HistoryOptions,
  InviteOptions,
  JoinOptions,
  LanchatClientOptions,
  LanchatLogger,
  MemberTarget,
  ReconnectOptions,
  RequestOptions,
  RoomChanges,
  SendOptions,
} from './options.js'
export type { BackoffOptions } from './backoff.js'
export type { OutgoingMessage, OutgoingState } from './outbox.js'
export type { RoomState } from './room-state.js'
export { directName, roleOf } from './room-info.js'
export type { RoomGap } from './sequence-guard.js'
export { RoomTimeline, type RoomTimelineSnapshot, type TimelineOptions } from './timeline/room-timeline.js'
export type {
  TimelineEntry,
  TimelineGap,
  TimelineMessage,
  TimelineNote,
  TimelineNotice,
  TimelineOutgoing,
} from './timeline/timeline-entries.js'
export type { WebSocketConstructor, WebSocketLike } from './transport.js'
export type { Listener } from './emitter.js'
export { createId, isClientMsgId } from './ids.js'
export { NAME_COLOURS, fnv1a, nameColour, nameColourIndex, type NameColour } from './name-colour.js'
export { distinguishNames, userTag } from './display-names.js'
export { checkDisplayName, textLength, type DisplayNameCheck } from '@lanchat/protocol'
// The wire types and helpers an app needs, from their one source, so apps do not declare them again.
export { FEATURES, LIMITS, LOBBY_ROOM_ID, normalizeRoomId, type KnownFeature } from '@lanchat/protocol'
export type {
  ChatMessage,
  DirectoryRoom,
  HistoryResult,
  Invite,
  Member,
  MemberAction,
  MemberChange,
  MessageKind,
  NotifyLevel,
  PresenceStatus,
  RemovalReason,
  ResumedRoom,
  RoomAccess,
  RoomAdded,
  RoomChange,
  RoomInfo,
  RoomJoined,
  RoomKind,
  RoomLeft,
  RoomMember,
  RoomRemoved,
  RoomRole,
  RoomUpdated,
  ServerLimits,
  UnknownServerFrame,
  Welcome,
} from '@lanchat/protocol'
export { splitText } from './split-text.js'
export { ClientErrorCodes, type ClientErrorCode } from './errors/client-error-codes.js'
export { LanchatError, type LanchatErrorOptions } from './errors/lanchat-error.js'
export { LanchatConnectionError, type ConnectionErrorCode } from './errors/lanchat-connection-error.js'
export { LanchatTimeoutError } from './errors/lanchat-timeout-error.js'
export { LanchatProtocolError } from './errors/lanchat-protocol-error.js'
export { LanchatServerError } from './errors/lanchat-server-error.js'
export { LanchatAccountError } from './errors/lanchat-account-error.js'
export { LanchatCertificateError } from './errors/lanchat-certificate-error.js'
export { getServerCertificates } from './node-tls-loader.js'
export { normalizeFingerprint, type CertificateInfo, type LanchatTlsOptions, type ServerCertificate } from './tls/tls-options.js'
export { LanchatAccounts, accountsBaseUrl, type DeviceOptions, type LanchatAccountsOptions } from './accounts/lanchat-accounts.js'
export {
  AuthErrorCodes,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type AccountPolicyView,
  type AccountView,
  type AuthErrorCode,
  type DeviceSession,
  type IssuedLink,
  type SignedIn,
} from '@lanchat/protocol'
