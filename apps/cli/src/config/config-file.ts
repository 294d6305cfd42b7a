import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

/** What `lanchat` remembers between runs. */
export interface CliConfig {
  /** The display name last used. */
  name?: string
  /**
   * Session tokens by server socket URL, then by display name: you stay the same user (same id, same colour)
   * across restarts, and a script that sends under another name does not take over your identity.
   */
  sessions?: Record<string, Record<string, string>>
  /**
   * Account sign-ins by server socket URL (`lanchat login`): the account's name and its session token, which every
   * connection to that server then carries. A token is a password for that server until you `lanchat logout`.
   */
  accounts?: Record<string, StoredAccount>
  /**
   * Certificates trusted on first use, by `host:port` of `wss://` servers (`lanchat trust`): every later connection
   * pins the fingerprint and trusts only that certificate.
   */
  trust?: Record<string, TrustedCertificate>
  /** Alerts of the chat for DMs and mentions (`--no-bell`, `--no-notify` turn them off for one run). */
  alerts?: AlertSettings
}

/** A server certificate (its CA's, or its own) trusted for one `host:port`. */
export interface TrustedCertificate {
  /** SHA-256 fingerprint, `AB:12:…`. */
  fingerprint: string
  /** The certificate in PEM: the only one trusted for that server. */
  pem: string
  /** Its subject, for messages. */
  subject: string
  /** When it was trusted (ISO 8601). */
  trustedAt: string
}

/** Which alerts the chat gives for messages that concern you (per the room's notification level). */
export interface AlertSettings {
  /** A terminal bell (BEL). Default true. */
  bell?: boolean
  /** A desktop notification (`notify-send` on Linux, `osascript` on macOS), where there is one. Default true. */
  notify?: boolean
}

/** An account signed in on one server. */
export interface StoredAccount {
  name: string
  token: string
}

type Environment = Readonly<Record<string, string | undefined>>

/**
 * Where the config lives: `$XDG_CONFIG_HOME/lanchat/config.json`, else `~/.config/lanchat/config.json`.
 *
 * @example
 * ```ts
 * configPath({ XDG_CONFIG_HOME: '/tmp/x' }) // '/tmp/x/lanchat/config.json'
 * ```
 */
export function configPath(environment: Environment): string {
  const base = environment.XDG_CONFIG_HOME
  const root = base !== undefined && base !== '' ? base : join(environment.HOME ?? homedir(), '.config')
  return join(root, 'lanchat', 'config.json')
}

function isRecordOfStrings(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  )
}

/**
 * Reads the config. A missing file is an empty config; so is a broken one (it is rewritten on the next save),
 * because a chat client should start even when its memory is damaged.
 */
export async function readConfig(path: string): Promise<CliConfig> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return {}
  }
  if (typeof parsed !== 'object' || parsed === null) return {}
  const { name, sessions, accounts, trust, alerts } = parsed as Record<string, unknown>
  const config: CliConfig = {}
  if (typeof name === 'string' && name.trim() !== '') config.name = name
  if (typeof sessions === 'object' && sessions !== null && !Array.isArray(sessions)) {
    const valid = Object.entries(sessions).filter((entry): entry is [string, Record<string, string>] => isRecordOfStrings(entry[1]))
    if (valid.length > 0) config.sessions = Object.fromEntries(valid.map(([url, byName]) => [url, { ...byName }]))
  }
  if (typeof accounts === 'object' && accounts !== null && !Array.isArray(accounts)) {
    const valid = Object.entries(accounts).filter((entry): entry is [string, StoredAccount] => isStoredAccount(entry[1]))
    if (valid.length > 0) config.accounts = Object.fromEntries(valid.map(([url, account]) => [url, { name: account.name, token: account.token }]))
  }
  if (typeof trust === 'object' && trust !== null && !Array.isArray(trust)) {
    const valid = Object.entries(trust).filter((entry): entry is [string, TrustedCertificate] => isTrustedCertificate(entry[1]))
    if (valid.length > 0) {
      config.trust = Object.fromEntries(valid.map(([host, { fingerprint, pem, subject, trustedAt }]) => [host, { fingerprint, pem, subject, trustedAt }]))
    }
  }
  if (typeof alerts === 'object' && alerts !== null && !Array.isArray(alerts)) {
    const { bell, notify } = alerts as Record<string, unknown>
    config.alerts = {
      ...(typeof bell === 'boolean' ? { bell } : {}),
      ...(typeof notify === 'boolean' ? { notify } : {}),
    }
  }
  return config
}

function isTrustedCertificate(value: unknown): value is TrustedCertificate {
  if (typeof value !== 'object' || value === null) return false
  const { fingerprint, pem, subject, trustedAt } = value as Record<string, unknown>
  return (
    typeof fingerprint === 'string' &&
    /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(fingerprint) &&
    typeof pem === 'string' &&
    pem.includes('BEGIN CERTIFICATE') &&
    typeof subject === 'string' &&
    typeof trustedAt === 'string'
  )
}

function isStoredAccount(value: unknown): value is StoredAccount {
  if (typeof value !== 'object' || value === null) return false
  const { name, token } = value as Record<string, unknown>
  return typeof name === 'string' && name !== '' && typeof token === 'string' && token !== ''
}

/**
 * The account signed in on the server at `url`, if any.
 *
 * @example
 * ```ts
 * accountFor(config, 'ws://10.0.0.2:5000/ws') // { name: 'Maria', token: '…' } or undefined
 * ```
 */
export function accountFor(config: CliConfig, url: string): StoredAccount | undefined {
  return config.accounts?.[url]
}

/**
 * A copy of the config with the account of `url` set, or forgotten when `account` is undefined.
 *
 * @example
 * ```ts
 * await updateConfig(path, (config) => withAccount(config, url, { name: 'Maria', token }))
 * ```
 */
export function withAccount(config: CliConfig, url: string, account: StoredAccount | undefined): CliConfig {
  const accounts = { ...config.accounts }
  if (account === undefined) delete accounts[url]
  else accounts[url] = account
  const { accounts: _previous, ...rest } = config
  return Object.keys(accounts).length === 0 ? rest : { ...rest, accounts }
}

/**
 * Writes the config readable by its owner only (mode 0600 in a 0700 directory: it holds session and account
 * tokens), through a temporary file and a rename, so a crash never leaves half a file.
 */
export async function writeConfig(path: string, config: CliConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  await rename(temporary, path)
}

/**
 * The remembered session token of `name` on the server at `url`.
 *
 * @example
 * ```ts
 * sessionFor(config, 'ws://10.0.0.2:5000/ws', 'Maria') // 'k3J…' or undefined
 * ```
 */
export function sessionFor(config: CliConfig, url: string, name: string): string | undefined {
  return config.sessions?.[url]?.[name]
}

/**
 * A copy of the config with `name`'s session token on `url` set (and the one of `previousName` dropped,
 * after a rename).
 */
export function withSession(config: CliConfig, url: string, name: string, token: string, previousName?: string): CliConfig {
  const byName = { ...config.sessions?.[url] }
  if (previousName !== undefined && previousName !== name) delete byName[previousName]
  byName[name] = token
  return { ...config, sessions: { ...config.sessions, [url]: byName } }
}

/**
 * Reads, changes and writes the config in one step.
 *
 * @example
 * ```ts
 * await updateConfig(path, (config) => ({ ...config, name: 'Maria' }))
 * ```
 */
export async function updateConfig(path: string, change: (config: CliConfig) => CliConfig): Promise<CliConfig> {
  const next = change(await readConfig(path))
  await writeConfig(path, next)
  return next
}
