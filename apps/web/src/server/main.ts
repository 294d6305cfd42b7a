#!/usr/bin/env node
// The `pnpm start` entry (bundled to dist/server.js): parse options, start the server, print where to
// join, and shut down cleanly on Ctrl-C or SIGTERM.
import closeWithGrace from 'close-with-grace'
import { banner } from './banner.js'
import { CliUsageError, parseCliOptions, USAGE } from './cli-options.js'
import { loggerOptions } from './logger-options.js'
import { BrowserAppMissingError } from './public-directory.js'
import { startServer, type RunningServer } from './start-server.js'

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

async function main(): Promise<void> {
  const startedAt = performance.now()
  let options
  try {
    options = parseCliOptions(process.argv.slice(2), process.env)
  } catch (error) {
    if (error instanceof CliUsageError) fail(error.message)
    throw error
  }
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
      logger: loggerOptions(process.stdout.isTTY === true, process.env.LOG_LEVEL),
    })
  } catch (error) {
    if (error instanceof BrowserAppMissingError) fail(error.message)
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
  process.stdout.write(banner(server.urls, { colour, readyInMs: Math.round(performance.now() - startedAt) }))
}

await main()
