import { randomInt } from 'node:crypto'
import {
  AuthErrorCodes,
  checkDisplayName,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  textLength,
  type AccountPolicyView,
  type AccountView,
  type DeviceSession,
  type IssuedLink,
  type SignedIn,
} from '@lanchat/protocol'
import { hashToken, newToken } from '../auth/tokens.js'
import { AddressBudget } from '../chat/address-budget.js'
import type { Principal } from '../chat/principal.js'
import type { LanchatStore, StoredAccount, StoredCredential } from '../store/store.js'
import { AccountError, invalidCredentials } from './account-errors.js'
import { accountNameKey } from './account-name.js'
import { HasherBusyError, PasswordHasher } from './password-hasher.js'

/** Who may chat: `guests` (anyone; a guest may claim their name) or `accounts-only` (sign in first). */
export type AccountPolicy = 'guests' | 'accounts-only'

/** Which connections to close when sessions end (see `ChatCore.signOut`). */
export interface SignOutRequest {
  userId?: string
  credential?: string
  exceptCredential?: string
}

/** What the account service needs around it. */
export interface AccountServiceOptions {
  store: LanchatStore
  policy: AccountPolicy
  /** How long an account session lasts after it was last used. Default 30 days. */
  sessionTtlMs?: number
  hasher?: PasswordHasher
  /** Closes the sockets of sessions that ended. */
  signOut: (request: SignOutRequest) => void
  /** A connected guest just became an account. */
  markAccount: (userId: string) => void
}

/** A signed-in request: the account session and its account. */
export interface SignedInRequest {
  readonly credential: StoredCredential
  readonly account: StoredAccount
}

const DEFAULT_SESSION_TTL_MS = 30 * 24 * 3_600_000
const LINK_TTL_MS = 5 * 60_000
const RESET_TTL_MS = 24 * 3_600_000
const SETUP_TTL_MS = 7 * 24 * 3_600_000
/** A session's last use is written at most this often. */
const TOUCH_INTERVAL_MS = 3_600_000
const RECOVERY_CODE_COUNT = 10
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const SESSION_ID_LENGTH = 16
/** Guesses per account name: a burst, then one a minute. The owner is slowed while under attack, never locked out. */
const ATTEMPTS_PER_ACCOUNT = { perSecond: 1 / 60, burst: 10 }
/** Guesses per address, over every name. */
const ATTEMPTS_PER_ADDRESS = { perSecond: 0.2, burst: 30 }

/**
 * lanchat's own accounts: claiming a name with a password, signing in and out, devices, device links, recovery
 * codes, admin reset links, the first admin's setup link, and admin actions. It knows nothing of HTTP (the routes
 * translate) or sockets (it asks the chat core to close them through `signOut`).
 *
 * Security choices: argon2id hashes with the OWASP parameters, computed a few at a time; secrets kept as sha256
 * hashes; a failed sign-in gives one answer and costs one hash whether the name exists or not; failures are
 * budgeted per name and per address.
 *
 * @example
 * ```ts
 * const accounts = new AccountService({ store, policy: 'guests', signOut: (request) => core.signOut(request), markAccount })
 * const { token } = await accounts.login({ name: 'Maria', password: '…', device: 'Firefox on Linux', address })
 * ```
 */
export class AccountService {
  readonly #store: LanchatStore
  readonly #policy: AccountPolicy
  readonly #sessionTtlMs: number
  readonly #hasher: PasswordHasher
  readonly #signOut: AccountServiceOptions['signOut']
  readonly #markAccount: AccountServiceOptions['markAccount']
  readonly #byName = new AddressBudget(ATTEMPTS_PER_ACCOUNT)
  readonly #byAddress = new AddressBudget(ATTEMPTS_PER_ADDRESS)
  /** A hash of nothing, checked when a name has no account, so that answer takes as long as a wrong password. */
  #decoy: Promise<string> | undefined

  constructor(options: AccountServiceOptions) {
    this.#store = options.store
    this.#policy = options.policy
    this.#sessionTtlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS
    this.#hasher = options.hasher ?? new PasswordHasher()
    this.#signOut = options.signOut
    this.#markAccount = options.markAccount
  }

  get policy(): AccountPolicy {
    return this.#policy
  }

  /**
   * Makes a one-time setup link for the first admin when the server has none yet; resolves with its secret (to print
   * in the server's console), or undefined when an admin exists.
   */
  async setupToken(): Promise<string | undefined> {
    if (await this.#hasAdmin()) return undefined
    const token = newToken()
    const now = Date.now()
    await this.#store.credentials.create({
      tokenHash: hashToken(token),
      kind: 'setup',
      userId: undefined,
      label: undefined,
      createdAt: now,
      expiresAt: now + SETUP_TTL_MS,
      lastUsedAt: now,
    })
    return token
  }

  async policyView(): Promise<AccountPolicyView> {
    return {
      policy: this.#policy,
      hasAdmin: await this.#hasAdmin(),
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    }
  }

  /** The account session a token stands for, or undefined (unknown, expired, or its account is gone or disabled). */
  async session(token: string): Promise<SignedInRequest | undefined> {
    const now = Date.now()
    const credential = await this.#store.credentials.get(hashToken(token), now)
    if (credential?.kind !== 'session' || credential.userId === undefined) return undefined
    const account = await this.#store.accounts.get(credential.userId)
    if (account === undefined || account.disabled) return undefined
    if (now - credential.lastUsedAt > TOUCH_INTERVAL_MS) {
      await this.#store.credentials.touch(credential.tokenHash, now, now + this.#sessionTtlMs)
    }
    return { credential, account }
  }

  /** The principal of a chat connection signed in with this account session. */
  principalOf(signedIn: SignedInRequest): Principal {
    return { kind: 'user', id: signedIn.account.userId, name: signedIn.account.name, account: true }
  }

  /**
   * Whether a name may be used by this user: a guest may not take a name that reads as an account's. An account
   * renaming itself takes the new name for its account too. Resolves with a reason to refuse, or undefined.
   */
  async checkName(userId: string, name: string): Promise<string | undefined> {
    const nameKey = accountNameKey(name)
    const holder = await this.#store.accounts.byNameKey(nameKey)
    if (holder !== undefined && holder.userId !== userId) {
      return `The name "${name}" belongs to an account here; sign in to use it, or pick another`
    }
    const own = await this.#store.accounts.get(userId)
    if (own !== undefined && own.name !== name) {
      const updated = await this.#store.accounts.update(userId, { name, nameKey })
      if (updated === false) return `The name "${name}" belongs to an account here; pick another`
    }
    return undefined
  }

  /** A guest makes their current name an account: same user id, history and rooms. */
  async claim(request: { guestToken: string; password: string; device: string }): Promise<SignedIn> {
    const guest = await this.#store.sessions.get(hashToken(request.guestToken), Date.now())
    if (guest === undefined) throw new AccountError(AuthErrorCodes.UNAUTHORIZED, 'Connect as a guest first, then claim your name')
    const user = await this.#store.users.get(guest.userId)
    if (user === undefined) throw new AccountError(AuthErrorCodes.UNAUTHORIZED, 'Connect as a guest first, then claim your name')
    if ((await this.#store.accounts.get(user.id)) !== undefined) {
      throw new AccountError(AuthErrorCodes.ALREADY_CLAIMED, 'Your name is an account already; sign in')
    }
    return this.#createAccount({ userId: user.id, name: user.name, password: request.password, admin: false, device: request.device })
  }

  /** Signs in with name and password. */
  async login(request: { name: string; password: string; device: string; address: string }): Promise<SignedIn> {
    const nameKey = accountNameKey(request.name)
    this.#checkAttempts(nameKey, request.address)
    const account = await this.#store.accounts.byNameKey(nameKey)
    const verified = await this.#verify(account?.passwordHash, request.password)
    if (account === undefined || !verified.ok || account.disabled) {
      this.#failedAttempt(nameKey, request.address)
      throw invalidCredentials()
    }
    if (verified.rehash) await this.#store.accounts.update(account.userId, { passwordHash: await this.#hash(request.password) })
    return this.#signIn(account, request.device)
  }

  /** Ends this session; its sockets close. */
  async logout(signedIn: SignedInRequest): Promise<void> {
    await this.#store.credentials.delete(signedIn.credential.tokenHash)
    this.#signOut({ credential: signedIn.credential.tokenHash })
  }

  /** The account's signed-in devices. */
  async devices(signedIn: SignedInRequest): Promise<DeviceSession[]> {
    const sessions = await this.#store.credentials.listForUser(signedIn.account.userId, 'session')
    const now = Date.now()
    return sessions
      .filter((session) => session.expiresAt === undefined || session.expiresAt > now)
      .map((session) => ({
        id: session.tokenHash.slice(0, SESSION_ID_LENGTH),
        device: session.label ?? 'Unknown device',
        createdAt: session.createdAt,
        lastUsedAt: session.lastUsedAt,
        current: session.tokenHash === signedIn.credential.tokenHash,
      }))
  }

  /** Signs one of the account's devices out. */
  async revoke(signedIn: SignedInRequest, sessionId: string): Promise<void> {
    const sessions = await this.#store.credentials.listForUser(signedIn.account.userId, 'session')
    const session = sessions.find((candidate) => candidate.tokenHash.slice(0, SESSION_ID_LENGTH) === sessionId)
    if (session === undefined) throw new AccountError(AuthErrorCodes.NOT_FOUND, 'No such signed-in device')
    await this.#store.credentials.delete(session.tokenHash)
    this.#signOut({ credential: session.tokenHash })
  }

  /** Changes the password; every other device is signed out. */
  async changePassword(signedIn: SignedInRequest, current: string, password: string): Promise<void> {
    checkPassword(password)
    const verified = await this.#verify(signedIn.account.passwordHash, current)
    if (!verified.ok) throw new AccountError(AuthErrorCodes.INVALID_CREDENTIALS, 'The current password is wrong')
    await this.#store.accounts.update(signedIn.account.userId, { passwordHash: await this.#hash(password) })
    await this.#endSessions(signedIn.account.userId, signedIn.credential.tokenHash)
  }

  /** A one-time link that signs another device in, for 5 minutes. */
  async createDeviceLink(signedIn: SignedInRequest): Promise<IssuedLink> {
    return this.#issue('link', signedIn.account.userId, LINK_TTL_MS)
  }

  /** Signs this device in with a device link. */
  async redeemDeviceLink(token: string, device: string): Promise<SignedIn> {
    const account = await this.#redeem(token, 'link')
    return this.#signIn(account, device)
  }

  /** A recovery code and a new password: every other device is signed out. */
  async recover(request: { name: string; code: string; password: string; device: string; address: string }): Promise<SignedIn> {
    checkPassword(request.password)
    const nameKey = accountNameKey(request.name)
    this.#checkAttempts(nameKey, request.address)
    const account = await this.#store.accounts.byNameKey(nameKey)
    const codeHash = hashToken(normalizeRecoveryCode(request.code))
    const code = await this.#store.credentials.get(codeHash, Date.now())
    if (account === undefined || account.disabled || code?.kind !== 'recovery' || code.userId !== account.userId) {
      this.#failedAttempt(nameKey, request.address)
      throw new AccountError(AuthErrorCodes.INVALID_TOKEN, 'That name and recovery code do not go together, or the code was used')
    }
    if ((await this.#store.credentials.take(codeHash, 'recovery', Date.now())) === undefined) {
      throw new AccountError(AuthErrorCodes.INVALID_TOKEN, 'That recovery code was used already')
    }
    return this.#setPasswordAndSignIn(account, request.password, request.device)
  }

  /** New recovery codes after the password again; the old ones stop working. */
  async newRecoveryCodes(signedIn: SignedInRequest, password: string): Promise<string[]> {
    const verified = await this.#verify(signedIn.account.passwordHash, password)
    if (!verified.ok) throw new AccountError(AuthErrorCodes.INVALID_CREDENTIALS, 'The password is wrong')
    return this.#makeRecoveryCodes(signedIn.account.userId)
  }

  /** An admin's reset link and a new password: every other device is signed out. */
  async reset(token: string, password: string, device: string): Promise<SignedIn> {
    checkPassword(password)
    const account = await this.#redeem(token, 'reset')
    return this.#setPasswordAndSignIn(account, password, device)
  }

  /** The first admin, with the setup link: the guest behind `guestToken` (their name), or a new user named `name`. */
  async setup(request: { token: string; password: string; name?: string | undefined; guestToken?: string | undefined; device: string }): Promise<SignedIn> {
    checkPassword(request.password)
    if (await this.#hasAdmin()) throw new AccountError(AuthErrorCodes.INVALID_TOKEN, 'This server has an admin already; the setup link is spent')
    const guest = request.guestToken === undefined ? undefined : await this.#store.sessions.get(hashToken(request.guestToken), Date.now())
    const user = guest === undefined ? undefined : await this.#store.users.get(guest.userId)
    if (user === undefined && request.name === undefined) throw new AccountError(AuthErrorCodes.BAD_REQUEST, 'Choose a name for the admin account')
    const checked = checkDisplayName(request.name ?? user?.name ?? '')
    if (!checked.ok) throw new AccountError(AuthErrorCodes.BAD_REQUEST, checked.reason)
    if ((await this.#store.credentials.take(hashToken(request.token), 'setup', Date.now())) === undefined) {
      throw new AccountError(AuthErrorCodes.INVALID_TOKEN, 'That setup link was used already or has expired; restart the server for a new one')
    }
    const now = Date.now()
    let userId = user?.id
    if (userId !== undefined && (await this.#store.accounts.get(userId)) !== undefined) {
      // That guest is an account already: it becomes the admin.
      const promoted = await this.#store.accounts.update(userId, { admin: true })
      if (promoted === undefined || promoted === false) throw new AccountError(AuthErrorCodes.NOT_FOUND, 'No such account')
      return this.#signIn(promoted, request.device)
    }
    if (userId === undefined) {
      userId = `u-${newToken().slice(0, 11)}`
      await this.#store.users.create({ id: userId, name: checked.name, createdAt: now })
    } else if (user?.name !== checked.name) {
      await this.#store.users.rename(userId, checked.name)
    }
    return this.#createAccount({ userId, name: checked.name, password: request.password, admin: true, device: request.device })
  }

  // ---- Admin ----

  /** Every account, for admins. */
  async list(admin: SignedInRequest): Promise<AccountView[]> {
    assertAdmin(admin)
    return (await this.#store.accounts.list()).map(viewOf)
  }

  /** A one-time reset link for an account, for admins: valid 24 hours. */
  async issueResetLink(admin: SignedInRequest, name: string): Promise<IssuedLink> {
    assertAdmin(admin)
    const account = await this.#named(name)
    await this.#store.credentials.deleteForUser(account.userId, 'reset')
    return this.#issue('reset', account.userId, RESET_TTL_MS)
  }

  /** Makes an account an admin, or not (an admin cannot drop their own role: another admin must). */
  async setAdmin(admin: SignedInRequest, name: string, value: boolean): Promise<AccountView> {
    assertAdmin(admin)
    const account = await this.#named(name)
    if (!value && account.userId === admin.account.userId) {
      throw new AccountError(AuthErrorCodes.FORBIDDEN, 'You cannot drop your own admin role; ask another admin')
    }
    return viewOf(await this.#update(account.userId, { admin: value }))
  }

  /** Disables an account (its devices are signed out, it cannot sign in) or enables it again. */
  async setDisabled(admin: SignedInRequest, name: string, value: boolean): Promise<AccountView> {
    assertAdmin(admin)
    const account = await this.#named(name)
    if (account.userId === admin.account.userId) throw new AccountError(AuthErrorCodes.FORBIDDEN, 'You cannot disable your own account')
    const updated = await this.#update(account.userId, { disabled: value })
    if (value) await this.#endSessions(account.userId)
    return viewOf(updated)
  }

  /** Deletes an account: the person is a guest again (their history stays), signed out everywhere, their name free. */
  async remove(admin: SignedInRequest, name: string): Promise<void> {
    assertAdmin(admin)
    const account = await this.#named(name)
    if (account.userId === admin.account.userId) throw new AccountError(AuthErrorCodes.FORBIDDEN, 'You cannot delete your own account')
    await this.#store.accounts.delete(account.userId)
    this.#signOut({ userId: account.userId })
  }

  // ---- internals ----

  async #createAccount(request: { userId: string; name: string; password: string; admin: boolean; device: string }): Promise<SignedIn> {
    checkPassword(request.password)
    const passwordHash = await this.#hash(request.password)
    const account: StoredAccount = {
      userId: request.userId,
      name: request.name,
      nameKey: accountNameKey(request.name),
      passwordHash,
      admin: request.admin,
      disabled: false,
      createdAt: Date.now(),
    }
    if (!(await this.#store.accounts.create(account))) {
      if ((await this.#store.accounts.get(request.userId)) !== undefined) {
        throw new AccountError(AuthErrorCodes.ALREADY_CLAIMED, 'Your name is an account already; sign in')
      }
      throw new AccountError(AuthErrorCodes.NAME_TAKEN, `The name "${request.name}" belongs to an account already; rename yourself, then claim`)
    }
    this.#markAccount(request.userId)
    const signedIn = await this.#signIn(account, request.device)
    return { ...signedIn, recoveryCodes: await this.#makeRecoveryCodes(account.userId) }
  }

  async #signIn(account: StoredAccount, device: string): Promise<SignedIn> {
    const token = newToken()
    const now = Date.now()
    await this.#store.credentials.create({
      tokenHash: hashToken(token),
      kind: 'session',
      userId: account.userId,
      label: device,
      createdAt: now,
      expiresAt: now + this.#sessionTtlMs,
      lastUsedAt: now,
    })
    return { account: viewOf(account), token }
  }

  async #setPasswordAndSignIn(account: StoredAccount, password: string, device: string): Promise<SignedIn> {
    const updated = await this.#update(account.userId, { passwordHash: await this.#hash(password) })
    await this.#endSessions(account.userId)
    return this.#signIn(updated, device)
  }

  /** Ends a user's account sessions (all, or all but one) and closes their sockets. */
  async #endSessions(userId: string, exceptCredential?: string): Promise<void> {
    await this.#store.credentials.deleteForUser(userId, 'session', exceptCredential)
    this.#signOut(exceptCredential === undefined ? { userId } : { userId, exceptCredential })
  }

  async #issue(kind: 'link' | 'reset', userId: string, ttlMs: number): Promise<IssuedLink> {
    const token = newToken()
    const now = Date.now()
    const expiresAt = now + ttlMs
    await this.#store.credentials.create({ tokenHash: hashToken(token), kind, userId, label: undefined, createdAt: now, expiresAt, lastUsedAt: now })
    return { token, path: `/#${kind}=${token}`, expiresAt }
  }

  async #redeem(token: string, kind: 'link' | 'reset'): Promise<StoredAccount> {
    const credential = await this.#store.credentials.take(hashToken(token), kind, Date.now())
    const account = credential?.userId === undefined ? undefined : await this.#store.accounts.get(credential.userId)
    if (account === undefined || account.disabled) {
      throw new AccountError(AuthErrorCodes.INVALID_TOKEN, 'That link was used already, has expired, or was never valid; ask for a new one')
    }
    return account
  }

  async #makeRecoveryCodes(userId: string): Promise<string[]> {
    await this.#store.credentials.deleteForUser(userId, 'recovery')
    const now = Date.now()
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const letters = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('')
      return `${letters.slice(0, 5)}-${letters.slice(5)}`
    })
    for (const code of codes) {
      await this.#store.credentials.create({
        tokenHash: hashToken(normalizeRecoveryCode(code)),
        kind: 'recovery',
        userId,
        label: undefined,
        createdAt: now,
        expiresAt: undefined,
        lastUsedAt: now,
      })
    }
    return codes
  }

  async #named(name: string): Promise<StoredAccount> {
    const account = await this.#store.accounts.byNameKey(accountNameKey(name))
    if (account === undefined) throw new AccountError(AuthErrorCodes.NOT_FOUND, `No account is named "${name}"`)
    return account
  }

  async #update(userId: string, changes: Parameters<LanchatStore['accounts']['update']>[1]): Promise<StoredAccount> {
    const updated = await this.#store.accounts.update(userId, changes)
    if (updated === undefined || updated === false) throw new AccountError(AuthErrorCodes.NOT_FOUND, 'No such account')
    return updated
  }

  async #hasAdmin(): Promise<boolean> {
    return (await this.#store.accounts.list()).some((account) => account.admin && !account.disabled)
  }

  #checkAttempts(nameKey: string, address: string): void {
    const waitMs = Math.max(this.#byAddress.peek(address), this.#byName.peek(nameKey))
    if (waitMs > 0) throw new AccountError(AuthErrorCodes.RATE_LIMITED, 'Too many attempts; wait a moment and try again', waitMs)
  }

  #failedAttempt(nameKey: string, address: string): void {
    this.#byAddress.take(address)
    this.#byName.take(nameKey)
  }

  async #verify(hash: string | undefined, password: string): Promise<{ ok: boolean; rehash: boolean }> {
    try {
      if (hash === undefined) {
        if (this.#decoy === undefined) {
          const decoy = this.#hasher.hash(newToken())
          this.#decoy = decoy
          // A decoy that could not be made (the hasher was busy) is made again next time.
          decoy.catch(() => {
            if (this.#decoy === decoy) this.#decoy = undefined
          })
        }
        await this.#hasher.verify(await this.#decoy, password)
        return { ok: false, rehash: false }
      }
      return await this.#hasher.verify(hash, password)
    } catch (error) {
      throw busyOr(error)
    }
  }

  async #hash(password: string): Promise<string> {
    try {
      return await this.#hasher.hash(password)
    } catch (error) {
      throw busyOr(error)
    }
  }
}

/** OWASP's length rules: at least 8 characters, long passphrases welcome, no composition rules. */
function checkPassword(password: string): void {
  const length = textLength(password)
  if (length < MIN_PASSWORD_LENGTH) {
    throw new AccountError(AuthErrorCodes.WEAK_PASSWORD, `A password needs at least ${MIN_PASSWORD_LENGTH} characters; a few words make a good one`)
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new AccountError(AuthErrorCodes.WEAK_PASSWORD, `A password can have at most ${MAX_PASSWORD_LENGTH} characters`)
  }
}

function assertAdmin(signedIn: SignedInRequest): void {
  if (!signedIn.account.admin) throw new AccountError(AuthErrorCodes.FORBIDDEN, 'Only an admin of this server can do that')
}

function viewOf(account: StoredAccount): AccountView {
  return { id: account.userId, name: account.name, admin: account.admin, disabled: account.disabled, createdAt: account.createdAt }
}

/** Recovery codes are compared without case, dashes or spaces, as people type them. */
function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '')
}

function busyOr(error: unknown): unknown {
  return error instanceof HasherBusyError ? new AccountError(AuthErrorCodes.UNAVAILABLE, 'The server is busy signing people in; try again in a moment', 1_000) : error
}
