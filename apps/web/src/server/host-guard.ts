import { createHostCheck, type AllowedHosts } from '@lanchat/server'
import type { FastifyInstance } from 'fastify'

/**
 * Refuses every request (pages, files, the socket) whose `Host` is not one of this server's own names or addresses,
 * with HTTP 403: the same rule as the chat socket's (`allowedHosts` of `@lanchat/server`). Against DNS rebinding,
 * where a foreign page points its own name at this server to read the chat from a visitor's browser.
 *
 * @example
 * ```ts
 * guardHost(app, ['chat.example'])
 * ```
 */
export function guardHost(app: FastifyInstance, allowedHosts: AllowedHosts = 'auto'): void {
  const hostAllowed = createHostCheck(allowedHosts)
  app.addHook('onRequest', (request, reply, done) => {
    // `inject` and `injectWS` come from inside the process, without a socket and usually without a Host.
    if ((request.headers.host === undefined && request.raw.socket === undefined) || hostAllowed(request.headers.host)) {
      done()
      return
    }
    request.log.info({ host: request.headers.host }, 'refused a request for a host name that is not this server')
    void reply.code(403).type('text/plain; charset=utf-8').send('This host name is not allowed here.\n')
  })
}
