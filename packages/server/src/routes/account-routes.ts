import {
  AccountList,
  AccountPolicyView,
  AccountView,
  AdminFlagBody,
  AdminTargetBody,
  AuthErrorCodes,
  ClaimBody,
  DeviceSessions,
  IssuedLink,
  LoginBody,
  PasswordChangeBody,
  RecoverBody,
  RecoveryCodesBody,
  RedeemLinkBody,
  ResetBody,
  SetupBody,
  SignedIn,
} from '@lanchat/protocol'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Type, TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { AccountError } from '../accounts/account-errors.js'
import type { AccountService, SignedInRequest } from '../accounts/account-service.js'
import { deviceLabel } from '../accounts/device-label.js'
import { isOriginAllowed } from '../transport/origin-check.js'
import type { AllowedOrigins } from '../options.js'

/** The cookie a browser's account session rides in over HTTP. */
export const SESSION_COOKIE = 'lanchat_session'

/**
 * The cookie it rides in over HTTPS. A cookie set over HTTPS is `Secure`; a page over plain HTTP may neither read
 * nor replace a `Secure` cookie of the same name, so one name for both would leave a person who signed in over HTTPS
 * unable to sign in over HTTP on the same machine. With a name per scheme each address keeps its own session.
 */
export const SECURE_SESSION_COOKIE = 'lanchat_session_tls'

/** The session cookie's name for a request's scheme. */
function sessionCookieOf(request: FastifyRequest): string {
  return request.protocol === 'https' ? SECURE_SESSION_COOKIE : SESSION_COOKIE
}

/** What the accounts routes need. */
export interface AccountRoutesOptions {
  prefix: string
  accounts: AccountService
  allowedOrigins: AllowedOrigins
  /** How long the cookie lives, in ms (the session's own time to live). */
  sessionTtlMs: number
}

/** The secret a request carries: `Authorization: Bearer …`, else the session cookie. */
export function presentedToken(request: FastifyRequest): { token: string; from: 'bearer' | 'cookie' } | undefined {
  const authorization = request.headers.authorization
  if (authorization !== undefined) {
    const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(authorization)
    return match === null ? undefined : { token: match[1] as string, from: 'bearer' }
  }
  const cookie = readCookie(request.headers.cookie, sessionCookieOf(request))
  return cookie === undefined || !/^[A-Za-z0-9_-]{16,128}$/.test(cookie) ? undefined : { token: cookie, from: 'cookie' }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index !== -1 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim()
  }
  return undefined
}

/**
 * The accounts API under `${prefix}/auth`: claim, sign in and out, devices, device links, recovery, reset links,
 * setup and admin. Bodies are checked against the protocol's schemas; every refusal is
 * `{ statusCode, error, message, code }`. Browsers get the session in an `HttpOnly`, `SameSite=Lax` cookie (`Secure`
 * over HTTPS), and a request that relies on the cookie must come from an allowed origin.
 */
export function registerAccountRoutes(fastify: FastifyInstance, options: AccountRoutesOptions): void {
  const { accounts } = options
  const base = `${options.prefix}/auth`

  const setCookie = (reply: FastifyReply, request: FastifyRequest, token: string | undefined) => {
    const secure = request.protocol === 'https' ? '; Secure' : ''
    const path = options.prefix === '' ? '/' : options.prefix
    const lifetime = token === undefined ? 'Max-Age=0' : `Max-Age=${Math.floor(options.sessionTtlMs / 1000)}`
    void reply.header('set-cookie', `${sessionCookieOf(request)}=${token ?? ''}; Path=${path}; HttpOnly; SameSite=Lax; ${lifetime}${secure}`)
  }
  const device = (request: FastifyRequest, given: string | undefined) => deviceLabel(given, request.headers['user-agent'])
  const address = (request: FastifyRequest) => request.ip ?? 'unknown'

  /** The signed-in account of a request, or a 401. */
  const signedIn = async (request: FastifyRequest): Promise<SignedInRequest> => {
    const presented = presentedToken(request)
    if (presented?.from === 'cookie') checkOrigin(request, options.allowedOrigins)
    const session = presented === undefined ? undefined : await accounts.session(presented.token)
    if (session === undefined) throw new AccountError(AuthErrorCodes.UNAUTHORIZED, 'Sign in first')
    return session
  }
  /** The guest session a claim or a setup comes with (a bearer token from the `welcome`). */
  const guestToken = (request: FastifyRequest): string | undefined => {
    const presented = presentedToken(request)
    return presented?.from === 'bearer' ? presented.token : undefined
  }

  const route = <Body extends TSchema | undefined, Reply extends TSchema | undefined>(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    schemas: { body?: Body; reply?: Reply; status?: number },
    handler: (request: FastifyRequest, reply: FastifyReply, body: Body extends TSchema ? Type.Static<Body> : undefined) => Promise<unknown>,
  ) => {
    const check = schemas.body === undefined ? undefined : Compile(schemas.body)
    fastify.route({
      method,
      url: `${base}${url}`,
      handler: async (request, reply) => {
        try {
          if (check !== undefined && !check.Check(request.body)) {
            const first = check.Errors(request.body)[0]
            throw new AccountError(AuthErrorCodes.BAD_REQUEST, `Invalid request${first === undefined ? '' : `: ${first.instancePath || '/'} ${first.message}`}`)
          }
          const result = await handler(request, reply, request.body as never)
          void reply.header('cache-control', 'no-store')
          if (result === undefined) return reply.code(204).send()
          return reply.code(schemas.status ?? 200).send(result)
        } catch (error) {
          if (!(error instanceof AccountError)) throw error
          if (error.retryAfterMs !== undefined) void reply.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)))
          return reply.code(error.statusCode).send({
            statusCode: error.statusCode,
            error: error.code === AuthErrorCodes.RATE_LIMITED ? 'Too Many Requests' : httpError(error.statusCode),
            message: error.message,
            code: error.code,
          })
        }
      },
    })
  }

  route('GET', '/policy', { reply: AccountPolicyView }, () => accounts.policyView())

  route('POST', '/claim', { body: ClaimBody, reply: SignedIn, status: 201 }, async (request, reply, body) => {
    const token = guestToken(request)
    if (token === undefined) throw new AccountError(AuthErrorCodes.UNAUTHORIZED, 'Send your guest session as a bearer token')
    const result = await accounts.claim({ guestToken: token, password: body.password, device: device(request, body.device) })
    setCookie(reply, request, result.token)
    return result
  })

  route('POST', '/login', { body: LoginBody, reply: SignedIn }, async (request, reply, body) => {
    const result = await accounts.login({ name: body.name, password: body.password, device: device(request, body.device), address: address(request) })
    setCookie(reply, request, result.token)
    return result
  })

  route('POST', '/logout', {}, async (request, reply) => {
    const session = await signedIn(request).catch(() => undefined)
    if (session !== undefined) await accounts.logout(session)
    setCookie(reply, request, undefined)
    return undefined
  })

  route('GET', '/me', { reply: AccountView }, async (request) => {
    const session = await signedIn(request)
    return { id: session.account.userId, name: session.account.name, admin: session.account.admin, disabled: session.account.disabled, createdAt: session.account.createdAt }
  })

  route('GET', '/sessions', { reply: DeviceSessions }, async (request) => ({ sessions: await accounts.devices(await signedIn(request)) }))

  route('DELETE', '/sessions/:id', {}, async (request) => {
    const { id } = request.params as { id: string }
    await accounts.revoke(await signedIn(request), id)
    return undefined
  })

  route('POST', '/password', { body: PasswordChangeBody }, async (request, _reply, body) => {
    await accounts.changePassword(await signedIn(request), body.current, body.password)
    return undefined
  })

  route('POST', '/links', { reply: IssuedLink, status: 201 }, async (request) => accounts.createDeviceLink(await signedIn(request)))

  route('POST', '/links/redeem', { body: RedeemLinkBody, reply: SignedIn }, async (request, reply, body) => {
    const result = await accounts.redeemDeviceLink(body.token, device(request, body.device))
    setCookie(reply, request, result.token)
    return result
  })

  route('POST', '/recover', { body: RecoverBody, reply: SignedIn }, async (request, reply, body) => {
    const result = await accounts.recover({ ...body, device: device(request, body.device), address: address(request) })
    setCookie(reply, request, result.token)
    return result
  })

  route('POST', '/recovery-codes', { body: RecoveryCodesBody }, async (request, _reply, body) => ({
    recoveryCodes: await accounts.newRecoveryCodes(await signedIn(request), body.password),
  }))

  route('POST', '/reset', { body: ResetBody, reply: SignedIn }, async (request, reply, body) => {
    const result = await accounts.reset(body.token, body.password, device(request, body.device))
    setCookie(reply, request, result.token)
    return result
  })

  route('POST', '/setup', { body: SetupBody, reply: SignedIn, status: 201 }, async (request, reply, body) => {
    const result = await accounts.setup({ ...body, guestToken: guestToken(request), device: device(request, body.device) })
    setCookie(reply, request, result.token)
    return result
  })

  route('GET', '/admin/accounts', { reply: AccountList }, async (request) => ({ accounts: await accounts.list(await signedIn(request)) }))

  route('POST', '/admin/reset-links', { body: AdminTargetBody, reply: IssuedLink, status: 201 }, async (request, _reply, body) =>
    accounts.issueResetLink(await signedIn(request), body.name),
  )

  route('POST', '/admin/admin', { body: AdminFlagBody, reply: AccountView }, async (request, _reply, body) =>
    accounts.setAdmin(await signedIn(request), body.name, body.value),
  )

  route('POST', '/admin/disabled', { body: AdminFlagBody, reply: AccountView }, async (request, _reply, body) =>
    accounts.setDisabled(await signedIn(request), body.name, body.value),
  )

  route('POST', '/admin/delete', { body: AdminTargetBody }, async (request, _reply, body) => {
    await accounts.remove(await signedIn(request), body.name)
    return undefined
  })
}

/** A request that rides on the cookie must come from a page this server allows (against cross-site requests). */
function checkOrigin(request: FastifyRequest, allowedOrigins: AllowedOrigins): void {
  const origin = request.headers.origin
  if (origin === undefined) return
  let allowed = false
  try {
    allowed = isOriginAllowed(origin, request.headers.host, allowedOrigins)
  } catch {
    allowed = false
  }
  if (!allowed) throw new AccountError(AuthErrorCodes.FORBIDDEN, 'This page may not act on your account')
}

function httpError(statusCode: number): string {
  const names: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 503: 'Service Unavailable' }
  return names[statusCode] ?? 'Error'
}
