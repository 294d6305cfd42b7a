import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fastifyHelmet from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import lanchat, { type LanchatPluginOptions, type LanchatStore } from '@lanchat/server'
import { X509Certificate } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import { defaultDataDirectory, prepareDataDirectory } from './data-directory.js'
import { guardHost } from './host-guard.js'
import { openChatStore, type ChatStoreOptions } from './open-chat-store.js'
import { findPublicDirectory } from './public-directory.js'
import { QuietRequestLogs } from './request-logs.js'
import { securityHeaders } from './security-headers.js'
import { serverUrls, type ServerUrls } from './server-urls.js'
import { machineCertificateNames } from './tls/certificate-names.js'
import { listenHttps, type HttpsListener } from './tls/https-listener.js'
import { prepareLanTls, type LanTls } from './tls/lan-tls.js'
import { registerTrustPage, TRUST_PATH } from './trust-page.js'

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
  /**
   * Serve HTTPS beside HTTP, with a certificate from the server's own certificate authority (kept in
   * `<dataDir>/tls`, or in memory with `memory`). Undefined (the default here; the CLI turns it on): HTTP only.
   */
  https?: StartHttpsOptions | undefined
}

/** Options of the HTTPS listener of {@link startServer}. */
export interface StartHttpsOptions {
  /**
   * Port for HTTPS; 0 picks a free one. Default: the HTTP port + 1 (5001), or a free port when the HTTP port is 0;
   * when that default is taken, a free port too (a port given here that is taken fails the start).
   */
  port?: number | undefined
}

/** The HTTPS side of a running server. */
export interface RunningHttps {
  /** The port actually bound. */
  port: number
  urls: ServerUrls
  /** Whether the default port was taken, so another was used. */
  movedFromBusyPort: boolean
  /** The certificate authority and the server certificate in use. */
  tls: LanTls
}

/** A running demo server. */
export interface RunningServer {
  app: FastifyInstance
  /** The port actually bound (useful with `port: 0`). */
  port: number
  host: string
  urls: ServerUrls
  /** HTTPS, when it was asked for. */
  https: RunningHttps | undefined
  /** The trust page over HTTP (`http://…/trust`), which explains how to install the certificate authority. */
  trustUrl: string
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
  let httpsListener: HttpsListener | undefined
  let tls: LanTls | undefined
  // The plugin leaves a store it was given open; the store goes after the app, once nothing can write to it.
  const close = async () => {
    try {
      await app.close()
      await httpsListener?.close()
    } finally {
      await opened.close()
    }
  }
  try {
    if (options.https !== undefined) {
      tls = await prepareTls(options)
      const { change } = tls
      if (change.authority === 'created') app.log.info({ directory: tls.directory }, 'made a new certificate authority for HTTPS')
      else if (change.server === 'issued') app.log.info({ reason: change.reason }, 'issued a new HTTPS certificate')
    }
    await app.register(fastifyHelmet, securityHeaders)
    await app.register(lanchat, { ...options.chat, advertise, store })
    // After the chat plugin: @fastify/websocket's own hooks must see a refused upgrade first, to close its socket.
    guardHost(app, options.chat?.allowedHosts)
    registerTrustPage(app, { https: tls === undefined ? undefined : trustPageFacts(tls, () => httpsListener?.port ?? 0) })
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
    if (tls !== undefined) {
      const boundHttpPort = (app.server.address() as AddressInfo).port
      const askedPort = options.https?.port
      httpsListener = await listenHttps(app, {
        key: tls.server.key,
        // The chain with its root: browsers ignore the root, but a client pinning the CA by the fingerprint the
        // banner prints (the CLI, the SDK's `tls.pin`) finds it in what the server sends before trusting anything.
        cert: `${tls.server.cert.trimEnd()}\n${tls.authority.cert.trimEnd()}\n`,
        host,
        port: askedPort ?? (port === 0 ? 0 : boundHttpPort + 1),
        fallbackToFreePort: askedPort === undefined,
      })
      app.log.info({ port: httpsListener.port }, `HTTPS listening on port ${httpsListener.port}, beside HTTP`)
    }
  } catch (error) {
    await close()
    throw error
  }

  const address = app.server.address()
  const boundPort = typeof address === 'object' && address !== null ? address.port : port
  const urls = serverUrls(host, boundPort)
  return {
    app,
    port: boundPort,
    host,
    urls,
    https:
      httpsListener === undefined || tls === undefined
        ? undefined
        : { port: httpsListener.port, urls: serverUrls(host, httpsListener.port, 'https'), movedFromBusyPort: httpsListener.movedFromBusyPort, tls },
    trustUrl: `${urls.network[0] ?? urls.local}${TRUST_PATH.slice(1)}`,
    store,
    databasePath,
    close,
  }
}

/** The certificate authority and server certificate for this start: kept in the data directory, or in memory. */
async function prepareTls(options: StartServerOptions): Promise<LanTls> {
  let dataDir: string | undefined
  if (options.memory !== true) {
    // With PostgreSQL the chat lives elsewhere, but the certificate authority still belongs to this machine.
    dataDir = options.dataDir ?? defaultDataDirectory()
    prepareDataDirectory(dataDir)
  }
  const allowed = options.chat?.allowedHosts
  const extraNames = Array.isArray(allowed) ? allowed.filter((name: string) => !name.startsWith('.')) : []
  return prepareLanTls({ dataDir, names: machineCertificateNames({ extraNames }), authorityName: hostname() })
}

function trustPageFacts(tls: LanTls, port: () => number) {
  const authority = new X509Certificate(tls.authority.cert)
  return {
    get port() {
      return port()
    },
    authorityPem: tls.authority.cert,
    fingerprint256: tls.authorityFacts.fingerprint256,
    fingerprint1: authority.fingerprint,
    authorityName: /CN=([^\n]+)/.exec(authority.subject)?.[1] ?? 'lanchat CA',
  }
}
