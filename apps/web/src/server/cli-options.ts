/** What the command line and environment ask for. */
export interface CliOptions {
  port: number
  host: string
  advertise: boolean
  help: boolean
}

/** A command-line argument or variable is wrong; the message says which and how to fix it. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}

export const USAGE = `Usage: pnpm start [--port <port>] [--host <address>] [--no-advertise]

Starts the lanchat demo: a chat server and web app for everyone on this network.

Options:
  -p, --port <port>     Port to listen on (default 5000, or $PORT). 0 picks a free port.
  -H, --host <address>  Address to listen on (default 0.0.0.0, every interface, or $HOST).
                        Use 127.0.0.1 to keep the chat to this machine.
      --no-advertise    Do not announce the server on the network with mDNS.
  -h, --help            Show this help.

Environment: PORT, HOST, LOG_LEVEL (trace, debug, info, warn, error; default info).
`

function parsePort(value: string, source: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliUsageError(`${source} must be a port number from 0 to 65535, not "${value}".`)
  }
  return port
}

/**
 * Reads `--port`, `--host` (also as `--port=5001`) and `--no-advertise`, falling back to `PORT` and `HOST`.
 *
 * @example
 * ```ts
 * parseCliOptions(['--port', '5001'], {}) // { port: 5001, host: '0.0.0.0', advertise: true, help: false }
 * ```
 */
export function parseCliOptions(argv: readonly string[], environment: NodeJS.ProcessEnv): CliOptions {
  const options: CliOptions = {
    port: environment.PORT === undefined || environment.PORT === '' ? 5000 : parsePort(environment.PORT, 'PORT'),
    host: environment.HOST === undefined || environment.HOST === '' ? '0.0.0.0' : environment.HOST,
    advertise: true,
    help: false,
  }
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
    switch (flag) {
      case '-p':
      case '--port':
        options.port = parsePort(value(), flag)
        break
      case '-H':
      case '--host': {
        const host = value().trim()
        if (host === '') throw new CliUsageError(`${flag} needs an address, such as 0.0.0.0 or 127.0.0.1.`)
        options.host = host
        break
      }
      case '--no-advertise':
        options.advertise = false
        break
      case '-h':
      case '--help':
        options.help = true
        break
      default:
        throw new CliUsageError(`Unknown option "${argument}". Run with --help to see the options.`)
    }
  }
  return options
}
