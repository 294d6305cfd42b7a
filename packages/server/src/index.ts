/**
 * `@lanchat/server`: a Fastify 5 plugin that adds real-time chat rooms, presence and history to any Fastify app.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import lanchat from '@lanchat/server'
 *
 * const app = Fastify({ logger: true })
 * await app.register(lanchat)
 * await app.listen({ port: 3000 })
 * ```
 *
 * @module
 */
import { lanchat } from './plugin.js'

export default lanchat
export { lanchat }
export type { LanchatPluginOptions, AllowedOrigins } from './options.js'
export { createHostCheck, type AllowedHosts } from './transport/host-check.js'
export type { LanchatServer, CreateRoomOptions, PostOptions } from './api.js'
export type { LanchatEventMap, LanchatListener } from './chat/chat-events.js'
export type { MessageHook, MessageHookResult } from './chat/message-hooks.js'
export type { JoinHook, JoinHookResult, JoinRequest } from './chat/join-hooks.js'
export type { GuestPolicy } from './chat/chat-core.js'
export type { Authenticate } from './auth/authenticate.js'
export type { Principal } from './chat/principal.js'
export type {
  LanchatStore,
  RoomStore,
  RoomLogStore,
  UserStore,
  SessionStore,
  MembershipStore,
  StoredRoom,
  NewRoom,
  StoredUser,
  StoredSession,
  RoomRetention,
  RoomEvent,
  RoomEventDraft,
  MessageCreatedEvent,
  MessageDraft,
  AppendResult,
  EventPage,
} from './store/store.js'
export { StoreRoomNotFoundError } from './store/store.js'
export { MemoryStore, type MemoryStoreOptions } from './store/memory-store.js'
export {
  openSqliteStore,
  SqliteStoreError,
  type SqliteStore,
  type SqliteStoreOptions,
  type SqliteStoreErrorCode,
  type SynchronousMode,
} from './store/sqlite/sqlite-store.js'
export {
  openPostgresStore,
  PostgresStoreError,
  type PostgresStore,
  type PostgresStoreOptions,
  type PostgresStoreErrorCode,
} from './store/postgres/postgres-store.js'
export { restoreSqliteBackup, type RestoreOptions, type RestoreResult } from './store/sqlite/restore.js'
export { LocalFanout, type FanoutAdapter, type FanoutNode, type RoomFrame } from './fanout/fanout-adapter.js'
export { createRedisFanout, type RedisFanout, type RedisFanoutOptions } from './fanout/redis-fanout.js'
export { FanoutError, type FanoutErrorCode } from './fanout/fanout-errors.js'
export { errorCodes } from './errors.js'
