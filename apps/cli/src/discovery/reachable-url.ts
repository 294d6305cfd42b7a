import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { socketUrl, type DiscoveredServer } from './discover-servers.js'

const CONNECT_TIMEOUT_MS = 1_500

/** Resolves true when a TCP connection to host:port opens within the timeout. */
function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const timer = setTimeout(() => done(false), CONNECT_TIMEOUT_MS)
    function done(result: boolean): void {
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

function localAddresses(): Set<string> {
  return new Set(
    Object.values(networkInterfaces())
      .flat()
      .map((entry) => entry?.address)
      .filter((address): address is string => address !== undefined),
  )
}

/**
 * The socket URL of a discovered server that this machine can actually reach. A server on this very machine is
 * reached through the loopback address first (no firewall or changing interface in the way); others through their
 * announced addresses in order. Falls back to the announced URL so the connection error names it.
 *
 * @example
 * ```ts
 * const url = await reachableUrl(server)
 * ```
 */
export async function reachableUrl(server: DiscoveredServer): Promise<string> {
  const onThisMachine = server.addresses.some((address) => localAddresses().has(address))
  const candidates = onThisMachine ? ['127.0.0.1', ...server.addresses] : [...server.addresses]
  for (const address of candidates) {
    if (await canConnect(address, server.port)) return socketUrl(address, server.port, server.path, server.secure === true)
  }
  return server.url
}
