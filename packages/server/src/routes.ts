import { DisplayName, UserId } from '@lanchat/protocol'
import { Compile } from 'typebox/compile'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AccountService } from './accounts/account-service.js'
import { presentedToken } from './routes/account-routes.js'
import { GUEST, type Principal } from './chat/principal.js'
import { acceptConnection, type AcceptContext } from './transport/accept-connection.js'
import { CONNECTION_RETRY_AFTER_S } from './transport/connection-limits.js'
import { createHostCheck } from './transport/host-check.js'
import { isOriginAllowed } from './transport/origin-check.js'
import type { ResolvedOptions } from './options.js'

const userIdCheck = Compile(UserId)
const nameCheck = Compile(DisplayName)

/** The principal `authenticate` found for each upgrade request, until the socket takes it over. */
const principals = new WeakMap<FastifyRequest, Principal>()
/** The account session each signed-in upgrade request came with. */
const credentials = new WeakMap<FastifyRequest, string>()

/** The address an upgrade comes from, for the per-address caps (`request.ip` honours the app's `trustProxy`). */
function addressOf(request: FastifyRequest): string {
  // Under `injectWS` the request has no socket, so neither an ip.
  return request.ip ?? (request.socket as { remoteAddress?: string } | undefined)?.remoteAddress ?? 'unknown'
}

/**
 * The chat socket at `${prefix}/ws`. The host check, the connection caps, the origin check and the host's
 * `authenticate` run before the upgrade, so a refused client gets a plain HTTP 429, 503, 403 or 401 rather than a socket that opens and closes.
 */
export function registerRoutes(
  fastify: FastifyInstance,
  options: ResolvedOptions,
  accounts: AccountService | undefined,
  context: AcceptContext,
): void {
  const hostAllowed = createHostCheck(options.allowedHosts)
  fastify.get(
    `${options.prefix}/ws`,
    {
      websocket: true,
      onRequest(request, reply, done) {
        // DNS rebinding: a page on a foreign name pointed at this server's address. Refused before anything else.
        // `app.injectWS` sends no Host, but neither does it come over a socket: nothing to rebind there.
        const inProcess = request.headers.host === undefined && request.raw.socket === undefined
        if (!inProcess && !hostAllowed(request.headers.host)) {
          context.log.info({ host: request.headers.host }, 'lanchat refused a connection for a host name that is not its own')
          void reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: 'This host name is not allowed here' })
          return
        }
        const refusal = context.limits.refusal(addressOf(request))
        if (refusal !== undefined) {
          const [statusCode, error, message] =
            refusal === 'address'
              ? ([429, 'Too Many Requests', 'Too many connections from your address; retry later'] as const)
              : ([503, 'Service Unavailable', 'The chat server is full; retry later'] as const)
          context.log.warn({ address: addressOf(request), refusal }, 'lanchat refused a connection over its cap')
          void reply.code(statusCode).header('retry-after', String(CONNECTION_RETRY_AFTER_S)).send({ statusCode, error, message })
          return
        }
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
      async preValidation(request, reply) {
        if (accounts !== undefined) return signInOnUpgrade(request, reply, accounts)
        const authenticate = options.authenticate
        if (authenticate === undefined) return
        let principal: Principal | undefined
        try {
          principal = await authenticate(request)
        } catch (error) {
          request.log.error({ err: error }, 'lanchat authenticate threw; refusing the connection')
          return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Authentication failed' })
        }
        if (principal === undefined) {
          return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'Sign in to chat here' })
        }
        if (!isPrincipal(principal)) {
          // A bug in the host's code, not the client's fault: refused like a throw, and never let onto the wire.
          request.log.error({ principal }, 'lanchat authenticate returned something that is not a principal; refusing the connection')
          return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Authentication failed' })
        }
        principals.set(request, principal)
        return undefined
      },
    },
    (socket, request) =>
      acceptConnection(socket, context, {
        principal: principals.get(request) ?? GUEST,
        credential: credentials.get(request),
        log: request.log,
        address: addressOf(request),
      }),
  )
}

/**
 * lanchat's own accounts on the upgrade: a session (bearer token, else cookie) makes the connection that account's.
 * A bearer token that is not a live session is refused with 401, so a signed-out CLI says so instead of chatting
 * as a guest; a stale cookie just leaves a guest. Under `accounts-only`, a guest is refused with 401.
 */
async function signInOnUpgrade(request: FastifyRequest, reply: FastifyReply, accounts: AccountService): Promise<unknown> {
  const presented = presentedToken(request)
  let signedIn
  try {
    signedIn = presented === undefined ? undefined : await accounts.session(presented.token)
  } catch (error) {
    request.log.error({ err: error }, 'lanchat could not check a session; refusing the connection')
    return reply.code(503).send({ statusCode: 503, error: 'Service Unavailable', message: 'Sign-in is not available; retry in a moment' })
  }
  if (signedIn !== undefined) {
    principals.set(request, accounts.principalOf(signedIn))
    credentials.set(request, signedIn.credential.tokenHash)
    return undefined
  }
  if (presented?.from === 'bearer') {
    return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'This session has ended; sign in again' })
  }
  if (accounts.policy === 'accounts-only') {
    return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'Sign in to chat here' })
  }
  return undefined
}

/** A guest, or a user whose id and name the wire can carry (they go out in `welcome` and to every room). */
function isPrincipal(value: unknown): value is Principal {
  if (typeof value !== 'object' || value === null) return false
  const principal = value as { kind?: unknown; id?: unknown; name?: unknown }
  if (principal.kind === 'guest') return true
  return principal.kind === 'user' && userIdCheck.Check(principal.id) && (principal.name === undefined || nameCheck.Check(principal.name))
}
