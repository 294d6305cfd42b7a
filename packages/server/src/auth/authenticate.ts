import type { FastifyRequest } from 'fastify'
import type { Principal } from '../chat/principal.js'

/**
 * Decides who a WebSocket upgrade request is, before the upgrade: resolve a {@link Principal}, or `undefined` to
 * refuse it with HTTP 401. A throw is logged and refused with HTTP 500. It sees the whole request: address,
 * headers, cookies.
 *
 * @example
 * ```ts
 * await app.register(lanchat, {
 *   authenticate: async (request) => {
 *     const user = await mySessions.fromCookie(request.headers.cookie)
 *     return user === undefined ? undefined : { kind: 'user', id: user.id, name: user.displayName }
 *   },
 * })
 * ```
 */
export type Authenticate = (request: FastifyRequest) => Principal | undefined | Promise<Principal | undefined>
