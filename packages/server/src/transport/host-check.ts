import { isIP } from 'node:net'
import { hostname as osHostname } from 'node:os'

/**
 * Which `Host` header values the server answers, against DNS rebinding (a foreign page whose name was pointed at
 * this server's address). `'auto'`: the server's own names and addresses only (see {@link createHostCheck}). An
 * array: those, plus these names; an entry that starts with a dot (`'.example.com'`) also allows every name under
 * it. `'*'`: any host (behind a proxy that checks it already).
 */
export type AllowedHosts = 'auto' | '*' | readonly string[]

/** Options of {@link createHostCheck}. */
export interface HostCheckOptions {
  /** The machine's host name. Default: `os.hostname()`. */
  hostname?: string
}

// A DNS name (underscores are common in Windows machine names), optionally with a trailing dot.
const DNS_NAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/

/**
 * Builds the test a request's `Host` header must pass. Always allowed: any IP address (a page can only send its
 * address as `Host` when the browser really went to that address, so an address cannot be rebound), `localhost`
 * and names under `.localhost`, the machine's host name and `<hostname>.local` (its mDNS name). The port in the
 * header is ignored. A request without a `Host` header, or with one that is not a host name, is refused.
 *
 * @example
 * ```ts
 * const hostAllowed = createHostCheck(['chat.example'])
 * hostAllowed('192.168.1.20:5000')      // true
 * hostAllowed('chat.example')           // true
 * hostAllowed('rebind.evil.example')    // false
 * ```
 */
export function createHostCheck(allowed: AllowedHosts = 'auto', options: HostCheckOptions = {}): (host: string | undefined) => boolean {
  if (allowed === '*') return () => true
  const exact = new Set<string>(['localhost'])
  const suffixes = ['.localhost']
  const machine = normalizeName(options.hostname ?? osHostname())
  if (machine !== undefined) {
    exact.add(machine)
    const [label] = machine.split('.')
    if (label !== undefined && label !== '' && !machine.endsWith('.local')) exact.add(`${label}.local`)
  }
  for (const entry of allowed === 'auto' ? [] : allowed) {
    const name = normalizeName(entry.startsWith('.') ? entry.slice(1) : entry)
    if (name === undefined) continue
    exact.add(name)
    if (entry.startsWith('.')) suffixes.push(`.${name}`)
  }
  return (host) => {
    if (host === undefined) return false
    const name = hostnameOf(host)
    if (name === undefined) return false
    if (isIP(name.startsWith('[') ? name.slice(1, -1) : name) !== 0) return true
    return exact.has(name) || suffixes.some((suffix) => name.endsWith(suffix))
  }
}

/** The name or address of a `Host` header without its port, lowercased, without a trailing dot; IPv6 keeps its brackets. */
export function hostnameOf(host: string): string | undefined {
  let name: string
  let port: string
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    if (end === -1) return undefined
    name = host.slice(0, end + 1)
    port = host.slice(end + 1)
    if (isIP(name.slice(1, -1)) !== 6) return undefined
  } else {
    const colon = host.indexOf(':')
    name = colon === -1 ? host : host.slice(0, colon)
    port = colon === -1 ? '' : host.slice(colon)
    const normalized = normalizeName(name)
    if (normalized === undefined) return undefined
    name = normalized
  }
  if (port !== '' && !/^:\d{1,5}$/.test(port)) return undefined
  return name.toLowerCase()
}

function normalizeName(name: string): string | undefined {
  const lower = name.trim().toLowerCase()
  if (lower === '' || lower.length > 253 || !DNS_NAME.test(lower)) return undefined
  return lower.endsWith('.') ? lower.slice(0, -1) : lower
}
