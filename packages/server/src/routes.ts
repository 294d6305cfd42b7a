import type { FastifyInstance } from 'fastify'
import { acceptConnection, type AcceptContext } from './transport/accept-connection.js'
import { isOriginAllowed } from './transport/origin-check.js'
import type { ResolvedOptions } from './options.js'

/**
 * The chat socket at `${prefix}/ws`. The origin check runs in `onRequest`, before the upgrade, so a refused
 * browser gets a plain HTTP 403 rather than a socket that opens and closes.
 */
export function registerRoutes(fastify: FastifyInstance, options: ResolvedOptions, context: AcceptContext): void {
  fastify.get(
    `${options.prefix}/ws`,
    {
      websocket: true,
      onRequest(request, reply, done) {
        let allowed: boolean
        try {
          allowed = isOriginAllowed(request.headers.origin, request.headers.host, options.allowedOrigins)
        } catch (error) {
          context.log.error({ err: error }, 'lanchat allowedOrigins function threw; refusing the connection')
          allowed = false
        }
        if (allowed) {
          done()
          return
        }
        context.log.info({ origin: request.headers.origin }, 'lanchat refused a connection from a foreign origin')
        void reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: 'This origin may not connect' })
      },
    },
    (socket) => acceptConnection(socket, context),
  )
}
