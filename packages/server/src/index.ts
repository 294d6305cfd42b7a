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
export type { LanchatServer, CreateRoomOptions, PostOptions } from './api.js'
export type { LanchatEventMap, LanchatListener } from './chat/chat-events.js'
export type { MessageHook, MessageHookResult } from './chat/message-hooks.js'
export type { HistoryStore, HistoryPage, AppendResult, MessageDraft } from './history/history-store.js'
export { MemoryHistoryStore, type MemoryHistoryStoreOptions } from './history/memory-history-store.js'
export { errorCodes } from './errors.js'
