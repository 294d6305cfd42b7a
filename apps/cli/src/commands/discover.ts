import { discoverServers } from '../discovery/discover-servers.js'
import { ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import type { CommandContext } from './context.js'
import { note } from './context.js'

export interface DiscoverOptions {
  json?: boolean | undefined
  timeoutMs: number
}

/**
 * `lanchat discover [--json]`: lists the lanchat servers that answer on the local network within the
 * timeout. Finding none is not an error (exit 0); `--json` then prints `[]`.
 */
export async function discoverCommand(context: CommandContext, options: DiscoverOptions): Promise<number> {
  const servers = await discoverServers({ timeoutMs: options.timeoutMs })
  if (options.json === true) {
    const plain = servers.map(({ name, url, host, port, path, addresses }) => ({ name, url, host, port, path, addresses }))
    context.stdout.write(`${JSON.stringify(plain, null, 2)}\n`)
    return ExitCode.Ok
  }
  if (servers.length === 0) {
    note(context, `no lanchat servers found on the network within ${options.timeoutMs / 1000} s`)
    return ExitCode.Ok
  }
  const width = Math.max(...servers.map((server) => sanitizeLine(server.name).length))
  for (const server of servers) {
    const name = sanitizeLine(server.name).padEnd(width)
    context.stdout.write(`${context.colours.bold(name)}  ${server.url}  ${context.colours.dim(`(${server.host})`)}\n`)
  }
  return ExitCode.Ok
}
