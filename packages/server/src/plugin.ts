import { hostname } from 'node:os'
import websocket from '@fastify/websocket'
import { CloseCode } from '@lanchat/protocol'
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { createLanchatApi, type LanchatServer } from './api.js'
import { ChatCore } from './chat/chat-core.js'
import { advertiseLanchat, isReachableFromLan, type LanchatAdvertisement } from './discovery/advertise.js'
import { resolveOptions, type LanchatPluginOptions } from './options.js'
import { AccountService } from './accounts/account-service.js'
import { registerAccountRoutes } from './routes/account-routes.js'
import { registerRoutes } from './routes.js'
import { ConnectionLimits } from './transport/connection-limits.js'
import { ConnectionPool } from './transport/connection-pool.js'
import type { FanoutAdapter } from './fanout/fanout-adapter.js'
import { createRedisFanout } from './fanout/redis-fanout.js'
import { MemoryStore } from './store/memory-store.js'
import { openPostgresStore } from './store/postgres/postgres-store.js'
import type { LanchatStore } from './store/store.js'
import { SharedEncoder } from './transport/shared-encoder.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The lanchat server-side API: rooms, members, system posts, message hooks and events. */
    lanchat: LanchatServer
  }
}

/** How long shutdown waits for clients to answer the going-away close before their sockets are destroyed. */
const SHUTDOWN_GRACE_MS = 1_000

const lanchatPlugin: FastifyPluginAsync<LanchatPluginOptions> = async (fastify: FastifyInstance, rawOptions) => {
  const options = resolveOptions(rawOptions)
  const log = fastify.log.child({ plugin: 'lanchat' })
  // The plugin closes only a store it made (from nothing, or from a connection string); a store passed in is the host's.
  const ownStore = await openOwnStore(options.store, log)
  const store = ownStore ?? (options.store as LanchatStore)
  let fanout: FanoutAdapter | undefined
  try {
    fanout =
      typeof options.fanout === 'string'
        ? await createRedisFanout({ url: options.fanout, onError: (error) => log.warn({ err: error }, 'lanchat fan-out trouble') })
        : options.fanout
  } catch (error) {
    await ownStore?.close()
    throw error
  }
  // Accounts close sockets through the core, and the core asks the accounts about names: each reaches the other late.
  const accounts =
    options.accounts === false
      ? undefined
      : new AccountService({
          store,
          policy: options.accounts.policy,
          sessionTtlMs: options.accounts.sessionTtlMs,
          signOut: (request) => core.signOut(request),
          markAccount: (userId) => core.markAccount(userId),
        })
  const core = new ChatCore({
    ...options,
    store,
    fanout,
    log,
    checkName: accounts === undefined ? undefined : (userId, name) => accounts.checkName(userId, name),
    isAdmin: accounts === undefined ? undefined : async (userId) => {
      const account = await store.accounts.get(userId)
      return account !== undefined && account.admin && !account.disabled
    },
  })
  const pool = new ConnectionPool({ heartbeatIntervalMs: options.heartbeatIntervalMs })
  const hostOwnsWebsocket = fastify.hasDecorator('websocketServer')
  let advertisement: LanchatAdvertisement | undefined

  // Added before @fastify/websocket's own preClose (which closes sockets without a code), so clients get 1001.
  fastify.addHook('preClose', async () => {
    core.beginShutdown()
    await pool.closeAll(CloseCode.GoingAway, 'server shutting down', SHUTDOWN_GRACE_MS)
  })
  fastify.addHook('onClose', async () => {
    pool.stop()
    await advertisement?.stop()
    await core.close()
    await ownStore?.close()
  })

  if (!hostOwnsWebsocket) {
    await fastify.register(websocket, {
      options: { maxPayload: 4 * options.maxFrameBytes },
      errorHandler(error, socket) {
        log.debug({ err: error }, 'lanchat socket error')
        socket.terminate()
      },
    })
  }

  try {
    await core.start()
  } catch (error) {
    await fanout?.close()
    await ownStore?.close()
    throw error
  }
  fastify.decorate('lanchat', createLanchatApi(core, accounts))
  if (accounts !== undefined && options.accounts !== false) {
    registerAccountRoutes(fastify, {
      prefix: options.prefix,
      accounts,
      allowedOrigins: options.allowedOrigins,
      sessionTtlMs: options.accounts.sessionTtlMs,
    })
  }

  let connectionCount = 0
  registerRoutes(fastify, options, accounts, {
    core,
    pool,
    limits: new ConnectionLimits(options),
    encoder: new SharedEncoder(),
    log,
    maxFrameBytes: options.maxFrameBytes,
    maxBufferedBytes: options.maxBufferedBytes,
    nextId: () => `c-${(++connectionCount).toString(36)}`,
    // The host's @fastify/websocket closes its tracked clients without a code before our preClose runs; our
    // sockets are ours to close (with 1001), so they are not left in its list.
    untrack: hostOwnsWebsocket ? (socket) => fastify.websocketServer.clients?.delete(socket) : undefined,
  })

  const advertise = options.advertise
  if (advertise !== false) {
    fastify.addHook('onListen', async () => {
      const address = fastify.server.address()
      if (address === null || typeof address === 'string') {
        log.warn({ address }, 'lanchat cannot advertise a server that does not listen on a TCP port')
        return
      }
      // Listed on the LAN at an address nobody else can reach, it would only be a dead entry.
      if (!fastify.addresses().some((bound) => typeof bound !== 'string' && isReachableFromLan(bound.address))) {
        log.info({ address: address.address }, 'lanchat does not advertise on the LAN: the server listens on loopback only')
        return
      }
      advertisement?.stop().catch(() => undefined)
      advertisement = advertiseLanchat({
        port: address.port,
        path: `${options.prefix}/ws`,
        name: advertise.name ?? `lanchat on ${hostname()}`,
        log,
      })
    })
  }
}

/** The store the plugin makes and closes: a `MemoryStore` by default, PostgreSQL for a connection string. */
async function openOwnStore(given: LanchatStore | string | undefined, log: FastifyBaseLogger): Promise<LanchatStore | undefined> {
  if (given === undefined) return new MemoryStore()
  if (typeof given !== 'string') return undefined
  return openPostgresStore({ url: given, onError: (error) => log.warn({ err: error }, 'lanchat store connection trouble') })
}

/**
 * The lanchat Fastify plugin: real-time chat rooms, presence and history over one WebSocket at `${prefix}/ws`,
 * plus `app.lanchat` for the host. Registers `@fastify/websocket` unless the app already has it.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import lanchat from '@lanchat/server'
 *
 * const app = Fastify({ logger: true })
 * await app.register(lanchat, { prefix: '/chat' })
 * await app.listen({ port: 3000 })
 * ```
 */
export const lanchat = fp(lanchatPlugin, { fastify: '5.x', name: '@lanchat/server' })
