import type { IncomingMessage } from 'node:http'
import type { FastifyHelmetOptions } from '@fastify/helmet'

// A Host header is only trusted into the CSP when it looks like a host name or address and a port.
const plausibleHost = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

/**
 * The chat socket's own origin for `connect-src`. CSP3 lets `'self'` cover ws: on the same host, but
 * older Safari does not, so the exact ws:/wss: URL of the request's host is added as well.
 */
function sameHostSocket(request: IncomingMessage): string {
  const host = request.headers.host
  if (host === undefined || !plausibleHost.test(host)) return "'self'"
  const secure = 'encrypted' in request.socket && request.socket.encrypted === true
  return `${secure ? 'wss' : 'ws'}://${host}`
}

/**
 * @fastify/helmet options for the demo: everything from this server only, no inline script, no eval,
 * images also from `data:` (the room QR code). Served over plain http on a LAN, so no HSTS and no
 * `upgrade-insecure-requests`, which would send the browser to an https port nobody listens on.
 *
 * @example
 * ```ts
 * await app.register(helmet, securityHeaders)
 * ```
 */
export const securityHeaders: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", (request) => sameHostSocket(request as IncomingMessage)],
      manifestSrc: ["'self'"],
      mediaSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      scriptSrcAttr: ["'none'"],
    },
  },
  hsts: false,
  // Links in messages open other sites; they must not learn which chat they came from.
  referrerPolicy: { policy: 'no-referrer' },
}
