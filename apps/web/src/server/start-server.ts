import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fastifyHelmet from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import lanchat, { type LanchatPluginOptions, type LanchatStore } from '@lanchat/server'
import { guardHost } from './host-guard.js'
import { openChatStore, type ChatStoreOptions } from './open-chat-store.js'
import { findPublicDirectory } from './public-directory.js'
import { QuietRequestLogs } from './request-logs.js'
import { securityHeaders } from './security-headers.js'
import { serverUrls, type ServerUrls } from './server-urls.js'

/** Options of {@link startServer}; `dataDir`, `memory` and `synchronous` choose where the chat is kept. */
export interface StartServerOptions extends ChatStoreOptions {
  /** Port to listen on; 0 picks a free one. Default 5000. */
  port?: number
  /** Interface to listen on. Default `0.0.0.0`: every IPv4 interface, so the whole network can join. */
  host?: string
  /** Fastify's logger option: `false` for none, `true` for JSON lines, or pino options. Default `false`. */
  logger?: FastifyServerOptions['logger']
  /** Publish the server on the LAN with mDNS (`_lanchat._tcp`) so the CLI can find it. Default `true`. */
  advertise?: boolean
  /** Folder with the built browser app. Default: dist/public next to the server bundle. */
  publicDirectory?: string
  /** Further options for the chat plugin (timeouts, limits). The server makes the store itself. */
  chat?: Omit<LanchatPluginOptions, 'advertise' | 'store'>
}

/** A running demo server. */
export interface RunningServer {
  app: FastifyInstance
  /** The port actually bound (useful with `port: 0`). */
  port: number
  host: string
  urls: ServerUrls
  /** The store the chat is kept in. The server owns it: {@link RunningServer.close} closes it. */
  store: LanchatStore
  /** The SQLite file the chat is kept in; undefined with `memory: true`. */
  databasePath: string | undefined
  /** Closes every socket and the server, then the store. */
  close: () => Promise<void>
}

// Vite fingerprints everything under assets/, so those files never change under their name.
const fingerprinted = /[/\\]assets[/\\]/

/**
 * Starts the demo: Fastify with the chat plugin at `/ws`, the built browser app at `/`, security headers,
 * and mDNS advertisement, keeping the chat in `<dataDir>/lanchat.db` (or in memory). Resolves once it listens. The CLI (`dist/server.js`) and the end-to-end tests
 * both start the server through this function.
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 0, host: '127.0.0.1', advertise: false, dataDir: '/tmp/chat' })
 * console.log(server.urls.local) // http://127.0.0.1:40213/
 * await server.close()
 * ```
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const { port = 5000, host = '0.0.0.0', logger = false, advertise = true } = options
  const publicDirectory = options.publicDirectory ?? findPublicDirectory()

  const opened = await openChatStore(options)
  const { store, databasePath } = opened
  const app = Fastify({ logger, logController: new QuietRequestLogs() })
  // The plugin leaves a store it was given open; the store goes after the app, once nothing can write to it.
  const close = async () => {
    try {
      await app.close()
    } finally {
      await opened.close()
    }
  }
  try {
    await app.register(fastifyHelmet, securityHeaders)
    await app.register(lanchat, { ...options.chat, advertise, store })
    // After the chat plugin: @fastify/websocket's own hooks must see a refused upgrade first, to close its socket.
    guardHost(app, options.chat?.allowedHosts)
    await app.register(fastifyStatic, {
      root: publicDirectory,
      wildcard: true,
      setHeaders: (reply, path) => {
        reply.header('cache-control', fingerprinted.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
    // The app is a single page: any other GET for a page gets index.html; everything else is a 404.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html')
      }
      return reply.code(404).send({ error: 'Not Found', message: `${request.method} ${request.url} does not exist` })
    })
    await app.listen({ port, host })
  } catch (error) {
    await close()
    throw error
  }

  const address = app.server.address()
  const boundPort = typeof address === 'object' && address !== null ? address.port : port
  return {
    app,
    port: boundPort,
    host,
    urls: serverUrls(host, boundPort),
    store,
    databasePath,
    close,
  }
}
