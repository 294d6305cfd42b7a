import { userInfo } from 'node:os'
import { createInterface } from 'node:readline/promises'
import {
  checkDisplayName,
  LanchatAccountError,
  LanchatAccounts,
  LanchatClient,
  LanchatConnectionError,
  LanchatError,
  LanchatServerError,
  LanchatTimeoutError,
  type ConnectionState,
} from '@lanchat/client'
import { accountFor, readConfig, sessionFor, updateConfig, withSession, type StoredAccount } from '../config/config-file.js'
import { serverLabel, toSocketUrl } from '../config/server-url.js'
import { discoverServers, type DiscoveredServer } from '../discovery/discover-servers.js'
import { reachableUrl } from '../discovery/reachable-url.js'
import { CliError, ExitCode, SIGNED_OUT_MESSAGE } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import { certificateFailure, ensureTrusted, tlsFor } from '../tls/server-trust.js'
import type { RoomJoined } from '@lanchat/client'
import { note, type CommandContext } from './context.js'

/** Options every connecting command takes. */
export interface ConnectOptions {
  /** The server address as typed, if any. */
  url?: string | undefined
  /** The display name, if given with --name. */
  name?: string | undefined
  /** How long to browse the network when no address is given, in ms. */
  discoverTimeoutMs: number
}

/** Whether the person can answer a question (both the keyboard and a visible terminal are there). */
export function canAsk(context: CommandContext): boolean {
  return context.stdin.isTTY === true && context.stderr.isTTY === true
}

/** Asks a question on the terminal (stderr); `undefined` when input ends. */
export async function ask(context: CommandContext, question: string): Promise<string | undefined> {
  const readline = createInterface({ input: context.stdin, output: context.stderr, terminal: true })
  try {
    const closed = new Promise<undefined>((resolve) => readline.once('close', () => resolve(undefined)))
    return await Promise.race([readline.question(question), closed])
  } finally {
    readline.close()
  }
}

async function chooseServer(context: CommandContext, servers: readonly DiscoveredServer[]): Promise<DiscoveredServer> {
  context.stderr.write(`Found ${servers.length} lanchat servers:\n`)
  servers.forEach((server, index) => {
    context.stderr.write(`  ${index + 1}) ${sanitizeLine(server.name)}  ${context.errorColours.dim(`${server.host}:${server.port}`)}\n`)
  })
  for (;;) {
    const answer = await ask(context, `Which one? [1-${servers.length}] `)
    if (answer === undefined) throw new CliError('no server chosen', ExitCode.Usage)
    const chosen = servers[Number(answer.trim()) - 1]
    if (/^\d+$/.test(answer.trim()) && chosen !== undefined) return chosen
  }
}

function seconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(1))} s`
}

/**
 * The chat socket URL to use: the address given, else LANCHAT_URL, else the one lanchat server found on the
 * network (or the one picked from a list, on a terminal).
 */
export async function resolveServerUrl(context: CommandContext, options: ConnectOptions): Promise<string> {
  const given = options.url ?? context.environment.LANCHAT_URL
  if (given !== undefined && given.trim() !== '') {
    const url = toSocketUrl(given)
    await ensureTrusted(context, url)
    return url
  }

  note(context, `looking for lanchat servers on the network (${seconds(options.discoverTimeoutMs)})…`)
  const servers = await discoverServers({ timeoutMs: options.discoverTimeoutMs })
  if (servers.length === 0) {
    throw new CliError(
      `no lanchat server found on the network within ${seconds(options.discoverTimeoutMs)}; give an address: lanchat host:port`,
      ExitCode.ConnectionFailed,
    )
  }
  let server = servers[0] as DiscoveredServer
  if (servers.length > 1) {
    if (!canAsk(context)) {
      const list = servers.map((found) => `${sanitizeLine(found.name)} (${found.url})`).join(', ')
      throw new CliError(`found ${servers.length} lanchat servers: ${list}; give the address of one`, ExitCode.Usage)
    }
    server = await chooseServer(context, servers)
  }
  const url = await reachableUrl(server)
  note(context, `joining ${sanitizeLine(server.name)} at ${serverLabel(url)}`)
  await ensureTrusted(context, url)
  return url
}

/**
 * The display name and whether to remember it: the account signed in on `url` (its name is the one it has), else
 * --name, LANCHAT_NAME, the config, a prompt, the login name.
 */
export async function resolveName(context: CommandContext, given: string | undefined, url?: string): Promise<{ name: string; remember: boolean }> {
  const account = url === undefined ? undefined : accountFor(await readConfig(context.configPath), url)
  if (account !== undefined) {
    if (given !== undefined && given.trim() !== '' && given.trim() !== account.name) {
      note(context, `signed in as ${sanitizeLine(account.name)} on ${serverLabel(url as string)}: --name is not used (lanchat logout to chat as a guest)`)
    }
    return { name: account.name, remember: false }
  }
  const fromOptions = given ?? context.environment.LANCHAT_NAME
  // A name given up front goes to the server as it is: a refusal exits 4 with the server's reason.
  if (fromOptions !== undefined && fromOptions.trim() !== '') return { name: fromOptions.trim(), remember: true }
  const remembered = (await readConfig(context.configPath)).name
  if (remembered !== undefined) return { name: remembered, remember: false }
  if (canAsk(context)) {
    for (;;) {
      const answer = await ask(context, 'Your name: ')
      if (answer === undefined) throw new CliError('no name given', ExitCode.Usage)
      if (answer.trim() === '') continue
      // The server's rules, said at once so the prompt can ask again: no invisible-only, direction-control or reserved names.
      const checked = checkDisplayName(answer)
      if (checked.ok) return { name: checked.name, remember: true }
      context.stderr.write(`${checked.reason}.\n`)
    }
  }
  // Scripts and pipes cannot answer a prompt: go by the login name (not remembered, so a terminal still asks).
  let login = 'guest'
  try {
    login = userInfo().username || login
  } catch {
    // No passwd entry (some containers): keep 'guest'.
  }
  return { name: login, remember: false }
}

/** Words for why the connection failed, and the exit code. */
function connectFailure(error: unknown, url: string, name: string): CliError {
  const where = serverLabel(url)
  if (LanchatServerError.isInstance(error)) {
    if (error.code === 'UNSUPPORTED_PROTOCOL') {
      return new CliError(`${where} speaks another lanchat protocol version: ${sanitizeLine(error.message)}`, ExitCode.ConnectionFailed)
    }
    if (error.code === 'BAD_REQUEST') {
      return new CliError(`the server refused the name "${sanitizeLine(name)}": ${sanitizeLine(error.message)}`, ExitCode.Rejected)
    }
    return new CliError(`${where} refused the connection: ${sanitizeLine(error.message)}`, ExitCode.ConnectionFailed)
  }
  if (LanchatError.isInstance(error) && error.code === 'INVALID_OPTIONS') {
    return new CliError(`cannot use the name "${sanitizeLine(name)}": ${sanitizeLine(error.message)}`, ExitCode.Rejected)
  }
  if (LanchatTimeoutError.isInstance(error)) return new CliError(`${where} did not answer in time`, ExitCode.ConnectionFailed)
  if (LanchatConnectionError.isInstance(error)) {
    const cause = error.cause instanceof Error && error.cause.message !== '' ? ` (${sanitizeLine(error.cause.message)})` : ''
    return new CliError(`cannot reach a lanchat server at ${url}${cause}; check the address and that the server is running`, ExitCode.ConnectionFailed)
  }
  return new CliError(`cannot connect to ${url}: ${sanitizeLine(error instanceof Error ? error.message : String(error))}`, ExitCode.ConnectionFailed)
}

/**
 * Why a first connection was refused, when the SDK cannot say (a refused upgrade is a bare close 1006, without its
 * HTTP status): asks the accounts API whether the stored token still lives, or whether the server wants accounts only.
 */
async function refusedBecause(url: string, account: StoredAccount | undefined): Promise<CliError | undefined> {
  try {
    if (account !== undefined) {
      await new LanchatAccounts({ url, token: account.token, tls: tlsFor(url) }).me()
      return undefined
    }
    const policy = await new LanchatAccounts({ url, tls: tlsFor(url) }).policy()
    if (policy.policy !== 'accounts-only') return undefined
    return new CliError(`${serverLabel(url)} is for accounts only: sign in first with lanchat login --server ${serverLabel(url)}`, ExitCode.SignedOut)
  } catch (error) {
    if (account !== undefined && LanchatAccountError.isInstance(error) && error.code === 'UNAUTHORIZED') return new CliError(SIGNED_OUT_MESSAGE, ExitCode.SignedOut)
    return undefined
  }
}

/** A connected client, with what it takes to keep its identity in the config file. */
export interface Connection {
  client: LanchatClient
  url: string
  /** Saves the session token of the current name (after a rename, under the new name). */
  rememberIdentity(options?: { previousName?: string; rememberName?: boolean }): Promise<void>
}

/**
 * Connects to the server as the account signed in there (`lanchat login`: its token), else with the remembered
 * guest session of this name, so you stay the same user, and saves the session (and the name, when it came from
 * you) for next time. Failures become {@link CliError}s: exit 2 when the server cannot be reached, 4 when it refuses
 * the name, 5 when the account's session has ended (or the server wants an account and none is signed in).
 */
export async function connect(context: CommandContext, url: string, name: string, rememberName: boolean): Promise<Connection> {
  const config = await readConfig(context.configPath)
  const account = accountFor(config, url)
  const session = sessionFor(config, url, name)
  let client: LanchatClient
  try {
    const identity = account !== undefined ? { token: account.token } : session === undefined ? {} : { session }
    client = new LanchatClient({ url, name: account?.name ?? name, ...identity, tls: tlsFor(url) })
  } catch (error) {
    throw connectFailure(error, url, name)
  }
  try {
    await client.connect()
  } catch (error) {
    await client.close().catch(() => {})
    const certificate = await certificateFailure(context, error, url)
    if (certificate !== undefined) throw certificate
    if (LanchatConnectionError.isInstance(error) && error.code === 'CONNECTION_FAILED') {
      const refused = await refusedBecause(url, account)
      if (refused !== undefined) throw refused
    }
    throw connectFailure(error, url, name)
  }
  const rememberIdentity = async (options: { previousName?: string; rememberName?: boolean } = {}): Promise<void> => {
    // Signed in, the account's token is the identity (kept under `accounts`); guest sessions are for guests.
    const token = account === undefined ? client.session : undefined
    const current = client.user?.name ?? name
    try {
      await updateConfig(context.configPath, (stored) => {
        const next = token === undefined ? stored : withSession(stored, url, current, token, options.previousName)
        return options.rememberName === true ? { ...next, name: current } : next
      })
    } catch (error) {
      note(context, `could not save ${context.configPath}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  await rememberIdentity({ rememberName })
  return { client, url, rememberIdentity }
}

/**
 * Joins a room for a script, with the secret of an invite link if there is one. An unknown room (or an invite that
 * does not work) becomes exit 3; a refusal (banned, not allowed) exit 4.
 */
export async function joinRoom(client: LanchatClient, room: string, invite?: string): Promise<RoomJoined> {
  try {
    return await client.join(room, invite === undefined ? {} : { invite })
  } catch (error) {
    // A code that is not even a valid room id cannot name a room either.
    if (LanchatServerError.isInstance(error) && (error.code === 'ROOM_NOT_FOUND' || error.code === 'BAD_REQUEST')) {
      if (invite !== undefined) throw new CliError(`the invite to ${sanitizeLine(room)} does not work: it expired, was revoked or used up, or the room is gone`, ExitCode.RoomNotFound)
      throw new CliError(`room ${sanitizeLine(room)} does not exist on this server`, ExitCode.RoomNotFound)
    }
    if (LanchatServerError.isInstance(error) && error.code === 'FORBIDDEN') {
      throw new CliError(`you may not join ${sanitizeLine(room)}: ${sanitizeLine(error.message)}`, ExitCode.Rejected)
    }
    throw new CliError(`could not join ${sanitizeLine(room)}: ${sanitizeLine(error instanceof Error ? error.message : String(error))}`, ExitCode.ConnectionFailed)
  }
}

/** Reports connection drops and recoveries on stderr, for the scripting commands. */
export function reportConnection(context: CommandContext, client: LanchatClient): () => void {
  return client.on('state', ({ state, previous }: { state: ConnectionState; previous: ConnectionState }) => {
    if (state === 'reconnecting' && previous === 'open') note(context, 'connection lost; reconnecting…')
    if (state === 'open' && previous === 'reconnecting') note(context, 'reconnected')
  })
}

/**
 * Calls `onSignedOut` when the server ends this device's account session (the SDK's `SIGNED_OUT`: signed out here or
 * elsewhere, revoked, password changed, account disabled or deleted). Returns the unsubscribe function.
 *
 * @example
 * ```ts
 * const stop = watchSignOut(client, () => resolve(ExitCode.SignedOut))
 * ```
 */
export function watchSignOut(client: LanchatClient, onSignedOut: () => void): () => void {
  return client.on('error', (error) => {
    if (error.code === 'SIGNED_OUT') onSignedOut()
  })
}
