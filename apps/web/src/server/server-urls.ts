import { lanAddresses } from './lan-addresses.js'

/** Where people open the app: this machine's own URL and one per network address. */
export interface ServerUrls {
  local: string
  network: string[]
}

const wildcardHosts = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0'])
const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1'])

function httpUrl(host: string, port: number): string {
  const printable = host.includes(':') ? `[${host}]` : host
  return `http://${printable}:${port}/`
}

/**
 * The URLs a server listening on `host:port` can be opened at, like Vite prints them.
 *
 * @example
 * ```ts
 * serverUrls('0.0.0.0', 5000) // { local: 'http://localhost:5000/', network: ['http://192.168.1.23:5000/'] }
 * ```
 */
export function serverUrls(host: string, port: number): ServerUrls {
  if (wildcardHosts.has(host)) {
    return {
      local: httpUrl('localhost', port),
      network: lanAddresses().map((entry) => httpUrl(entry.address, port)),
    }
  }
  if (loopbackHosts.has(host)) return { local: httpUrl(host, port), network: [] }
  return { local: httpUrl(host, port), network: [httpUrl(host, port)] }
}
