import { resolve } from 'node:path'

/** How hard SQLite works before a message is acknowledged (see `USAGE`). */
export type Durability = 'full' | 'normal'

/** Who may chat: anyone as a guest (who may claim their name), only people signed in to an account, or guests only. */
export type AccountsMode = 'guests' | 'accounts-only' | 'off'

/**
 * What guests (people without an account) may do: `open` — create rooms and write privately to anyone; `limited` —
 * create rooms, and write privately only to accounts (two guests cannot talk in private); `restricted` — neither.
 */
export type GuestsMode = 'open' | 'limited' | 'restricted'

/** What the command line and environment ask the server for. */
export interface CliOptions {
  port: number
  host: string
  advertise: boolean
  /** From `--data-dir` or `LANCHAT_DATA_DIR`, made absolute; undefined for the per-user default. */
  dataDir: string | undefined
  /** `--memory`: keep everything in memory, write nothing. */
  memory: boolean
  synchronous: Durability
  /** `--allowed-host` (repeatable) or `LANCHAT_ALLOWED_HOSTS` (comma-separated): names besides the automatic ones. */
  allowedHosts: string[]
  /** `--accounts`: default `guests`. */
  accounts: AccountsMode
  /** `--guests`: default `open`. */
  guests: GuestsMode
  /** `--postgres` or `LANCHAT_POSTGRES_URL`: keep the chat in PostgreSQL instead of the data directory. */
  postgres: string | undefined
  /** `--redis` or `LANCHAT_REDIS_URL`: carry the chat between several servers through Redis (needs `postgres`). */
  redis: string | undefined
  /** Serve HTTPS beside HTTP (default); `--no-https` turns it off. */
  https: boolean
  /** `--https-port` or `LANCHAT_HTTPS_PORT`; undefined for the HTTP port + 1. */
  httpsPort: number | undefined
  help: boolean
}

/** What `backup <file>` and `restore <file>` ask for. */
export interface BackupCliOptions {
  /** The backup file to write (backup) or to read (restore), made absolute; undefined only with `help`. */
  destination: string | undefined
  /** From `--data-dir` or `LANCHAT_DATA_DIR`, made absolute; undefined for the per-user default. */
  dataDir: string | undefined
  help: boolean
}

/** A command-line argument or variable is wrong; the message says which and how to fix it. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}

export const USAGE = `Usage: pnpm start [--port <port>] [--host <address>] [--https-port <port> | --no-https]
                  [--no-advertise]
                  [--data-dir <dir> | --memory] [--synchronous full|normal]
                  [--accounts guests|accounts-only|off] [--guests open|limited|restricted]
                  [--postgres <url> [--redis <url>]]
       pnpm --filter @lanchat/web backup <file> [--data-dir <dir>]
       pnpm --filter @lanchat/web restore <file> [--data-dir <dir>]

Starts the lanchat demo: a chat server and web app for everyone on this network.
Rooms, messages and sessions are kept in <dir>/lanchat.db, so a restart loses nothing.

Options:
  -p, --port <port>     Port to listen on (default 5000, or $PORT). 0 picks a free port.
  -H, --host <address>  Address to listen on (default 0.0.0.0, every interface, or $HOST).
                        Use 127.0.0.1 to keep the chat to this machine.
      --https-port <port>
                        Port for HTTPS (default the port + 1, so 5001, or
                        $LANCHAT_HTTPS_PORT). 0 picks a free port. Its certificate comes
                        from a certificate authority the server makes in <dir>/tls; people
                        install it once from the trust page (/trust). See
                        docs/guides/phones-and-https.md.
      --no-https        Serve HTTP only.
      --no-advertise    Do not announce the server on the network with mDNS.
      --data-dir <dir>  Where to keep the database (default $LANCHAT_DATA_DIR, else
                        $XDG_DATA_HOME/lanchat or ~/.local/share/lanchat on Linux,
                        ~/Library/Application Support/lanchat on macOS,
                        %LOCALAPPDATA%\\lanchat on Windows). Made if missing.
      --memory          Keep everything in memory and write nothing: gone when it stops.
      --synchronous <mode>
                        full (default): a message is acknowledged once it is on disk;
                        it survives a power loss.
                        normal: faster; it survives the server crashing, but a power
                        loss may lose the last acknowledged messages.
      --allowed-host <name>
                        Another host name people use to reach this server, such as
                        chat.school.lan (repeat for more; .school.lan allows every name
                        under it). The machine's addresses, its name and <name>.local
                        are always allowed; other names get 403 (against DNS rebinding).
      --accounts <mode> guests (default): anyone chats as a guest and may protect their
                        name with a password. accounts-only: sign in to chat. off: no
                        accounts, everyone a guest. Until the server has an admin, it
                        prints a one-time link that makes the first one.
      --guests <mode>   What guests may do. open (default): create rooms and write
                        privately to anyone. limited: create rooms, and write privately
                        only to people with an account. restricted: neither; they join
                        the lobby, public and code rooms.
      --postgres <url>  Keep the chat in PostgreSQL (postgres://user:password@host/db)
                        instead of the data directory, so several servers can share it.
      --redis <url>     With --postgres: run as one of several servers behind a load
                        balancer, carrying the chat between them through Redis
                        (redis://host:6379). See docs/guides/deploy.md.
  -h, --help            Show this help.

Commands:
  backup <file>         Copy the database to <file> while the server keeps running
                        (SQLite online backup).
  restore <file>        Put a backup in place of the database. Stop the server first.
                        Every room gets a new epoch, so clients that saw messages written
                        after the backup reload those rooms instead of resuming.

Environment: PORT, HOST, LANCHAT_HTTPS_PORT, LANCHAT_DATA_DIR, LANCHAT_ALLOWED_HOSTS, LANCHAT_POSTGRES_URL, LANCHAT_REDIS_URL, LOG_LEVEL (trace, debug, info, warn, error; default info).
`

/**
 * Reads `--port`, `--host` (also as `--port=5001`), `--https-port`, `--no-https`, `--no-advertise`, `--data-dir`, `--memory`,
 * `--synchronous`, `--allowed-host`, `--accounts`, `--guests`, `--postgres` and `--redis`, falling back to `PORT`, `HOST`,
 * `LANCHAT_HTTPS_PORT`, `LANCHAT_DATA_DIR`, `LANCHAT_POSTGRES_URL` and `LANCHAT_REDIS_URL`. Flags win over variables.
 *
 * @example
 * ```ts
 * parseCliOptions(['--port', '5001', '--memory'], {})
 * // { port: 5001, host: '0.0.0.0', advertise: true, dataDir: undefined, memory: true, synchronous: 'full', allowedHosts: [],
//   accounts: 'guests', guests: 'open', postgres: undefined, redis: undefined, https: true, httpsPort: undefined, help: false }
 * ```
 */
export function parseCliOptions(argv: readonly string[], environment: NodeJS.ProcessEnv): CliOptions {
  const options: CliOptions = {
    port: environment.PORT === undefined || environment.PORT === '' ? 5000 : parsePort(environment.PORT, 'PORT'),
    host: environment.HOST === undefined || environment.HOST === '' ? '0.0.0.0' : environment.HOST,
    advertise: true,
    dataDir: undefined,
    memory: false,
    synchronous: 'full',
    allowedHosts: parseHostList(environment.LANCHAT_ALLOWED_HOSTS ?? ''),
    accounts: 'guests',
    guests: 'open',
    postgres: parseConnectionString(environment.LANCHAT_POSTGRES_URL, 'LANCHAT_POSTGRES_URL', 'postgres'),
    redis: parseConnectionString(environment.LANCHAT_REDIS_URL, 'LANCHAT_REDIS_URL', 'redis'),
    https: true,
    httpsPort:
      environment.LANCHAT_HTTPS_PORT === undefined || environment.LANCHAT_HTTPS_PORT === ''
        ? undefined
        : parsePort(environment.LANCHAT_HTTPS_PORT, 'LANCHAT_HTTPS_PORT'),
    help: false,
  }
  let httpsPortFlag = false
  let dataDirFlag: string | undefined
  readArguments(argv, (flag, value) => {
    switch (flag) {
      case '-p':
      case '--port':
        options.port = parsePort(value(), flag)
        return
      case '-H':
      case '--host': {
        const host = value().trim()
        if (host === '') throw new CliUsageError(`${flag} needs an address, such as 0.0.0.0 or 127.0.0.1.`)
        options.host = host
        return
      }
      case '--no-advertise':
        options.advertise = false
        return
      case '--https-port':
        options.httpsPort = parsePort(value(), flag)
        httpsPortFlag = true
        return
      case '--no-https':
        options.https = false
        return
      case '--data-dir':
        dataDirFlag = parseDirectory(value(), flag, environment)
        return
      case '--memory':
        options.memory = true
        return
      case '--synchronous':
        options.synchronous = parseDurability(value(), flag)
        return
      case '--allowed-host': {
        const names = parseHostList(value())
        if (names.length === 0) throw new CliUsageError(`${flag} needs a host name, such as chat.school.lan.`)
        options.allowedHosts.push(...names)
        return
      }
      case '--accounts':
        options.accounts = parseAccountsMode(value(), flag)
        return
      case '--guests':
        options.guests = parseGuestsMode(value(), flag)
        return
      case '--postgres':
        options.postgres = parseConnectionString(value(), flag, 'postgres')
        return
      case '--redis':
        options.redis = parseConnectionString(value(), flag, 'redis')
        return
      case '-h':
      case '--help':
        options.help = true
        return
      default:
        throw unknownArgument(flag)
    }
  })
  if (!options.https && httpsPortFlag) {
    throw new CliUsageError('--https-port and --no-https do not go together: choose a port for HTTPS, or no HTTPS.')
  }
  if (options.https && options.httpsPort !== undefined && options.httpsPort !== 0 && options.httpsPort === options.port) {
    throw new CliUsageError(`HTTP and HTTPS cannot share port ${options.port}: choose another --https-port.`)
  }
  if (options.memory && dataDirFlag !== undefined) {
    throw new CliUsageError('--data-dir and --memory do not go together: choose where to keep the chat, or keep nothing.')
  }
  if (options.postgres !== undefined && (options.memory || dataDirFlag !== undefined)) {
    throw new CliUsageError('--postgres keeps the chat in PostgreSQL: leave out --memory and --data-dir.')
  }
  if (options.redis !== undefined && options.postgres === undefined) {
    throw new CliUsageError('--redis joins this server to others, which must share one store: add --postgres <url>.')
  }
  // --memory wins over LANCHAT_DATA_DIR, as every flag wins over its variable.
  if (!options.memory && options.postgres === undefined) options.dataDir = dataDirFlag ?? dataDirFromEnvironment(environment)
  return options
}

/**
 * Reads the arguments after `backup` or `restore`: the backup file and `--data-dir` (or `LANCHAT_DATA_DIR`).
 *
 * @example
 * ```ts
 * parseBackupOptions(['/backups/chat.db', '--data-dir', '/srv/lanchat'], {})
 * // { destination: '/backups/chat.db', dataDir: '/srv/lanchat', help: false }
 * ```
 */
export function parseBackupOptions(
  argv: readonly string[],
  environment: NodeJS.ProcessEnv,
  command: 'backup' | 'restore' = 'backup',
): BackupCliOptions {
  const what = command === 'backup' ? 'a file to write the copy to' : 'the backup file to restore'
  const options: BackupCliOptions = { destination: undefined, dataDir: dataDirFromEnvironment(environment), help: false }
  readArguments(argv, (argument, value) => {
    switch (argument) {
      case '--data-dir':
        options.dataDir = parseDirectory(value(), argument, environment)
        return
      case '-h':
      case '--help':
        options.help = true
        return
      default:
        if (argument.startsWith('-') || options.destination !== undefined) throw unknownArgument(argument)
        if (argument.trim() === '') throw new CliUsageError(`${command} needs ${what}.`)
        options.destination = resolveArgumentPath(argument, environment)
    }
  })
  if (options.destination === undefined && !options.help) {
    throw new CliUsageError(`${command} needs ${what}: ${command} <file> [--data-dir <dir>].`)
  }
  return options
}

/**
 * Walks the arguments, calling `handle` with each flag (without its `=value`) or plain argument. `value()` takes
 * the flag's value: the part after `=`, else the next argument.
 */
function readArguments(argv: readonly string[], handle: (argument: string, value: () => string) => void): void {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string
    // pnpm passes a lone `--` through when the user wrote `pnpm start -- --port 5001`.
    if (argument === '--') continue
    const [flag, inlineValue] = argument.startsWith('--') && argument.includes('=') ? argument.split(/=(.*)/s) : [argument]
    const value = (): string => {
      if (inlineValue !== undefined) return inlineValue
      const next = argv[index + 1]
      if (next === undefined || next.startsWith('-')) throw new CliUsageError(`${flag} needs a value.`)
      index++
      return next
    }
    handle(flag as string, value)
  }
}

function parsePort(value: string, source: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliUsageError(`${source} must be a port number from 0 to 65535, not "${value}".`)
  }
  return port
}

function parseDurability(value: string, source: string): Durability {
  if (value === 'full' || value === 'normal') return value
  throw new CliUsageError(`${source} must be full or normal, not "${value}".`)
}

function parseGuestsMode(value: string, source: string): GuestsMode {
  if (value === 'open' || value === 'limited' || value === 'restricted') return value
  throw new CliUsageError(`${source} must be open, limited or restricted, not "${value}".`)
}

/** The plugin's guest policy for a `--guests` mode. */
export function guestPolicyOf(mode: GuestsMode): { createRooms: boolean; directMessages: 'anyone' | 'accounts' | 'none' } {
  switch (mode) {
    case 'open':
      return { createRooms: true, directMessages: 'anyone' }
    case 'limited':
      return { createRooms: true, directMessages: 'accounts' }
    case 'restricted':
      return { createRooms: false, directMessages: 'none' }
  }
}

function parseAccountsMode(value: string, source: string): AccountsMode {
  if (value === 'guests' || value === 'accounts-only' || value === 'off') return value
  throw new CliUsageError(`${source} must be guests, accounts-only or off, not "${value}".`)
}

/** A `postgres://` or `redis://` connection string (also `postgresql://`, `rediss://`); undefined for none. */
function parseConnectionString(value: string | undefined, source: string, scheme: 'postgres' | 'redis'): string | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const schemes = scheme === 'postgres' ? /^postgres(ql)?:\/\/./ : /^rediss?:\/\/./
  if (!schemes.test(value.trim())) {
    const example = scheme === 'postgres' ? 'postgres://user:password@host:5432/lanchat' : 'redis://host:6379'
    throw new CliUsageError(`${source} must be a ${scheme} connection string such as ${example}.`)
  }
  return value.trim()
}

function parseDirectory(value: string, source: string, environment: NodeJS.ProcessEnv): string {
  if (value.trim() === '') throw new CliUsageError(`${source} needs a directory.`)
  return resolveArgumentPath(value, environment)
}

function dataDirFromEnvironment(environment: NodeJS.ProcessEnv): string | undefined {
  const value = environment.LANCHAT_DATA_DIR
  return value === undefined || value.trim() === '' ? undefined : resolveArgumentPath(value, environment)
}

/**
 * A path from the command line, made absolute. pnpm runs package scripts in the package's folder and says where
 * the user typed the command in `INIT_CWD`, so `pnpm start --data-dir ./chat` means the folder the user sees.
 */
function resolveArgumentPath(path: string, environment: NodeJS.ProcessEnv): string {
  return resolve(environment.INIT_CWD ?? process.cwd(), path)
}

function unknownArgument(argument: string): CliUsageError {
  return new CliUsageError(`Unknown option "${argument}". Run with --help to see the options.`)
}

/** `a.lan, .b.lan` → `['a.lan', '.b.lan']`: names separated by commas or white space, empty ones dropped. */
function parseHostList(value: string): string[] {
  const names = value.split(/[\s,]+/).filter((name) => name !== '')
  for (const name of names) {
    if (!/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?$/.test(name)) {
      throw new CliUsageError(`"${name}" is not a host name; give one such as chat.school.lan or .school.lan.`)
    }
  }
  return names
}
