import { lanAddresses } from './lan-addresses.js'

/** Where people open the app: this machine's own URL and one per network address. */
export interface ServerUrls {
  local: string
  network: string[]
}

const wildcardHosts = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0'])
const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1'])

function httpUrl(host: string, port: number, protocol: 'http' | 'https' = 'http'): string {
  const printable = host.includes(':') ? `[${host}]` : host
  return `${protocol}://${printable}:${port}/`
}

/**
 * The URLs a server listening on `host:port` can be opened at, like Vite prints them.
 *
 * @example
 * ```ts
 * serverUrls('0.0.0.0', 5000) // { local: 'http://localhost:5000/', network: ['http://192.168.1.23:5000/'] }
 * serverUrls('0.0.0.0', 5001, 'https') // { local: 'https://localhost:5001/', network: ['https://192.168.1.23:5001/'] }
 * ```
 */
export function serverUrls(host: string, port: number, protocol: 'http' | 'https' = 'http'): ServerUrls {
  if (wildcardHosts.has(host)) {
    return {
      local: httpUrl('localhost', port, protocol),
      network: lanAddresses().map((entry) => httpUrl(entry.address, port, protocol)),
    }
  }
  if (loopbackHosts.has(host)) return { local: httpUrl(host, port, protocol), network: [] }
  return { local: httpUrl(host, port, protocol), network: [httpUrl(host, port, protocol)] }
}
