#!/usr/bin/env node
// The `pnpm start` entry (bundled to dist/server.js): parse options, start the server, print where to
// join, and shut down cleanly on Ctrl-C or SIGTERM. `dist/server.js backup <file>` copies the database instead,
// and `dist/server.js restore <file>` puts a copy back.
import closeWithGrace from 'close-with-grace'
import { restoreSqliteBackup } from '@lanchat/server'
import { BackupError, backupDatabase } from './backup-database.js'
import { banner } from './banner.js'
import { CliUsageError, guestPolicyOf, parseBackupOptions, parseCliOptions, USAGE } from './cli-options.js'
import { DataDirectoryError, databasePath, defaultDataDirectory, prepareDataDirectory } from './data-directory.js'
import { lockDataDirectory } from './data-directory-lock.js'
import { loggerOptions } from './logger-options.js'
import { BrowserAppMissingError } from './public-directory.js'
import { startServer, type RunningServer } from './start-server.js'
import { HttpsListenError } from './tls/https-listener.js'
import { LanTlsError } from './tls/lan-tls.js'

function fail(message: string): never {
  process.stderr.write(`\n  lanchat: ${message}\n\n`)
  process.exit(1)
}

function listenErrorMessage(error: NodeJS.ErrnoException, host: string, port: number): string | undefined {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use by another program.\n  Stop it, or choose another port: PORT=${port + 1} pnpm start (or pnpm start --port ${port + 1}).`
    case 'EACCES':
      return `not allowed to listen on port ${port}. Ports below 1024 need extra rights; choose a higher one with --port.`
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `${host} is not an address of this machine. Use --host 0.0.0.0 to listen on every interface.`
    default:
      return undefined
  }
}

/** SQLite refused the file (not a database, locked, corrupt) or the store did (a schema from a newer lanchat). */
function storeErrorMessage(error: unknown, path: string): string | undefined {
  if (!(error instanceof Error)) return undefined
  const code = (error as { code?: unknown }).code
  if (typeof code !== 'string' || !/^(SQLITE_|LANCHAT_ERR_STORE_)/.test(code)) return undefined
  return `cannot open the database ${path}: ${error.message}.`
}

function parseOrFail<Options>(parse: () => Options): Options {
  try {
    return parse()
  } catch (error) {
    if (error instanceof CliUsageError) fail(error.message)
    throw error
  }
}

async function serve(argv: readonly string[]): Promise<void> {
  const startedAt = performance.now()
  const options = parseOrFail(() => parseCliOptions(argv, process.env))
  if (options.help) {
    process.stdout.write(USAGE)
    return
  }

  let server: RunningServer
  try {
    server = await startServer({
      port: options.port,
      host: options.host,
      advertise: options.advertise,
      dataDir: options.dataDir,
      memory: options.memory,
      synchronous: options.synchronous,
      postgres: options.postgres,
      https: options.https ? { port: options.httpsPort } : undefined,
      chat: {
        allowedHosts: options.allowedHosts,
        accounts: options.accounts === 'off' ? false : { policy: options.accounts },
        guests: guestPolicyOf(options.guests),
        ...(options.redis === undefined ? {} : { fanout: options.redis }),
      },
      logger: loggerOptions(process.stdout.isTTY === true, process.env.LOG_LEVEL),
    })
  } catch (error) {
    if (error instanceof BrowserAppMissingError || error instanceof DataDirectoryError) fail(error.message)
    if (error instanceof HttpsListenError || error instanceof LanTlsError) fail(error.message)
    const storeMessage = storeErrorMessage(error, options.postgres === undefined ? databasePath(options.dataDir ?? defaultDataDirectory()) : 'in PostgreSQL')
    if (error instanceof Error && (error as { code?: unknown }).code === 'LANCHAT_ERR_FANOUT_UNREACHABLE') fail(`${error.message}.`)
    if (storeMessage !== undefined) fail(storeMessage)
    const message = listenErrorMessage(error as NodeJS.ErrnoException, options.host, options.port)
    if (message !== undefined) fail(message)
    throw error
  }

  closeWithGrace({ delay: 5_000, logger: server.app.log }, async ({ signal, err }) => {
    if (err !== undefined) server.app.log.error({ err }, 'stopping after an unexpected error')
    else server.app.log.info({ signal }, 'shutting down')
    await server.close()
  })

  const colour = process.stdout.isTTY === true && process.stdout.hasColors() && process.env.NO_COLOR === undefined
  const readyInMs = Math.round(performance.now() - startedAt)
  // While nobody is admin, a new one-time link each start (an old one still works until it expires or is used).
  const setupPath = options.accounts === 'off' ? undefined : await server.app.lanchat.accountSetupPath()
  const https =
    server.https === undefined
      ? undefined
      : {
          urls: server.https.urls,
          trustUrl: server.trustUrl,
          fingerprint256: server.https.tls.authorityFacts.fingerprint256,
          authorityCreated: server.https.tls.change.authority === 'created' && server.https.tls.directory !== undefined,
          movedFromBusyPort: server.https.movedFromBusyPort,
        }
  process.stdout.write(banner(server.urls, { colour, readyInMs, databasePath: server.databasePath, setupPath, https }))
}

async function backup(argv: readonly string[]): Promise<void> {
  const options = parseOrFail(() => parseBackupOptions(argv, process.env))
  if (options.help || options.destination === undefined) {
    process.stdout.write(USAGE)
    return
  }
  const source = databasePath(options.dataDir ?? defaultDataDirectory())
  try {
    const result = await backupDatabase({
      source,
      destination: options.destination,
      onStart: (pages) => process.stdout.write(`Copying ${source} (${pages} pages)…\n`),
    })
    const kibibytes = Math.ceil(result.bytes / 1024)
    process.stdout.write(`Backup written to ${result.destination} (${kibibytes} KiB, integrity check ok).\n`)
  } catch (error) {
    if (error instanceof BackupError) fail(error.message)
    throw error
  }
}

async function restore(argv: readonly string[]): Promise<void> {
  const options = parseOrFail(() => parseBackupOptions(argv, process.env, 'restore'))
  if (options.help || options.destination === undefined) {
    process.stdout.write(USAGE)
    return
  }
  const dataDir = options.dataDir ?? defaultDataDirectory()
  const path = databasePath(dataDir)
  // The server must be stopped: holding its lock for the restore makes sure it is, and keeps it from starting.
  let release: () => void
  try {
    prepareDataDirectory(dataDir)
    release = lockDataDirectory(dataDir)
  } catch (error) {
    if (error instanceof DataDirectoryError) fail(error.message)
    throw error
  }
  try {
    const { rooms } = await restoreSqliteBackup({ backup: options.destination, path })
    process.stdout.write(
      `Restored ${options.destination} to ${path}: ${rooms} rooms, each with a new epoch.\n` +
        'Start the server again; clients that saw newer messages reload those rooms.\n',
    )
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    release()
    fail(`could not restore ${options.destination} to ${path}: ${reason}`)
  }
  release()
}

// `pnpm start -- backup x` passes the `--` through.
const argv = process.argv.slice(2)
const commandIndex = argv[0] === '--' ? 1 : 0
const command = argv[commandIndex]
if (command === 'backup') await backup(argv.slice(commandIndex + 1))
else if (command === 'restore') await restore(argv.slice(commandIndex + 1))
else await serve(argv)
