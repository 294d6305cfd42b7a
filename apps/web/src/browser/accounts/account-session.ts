import { signal } from '@preact/signals'
import {
  LanchatAccountError,
  LanchatAccounts,
  type AccountPolicyView,
  type AccountView,
  type DeviceSession,
  type IssuedLink,
  type SignedIn,
} from '@lanchat/client'
import { isString, load, save } from '../storage.js'

/**
 * The person's account on this server, beside the chat socket: the server's policy, who is signed in, and every
 * accounts action. The session itself is an `HttpOnly` cookie the server sets, so page scripts never hold it; this
 * object only remembers *that* the person signed in, to tell them when the session ended while they were away.
 */
export class AccountSession {
  /** The server's accounts policy; `undefined` while unknown, and when the server has accounts turned off. */
  readonly policy = signal<AccountPolicyView | undefined>(undefined)
  /** The signed-in account; `undefined` for a guest. */
  readonly account = signal<AccountView | undefined>(undefined)
  readonly api: LanchatAccounts

  constructor(socketUrl: string) {
    this.api = new LanchatAccounts({ url: socketUrl })
  }

  /** Whether this browser was signed in the last time it was used (the cookie may have ended since). */
  get wasSignedIn(): boolean {
    return load('account', isString) !== undefined
  }

  /** Asks the server for its policy and whether this browser's cookie is a live session. */
  async load(): Promise<void> {
    try {
      this.policy.value = await this.api.policy()
    } catch {
      // 404: a server without accounts; anything else: it will say so when the chat connects.
      this.policy.value = undefined
      return
    }
    try {
      this.#signedIn(await this.api.me())
    } catch (error) {
      if (!LanchatAccountError.isInstance(error)) throw error
      this.account.value = undefined
    }
  }

  async signIn(name: string, password: string): Promise<AccountView> {
    return this.#signedIn((await this.api.login(name, password)).account)
  }

  async recover(name: string, code: string, password: string): Promise<AccountView> {
    return this.#signedIn((await this.api.recover(name, code, password)).account)
  }

  async reset(token: string, password: string): Promise<AccountView> {
    return this.#signedIn((await this.api.reset(token, password)).account)
  }

  async redeemDeviceLink(token: string): Promise<AccountView> {
    return this.#signedIn((await this.api.redeemDeviceLink(token)).account)
  }

  /** The first admin: the guest of `guestSession` keeps their name and history, else `name` is a new account. */
  async setup(token: string, password: string, who: { name: string } | { guestSession: string }): Promise<AccountView> {
    return this.#signedIn((await this.api.setup(token, password, who)).account)
  }

  /** The guest's name becomes an account; resolves with the one-time recovery codes. */
  async claim(guestSession: string, password: string): Promise<string[]> {
    const signedIn: SignedIn = await this.api.claim(guestSession, password)
    this.#signedIn(signedIn.account)
    return signedIn.recoveryCodes ?? []
  }

  /** Ends this device's session (its socket closes) and forgets it was signed in. */
  async signOut(): Promise<void> {
    await this.api.logout()
    this.forget()
  }

  /** The session ended (signed out here or elsewhere): no account any more, and nothing to tell about later. */
  forget(): void {
    this.account.value = undefined
    save('account', undefined)
  }

  devices(): Promise<DeviceSession[]> {
    return this.api.devices()
  }

  revokeDevice(id: string): Promise<void> {
    return this.api.revokeDevice(id)
  }

  changePassword(current: string, next: string): Promise<void> {
    return this.api.changePassword(current, next)
  }

  createDeviceLink(): Promise<IssuedLink> {
    return this.api.createDeviceLink()
  }

  #signedIn(account: AccountView): AccountView {
    this.account.value = account
    save('account', account.name)
    return account
  }
}
