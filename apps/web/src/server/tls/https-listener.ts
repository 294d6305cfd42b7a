import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'

/** HTTPS could not listen on its port; the message says why and what to do. */
export class HttpsListenError extends Error {
  override readonly name = 'HttpsListenError'
  readonly code = 'LANCHAT_ERR_WEB_HTTPS_LISTEN'
}

/** An HTTPS server that hands every request and socket upgrade to a Fastify app that listens on HTTP. */
export interface HttpsListener {
  server: Server
  /** The port actually bound. */
  port: number
  /** Whether the port asked for was busy and another was taken (only with `fallbackToFreePort`). */
  movedFromBusyPort: boolean
  /** Stops accepting connections and ends those still open. Call after `app.close()`. */
  close(): Promise<void>
}

/** Options of {@link listenHttps}. */
export interface ListenHttpsOptions {
  key: string
  cert: string
  port: number
  host: string
  /** Take a free port when `port` is in use, instead of failing (for a port that was only a default). */
  fallbackToFreePort?: boolean
}

/**
 * Serves an already listening Fastify app over HTTPS as well, on a second port.
 *
 * Why a second `https.Server` in front of the same app, and not a second Fastify: the chat must stay one server, with
 * one chat core, one set of rooms and presence, and one store, so people on HTTP and on HTTPS chat together. Fastify
 * does exactly this itself when it listens on several addresses (its "secondary servers" in lib/server.js): each
 * extra server gets the app's request handler (`app.routing`, the same function Fastify gives its own server) and
 * re-emits `upgrade` on `app.server`, where @fastify/websocket accepts sockets. Every route, hook, the host guard, the
 * security headers and the chat socket are therefore shared; `request.protocol` is `https` on this port, so session
 * cookies get `Secure` and the CSP allows `wss:` there. (A `serverFactory` would do the same but replace how Fastify
 * makes its main server; HTTP/2 with `allowHTTP1` cannot serve plain HTTP, which must stay the default.)
 *
 * @example
 * ```ts
 * await app.listen({ port: 5000, host: '0.0.0.0' })
 * const https = await listenHttps(app, { key, cert, port: 5001, host: '0.0.0.0' })
 * ```
 */
export async function listenHttps(app: FastifyInstance, options: ListenHttpsOptions): Promise<HttpsListener> {
  const server = createServer({ key: options.key, cert: options.cert }, (request, response) => app.routing(request, response))
  // The same timeouts as the app's own server.
  server.keepAliveTimeout = app.server.keepAliveTimeout
  server.requestTimeout = app.server.requestTimeout
  server.headersTimeout = app.server.headersTimeout
  server.on('upgrade', (request, socket, head) => app.server.emit('upgrade', request, socket, head))
  // A device without the CA refuses the certificate: normal on a LAN, worth a debug line only.
  server.on('tlsClientError', (error) => app.log.debug({ err: error }, 'a TLS handshake failed (a device that does not trust the lanchat CA yet?)'))
  server.on('clientError', (_error, socket) => socket.destroy())

  let movedFromBusyPort = false
  try {
    await listen(server, options.port, options.host)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (options.fallbackToFreePort === true && code === 'EADDRINUSE') {
      await listen(server, 0, options.host)
      movedFromBusyPort = true
    } else if (code === 'EADDRINUSE') {
      throw new HttpsListenError(
        `port ${options.port} for HTTPS is already in use by another program.\n  Choose another with --https-port, or serve HTTP only with --no-https.`,
        { cause: error },
      )
    } else if (code === 'EACCES') {
      throw new HttpsListenError(
        `not allowed to listen on port ${options.port} for HTTPS. Ports below 1024 need extra rights; choose a higher one with --https-port.`,
        { cause: error },
      )
    } else {
      throw error
    }
  }
  server.on('error', (error) => app.log.error({ err: error }, 'the HTTPS server failed'))
  const port = (server.address() as AddressInfo).port
  return {
    server,
    port,
    movedFromBusyPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // The chat's sockets were closed (going away) by app.close(); what is left are idle or slow HTTP requests.
        server.closeAllConnections()
      }),
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
}
