import type { EventEmitter } from 'node:events'
import { Bonjour, type Service } from 'bonjour-service'
import { CliError, ExitCode } from '../errors.js'

/** The DNS-SD service type lanchat servers advertise: `_lanchat._tcp`. */
export const LANCHAT_SERVICE_TYPE = 'lanchat'

/** The wire protocol this client speaks, as advertised in TXT `proto`. */
const SUPPORTED_PROTOCOL = '1'

// The first PTR query can be lost or go out before a responder is ready; ask again this often.
const REQUERY_INTERVAL_MS = 1_000

/** A lanchat server found on the network. */
export interface DiscoveredServer {
  /** The name it advertises, such as `lanchat on kitchen-pc`. */
  name: string
  /** Its host name (`kitchen-pc.local`). */
  host: string
  port: number
  /** The chat socket's path (TXT `path`). */
  path: string
  /** Every address it announced, IPv4 first. */
  addresses: string[]
  /** The socket URL to try first. */
  url: string
  /** Whether it serves TLS (TXT `tls=1`): its URLs are `wss://`, trusted on first use like any other. */
  secure?: boolean
}

function isIpv4(address: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address)
}

function isLinkLocalIpv6(address: string): boolean {
  return /^fe[89ab]/i.test(address)
}

/** `ws://address:port/path` (`wss://` when `secure`), bracketing IPv6. */
export function socketUrl(address: string, port: number, path: string, secure = false): string {
  const host = address.includes(':') ? `[${address}]` : address
  return `${secure ? 'wss' : 'ws'}://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`
}

/** Addresses in the order to try them: the one the answer came from, other IPv4, routable IPv6, link-local IPv6. */
function orderAddresses(service: Service): string[] {
  const addresses = [...new Set(service.addresses ?? [])]
  const referer = service.referer?.address
  const rank = (address: string): number =>
    address === referer ? 0 : isIpv4(address) ? 1 : isLinkLocalIpv6(address) ? 3 : 2
  return addresses.sort((left, right) => rank(left) - rank(right))
}

/**
 * What a DNS-SD answer says about a lanchat server, made safe: another protocol version is left out (undefined),
 * and the host, path and addresses, which come off the network, keep only the characters they may hold.
 *
 * @example
 * ```ts
 * describeService(service)?.url // 'ws://192.168.1.23:5000/ws'
 * ```
 */
export function describeService(service: Service): DiscoveredServer | undefined {
  const txt = (service.txt ?? {}) as Record<string, unknown>
  if (txt.proto !== undefined && String(txt.proto) !== SUPPORTED_PROTOCOL) return undefined
  // TXT `path` also comes off the network: keep the characters of a URL path only.
  const path = typeof txt.path === 'string' && txt.path !== '' ? txt.path.replace(/[^A-Za-z0-9/_.~-]/g, '') : '/ws'
  const addresses = orderAddresses(service).filter((address) => isIpv4(address) || /^[0-9a-f:]+$/i.test(address))
  // The host name comes off the network: keep only what a host name may hold, so it is safe in a URL and on screen.
  const host = service.host.replace(/[^A-Za-z0-9.-]/g, '')
  // Link-local IPv6 needs an interface scope a URL cannot carry well; the .local name is a better last resort.
  const first = addresses.find((address) => !isLinkLocalIpv6(address)) ?? host
  if (first === '' || !Number.isInteger(service.port) || service.port <= 0 || service.port > 65_535) return undefined
  const secure = txt.tls !== undefined && /^(1|true)$/.test(String(txt.tls))
  return { name: service.name, host, port: service.port, path, addresses, url: socketUrl(first, service.port, path, secure), ...(secure ? { secure } : {}) }
}

export interface DiscoverOptions {
  /** How long to listen for answers. */
  timeoutMs: number
  /** Called for each new server as it is found. */
  onFound?: (server: DiscoveredServer) => void
}

/**
 * Browses the local network for lanchat servers (`_lanchat._tcp` over mDNS) for `timeoutMs`, then returns
 * those still there, sorted by name. Servers that speak another protocol version are left out. Throws a
 * {@link CliError} (exit 2) only when this machine cannot do multicast at all.
 *
 * @example
 * ```ts
 * const servers = await discoverServers({ timeoutMs: 3_000 })
 * for (const server of servers) console.log(server.name, server.url)
 * ```
 */
export function discoverServers(options: DiscoverOptions): Promise<DiscoveredServer[]> {
  return new Promise((resolve, reject) => {
    const found = new Map<string, DiscoveredServer>()
    let settled = false
    let bonjour: Bonjour
    let failure: unknown
    try {
      bonjour = new Bonjour({}, (error: unknown) => {
        failure ??= error
      })
      // bonjour-service does not listen for socket errors itself; an unheard one would crash the process.
      const mdns = (bonjour as unknown as { server: { mdns: EventEmitter } }).server.mdns
      mdns.on('error', (error: unknown) => {
        failure ??= error
        finish()
      })
      mdns.on('warning', () => {})
    } catch (error) {
      reject(new CliError(`cannot browse the network with mDNS: ${String(error)}`, ExitCode.ConnectionFailed))
      return
    }

    const browser = bonjour.find({ type: LANCHAT_SERVICE_TYPE })
    const remember = (service: Service): void => {
      const server = describeService(service)
      if (server === undefined) return
      const isNew = !found.has(service.fqdn)
      found.set(service.fqdn, server)
      if (isNew) options.onFound?.(server)
    }
    browser.on('up', remember)
    browser.on('srv-update', (service) => remember(service))
    browser.on('txt-update', (service) => remember(service))
    browser.on('down', (service) => found.delete(service.fqdn))

    const requery = setInterval(() => browser.update(), REQUERY_INTERVAL_MS)
    const deadline = setTimeout(finish, options.timeoutMs)

    function finish(): void {
      if (settled) return
      settled = true
      clearInterval(requery)
      clearTimeout(deadline)
      browser.stop()
      bonjour.destroy(() => {
        if (failure !== undefined && found.size === 0) {
          const reason = failure instanceof Error ? failure.message : String(failure)
          reject(new CliError(`cannot browse the network with mDNS: ${reason}`, ExitCode.ConnectionFailed))
          return
        }
        resolve([...found.values()].sort((left, right) => left.name.localeCompare(right.name)))
      })
    }
  })
}
