import { hostname } from 'node:os'
import { LanchatAccountError, LanchatAccounts, type AccountPolicyView } from '@lanchat/client'
import { accountFor, readConfig, updateConfig, withAccount, type StoredAccount } from '../config/config-file.js'
import { serverLabel } from '../config/server-url.js'
import { resolveServerUrl, type ConnectOptions } from '../commands/connection.js'
import { note, type CommandContext } from '../commands/context.js'
import { CliError, ExitCode } from '../errors.js'
import { tlsFor } from '../tls/server-trust.js'
import { accountFailure } from './account-failure.js'

/** A server as the account commands see it: where it is, its accounts API, and the account signed in there. */
export interface AccountServer {
  /** The chat socket URL: the key of the config entries. */
  url: string
  /** `host:port`, for messages. */
  label: string
  /** The accounts API, carrying the stored token when there is one. */
  accounts: LanchatAccounts
  stored: StoredAccount | undefined
}

/**
 * The server an account command talks to (`--server`, `LANCHAT_URL`, or the one on the network) and the account
 * signed in there.
 *
 * @example
 * ```ts
 * const server = await accountServer(context, { url: options.server, discoverTimeoutMs })
 * ```
 */
export async function accountServer(context: CommandContext, options: Pick<ConnectOptions, 'url' | 'discoverTimeoutMs'>): Promise<AccountServer> {
  const url = await resolveServerUrl(context, options)
  const stored = accountFor(await readConfig(context.configPath), url)
  return { url, label: serverLabel(url), accounts: new LanchatAccounts({ url, token: stored?.token, tls: tlsFor(url) }), stored }
}

/** The server's account policy; a server with accounts off (no `/auth` routes) is said so, exit 4. */
export async function accountPolicy(server: AccountServer): Promise<AccountPolicyView> {
  try {
    return await server.accounts.policy()
  } catch (error) {
    if (LanchatAccountError.isInstance(error) && error.status === 404) {
      throw new CliError(`${server.label} has no accounts: it runs with accounts off, so everyone chats as a guest`, ExitCode.Rejected)
    }
    throw accountFailure(error, server.label)
  }
}

/** The account signed in on this server; not signed in is exit 5 with what to run. */
export function signedIn(server: AccountServer): StoredAccount {
  if (server.stored === undefined) throw new CliError(`you are not signed in on ${server.label}; run lanchat login --server ${server.label}`, ExitCode.SignedOut)
  return server.stored
}

/** Saves (or, with `undefined`, forgets) the account of this server in the config file, mode 0600. */
export async function rememberAccount(context: CommandContext, url: string, account: StoredAccount | undefined): Promise<void> {
  try {
    await updateConfig(context.configPath, (config) => {
      const next = withAccount(config, url, account)
      return account === undefined ? next : { ...next, name: account.name }
    })
  } catch (error) {
    if (account !== undefined) throw new CliError(`could not save the sign-in in ${context.configPath}: ${error instanceof Error ? error.message : String(error)}`, ExitCode.Usage)
    note(context, `could not update ${context.configPath}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** How this device appears in the account's device list. */
export function deviceLabel(): string {
  let host = 'this computer'
  try {
    host = hostname() || host
  } catch {
    // Keep the generic label.
  }
  return `lanchat CLI on ${host}`.slice(0, 64)
}

/**
 * A link the server issued (`/#reset=…`), as a full web address of the server.
 *
 * @example
 * ```ts
 * webAddress('ws://10.0.0.2:5000/ws', '/#reset=abc') // 'http://10.0.0.2:5000/#reset=abc'
 * ```
 */
export function webAddress(socketUrl: string, path: string): string {
  const parsed = new URL(socketUrl)
  const protocol = parsed.protocol === 'wss:' ? 'https:' : 'http:'
  return `${protocol}//${parsed.host}${path}`
}
