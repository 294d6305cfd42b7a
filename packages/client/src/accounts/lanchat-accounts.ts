import {
  AuthErrorCodes,
  type AccountList,
  type AccountPolicyView,
  type AccountView,
  type AuthErrorCode,
  type DeviceSession,
  type IssuedLink,
  type SignedIn,
} from '@lanchat/protocol'
import { ClientErrorCodes } from '../errors/client-error-codes.js'
import { LanchatAccountError } from '../errors/lanchat-account-error.js'
import { LanchatCertificateError } from '../errors/lanchat-certificate-error.js'
import { LanchatConnectionError } from '../errors/lanchat-connection-error.js'
import { loadNodeTls } from '../node-tls-loader.js'
import type { LanchatTlsOptions } from '../tls/tls-options.js'

/** Options of {@link LanchatAccounts}. */
export interface LanchatAccountsOptions {
  /**
   * The chat server: its socket URL (`ws://192.168.1.20:5000/ws`, as given to `LanchatClient`) or its web address
   * (`http://192.168.1.20:5000`, with the plugin's prefix if any).
   */
  url: string
  /**
   * An account session token, for Node (CLI, bots): sent as `Authorization: Bearer`. Every sign-in through this
   * object sets it. Browsers leave it out: the server's `HttpOnly` cookie does the job.
   */
  token?: string | undefined
  /** The `fetch` to use. Default: the runtime's (or, with `tls`, one over `node:https` that trusts what `tls` says). */
  fetch?: typeof fetch
  /** How to trust an `https://` server in Node, as `LanchatClient`'s `tls` option (pin or CA). Node only. */
  tls?: LanchatTlsOptions | undefined
}

/** What a sign-in may say about the device, for the person's device list. */
export interface DeviceOptions {
  /** "lanchat CLI on pi4"; browsers are named from their User-Agent when left out. */
  device?: string
}

/** The server's accounts API below the socket URL's prefix: `ws://host/chat/ws` → `http://host/chat/auth`. */
export function accountsBaseUrl(url: string): string {
  const parsed = new URL(url)
  parsed.protocol = parsed.protocol === 'wss:' || parsed.protocol === 'https:' ? 'https:' : 'http:'
  const path = parsed.pathname.replace(/\/ws\/?$/, '').replace(/\/$/, '')
  return `${parsed.origin}${path}/auth`
}

/**
 * The accounts API of a lanchat server (`<prefix>/auth`), typed from the protocol: claim a guest's name with a
 * password, sign in and out, list and sign out devices, link a device, recover with a code or an admin's reset
 * link, set up the first admin, and the admin actions. Errors reject as {@link LanchatAccountError}.
 *
 * @example
 * ```ts
 * const accounts = new LanchatAccounts({ url: 'ws://192.168.1.20:5000/ws' })
 * const { token } = await accounts.login('Maria', 'correct horse battery staple', { device: 'my bot' })
 * const client = new LanchatClient({ url: 'ws://192.168.1.20:5000/ws', name: 'Maria', token })
 * ```
 */
export class LanchatAccounts {
  readonly #base: string
  readonly #fetch: typeof fetch
  #token: string | undefined

  constructor(options: LanchatAccountsOptions) {
    this.#base = accountsBaseUrl(options.url)
    const tls = options.tls
    let pinned: Promise<typeof fetch> | undefined
    this.#fetch =
      options.fetch ??
      (tls === undefined
        ? globalThis.fetch.bind(globalThis)
        : async (input, init) => (await (pinned ??= loadNodeTls().then((module) => new module.TlsTrust(options.url, tls).fetch())))(input, init))
    this.#token = options.token
  }

  /** The account session token of the last sign-in (or the one given), for `LanchatClient`'s `token` option. */
  get token(): string | undefined {
    return this.#token
  }

  /** Whether the server allows guests, and whether it has an admin yet. */
  policy(): Promise<AccountPolicyView> {
    return this.#call('GET', '/policy')
  }

  /**
   * Makes the guest's current name an account (same user id, history and rooms) and signs in. `guestSession` is
   * `client.session` of that guest. The reply holds one-time `recoveryCodes`: show them once, and only then.
   */
  claim(guestSession: string, password: string, options: DeviceOptions = {}): Promise<SignedIn> {
    return this.#signIn('/claim', { password, ...options }, guestSession)
  }

  login(name: string, password: string, options: DeviceOptions = {}): Promise<SignedIn> {
    return this.#signIn('/login', { name, password, ...options })
  }

  /** Signs this session out; its sockets close with `SIGNED_OUT`. */
  async logout(): Promise<void> {
    await this.#call('POST', '/logout')
    this.#token = undefined
  }

  me(): Promise<AccountView> {
    return this.#call('GET', '/me')
  }

  async devices(): Promise<DeviceSession[]> {
    return (await this.#call<{ sessions: DeviceSession[] }>('GET', '/sessions')).sessions
  }

  /** Signs one device out (an `id` from {@link devices}). */
  async revokeDevice(id: string): Promise<void> {
    await this.#call('DELETE', `/sessions/${encodeURIComponent(id)}`)
  }

  /** Changes the password; every other device is signed out. */
  async changePassword(current: string, password: string): Promise<void> {
    await this.#call('POST', '/password', { current, password })
  }

  /** A one-time link (5 minutes) that signs another device in: show `path` after the server's address, or as a QR code. */
  createDeviceLink(): Promise<IssuedLink> {
    return this.#call('POST', '/links')
  }

  redeemDeviceLink(token: string, options: DeviceOptions = {}): Promise<SignedIn> {
    return this.#signIn('/links/redeem', { token, ...options })
  }

  /** Signs in with a recovery code and sets a new password; every other device is signed out. */
  recover(name: string, code: string, password: string, options: DeviceOptions = {}): Promise<SignedIn> {
    return this.#signIn('/recover', { name, code, password, ...options })
  }

  /** New recovery codes (the old ones stop working), after the password again. */
  async newRecoveryCodes(password: string): Promise<string[]> {
    return (await this.#call<{ recoveryCodes: string[] }>('POST', '/recovery-codes', { password })).recoveryCodes
  }

  /** Sets a new password with an admin's reset link, and signs in. */
  reset(token: string, password: string, options: DeviceOptions = {}): Promise<SignedIn> {
    return this.#signIn('/reset', { token, password, ...options })
  }

  /**
   * Makes the first admin with the setup link the server printed: the guest of `guestSession` (their name), or a
   * new account named `name`.
   */
  setup(token: string, password: string, options: DeviceOptions & { name?: string; guestSession?: string } = {}): Promise<SignedIn> {
    const { guestSession, ...body } = options
    return this.#signIn('/setup', { token, password, ...body }, guestSession)
  }

  // ---- Admin ----

  async listAccounts(): Promise<AccountView[]> {
    return (await this.#call<AccountList>('GET', '/admin/accounts')).accounts
  }

  /** A one-time password reset link for an account (24 hours): hand it to its owner. */
  issueResetLink(name: string): Promise<IssuedLink> {
    return this.#call('POST', '/admin/reset-links', { name })
  }

  setAdmin(name: string, admin: boolean): Promise<AccountView> {
    return this.#call('POST', '/admin/admin', { name, value: admin })
  }

  /** Disables an account (its devices are signed out) or enables it again. */
  setDisabled(name: string, disabled: boolean): Promise<AccountView> {
    return this.#call('POST', '/admin/disabled', { name, value: disabled })
  }

  /** Deletes an account: the person is a guest again, signed out everywhere. */
  async deleteAccount(name: string): Promise<void> {
    await this.#call('POST', '/admin/delete', { name })
  }

  async #signIn(path: string, body: object, bearer?: string): Promise<SignedIn> {
    const signedIn = await this.#call<SignedIn>('POST', path, body, bearer)
    this.#token = signedIn.token
    return signedIn
  }

  async #call<Reply>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object, bearer: string | undefined = this.#token): Promise<Reply> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`
    let response: Response
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    } catch (error) {
      if (LanchatCertificateError.isInstance(error)) throw error
      throw new LanchatConnectionError({
        code: ClientErrorCodes.CONNECTION_FAILED,
        message: `Cannot reach ${this.#base}: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      })
    }
    if (response.status === 204) return undefined as Reply
    const payload = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined
    if (response.ok && payload !== undefined) return payload as Reply
    const retryAfter = Number(response.headers.get('retry-after'))
    const code = typeof payload?.code === 'string' && payload.code in AuthErrorCodes ? (payload.code as AuthErrorCode) : statusCode(response.status)
    throw new LanchatAccountError({
      code,
      status: response.status,
      message: typeof payload?.message === 'string' ? payload.message : `The server answered ${response.status}`,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    })
  }
}

/** A code for a reply without one (a proxy's error page, a server without accounts). */
function statusCode(status: number): AuthErrorCode {
  if (status === 401) return AuthErrorCodes.UNAUTHORIZED
  if (status === 403) return AuthErrorCodes.FORBIDDEN
  if (status === 404) return AuthErrorCodes.NOT_FOUND
  if (status === 429) return AuthErrorCodes.RATE_LIMITED
  if (status >= 500) return AuthErrorCodes.UNAVAILABLE
  return AuthErrorCodes.BAD_REQUEST
}
