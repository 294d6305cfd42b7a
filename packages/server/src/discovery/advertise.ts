import type { EventEmitter } from 'node:events'
import { Bonjour, type Service } from 'bonjour-service'
import type { FastifyBaseLogger } from 'fastify'

/** The DNS-SD service type lanchat servers publish: `_lanchat._tcp`. */
export const LANCHAT_SERVICE_TYPE = 'lanchat'

/** The TXT `proto` value: the wire protocol version a client will speak there. */
const PROTOCOL_TXT = '1'

// How long a name is probed for an existing owner (three queries, 250 ms apart, as RFC 6762 §8.1 asks).
const PROBE_QUERIES = 3
const PROBE_INTERVAL_MS = 250
// Renames tried after a conflict (`name (2)` … `name (9)`) before giving up.
const MAX_RENAMES = 8
// The goodbye packet and socket close are normally immediate; never let shutdown wait longer than this.
const STOP_TIMEOUT_MS = 1_000

export interface AdvertiseOptions {
  /** The port the HTTP server listens on. */
  port: number
  /** The chat socket's path, such as `/ws` or `/chat/ws`, published in TXT `path`. */
  path: string
  /** The service instance name people see in a list of servers. */
  name: string
  /** Where to report progress and failures. */
  log: FastifyBaseLogger
}

export interface LanchatAdvertisement {
  /** Withdraws the advertisement (a goodbye packet) and closes the mDNS socket. Never rejects. */
  stop(): Promise<void>
}

/** The part of multicast-dns that bonjour-service keeps private but we must listen to. */
interface MulticastDns extends EventEmitter {
  query(name: string, type: string, callback?: (error: Error | null) => void): void
}

interface DnsRecord {
  name: string
}

interface DnsPacket {
  answers: DnsRecord[]
  additionals: DnsRecord[]
}

/**
 * Whether a server bound to `address` can be reached from the LAN, and so is worth advertising there. A server
 * bound to loopback only (`127.0.0.1`, `::1`, `localhost`) answers nobody else: advertising it would list it at an
 * address where nothing answers.
 *
 * @example
 * ```ts
 * isReachableFromLan('0.0.0.0')      // true
 * isReachableFromLan('192.168.1.20') // true
 * isReachableFromLan('127.0.0.1')    // false
 * ```
 */
export function isReachableFromLan(address: string): boolean {
  const host = address.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (host === 'localhost' || host.endsWith('.localhost')) return false
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return false
  const v4 = host.startsWith('::ffff:') ? host.slice('::ffff:'.length) : host
  return !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)
}

function fullyQualified(name: string): string {
  return `${name}._${LANCHAT_SERVICE_TYPE}._tcp.local`
}

/**
 * Announces a lanchat server on the local network with mDNS/DNS-SD: service type `_lanchat._tcp`, instance
 * `name`, TXT `{ path, proto: '1' }`. If another machine already uses the name, it takes `name (2)`,
 * `name (3)`, … as DNS-SD asks. It never throws: when multicast is unavailable (no network, a firewall, a
 * port held exclusively) it logs one warning and the server goes on without it.
 *
 * @example
 * ```ts
 * const advertisement = advertiseLanchat({ port: 5000, path: '/ws', name: 'lanchat on kitchen-pc', log: app.log })
 * app.addHook('onClose', () => advertisement.stop())
 * ```
 */
export function advertiseLanchat(options: AdvertiseOptions): LanchatAdvertisement {
  const { port, path, name, log } = options
  let stopped = false
  let failed = false
  let service: Service | undefined
  const timers = new Set<NodeJS.Timeout>()
  let bonjour: Bonjour
  let mdns: MulticastDns

  const fail = (error: unknown): void => {
    if (failed || stopped) return
    failed = true
    log.warn({ err: error }, 'could not advertise on the LAN with mDNS; the server is still reachable by its URL')
  }

  try {
    bonjour = new Bonjour({}, fail)
    // bonjour-service does not listen for socket errors itself; without this a failed bind would crash the host.
    mdns = (bonjour as unknown as { server: { mdns: MulticastDns } }).server.mdns
    mdns.on('error', fail)
    mdns.on('warning', (error: unknown) => log.debug({ err: error }, 'mDNS warning'))
  } catch (error) {
    fail(error)
    return { stop: () => Promise.resolve() }
  }

  const later = (callback: () => void, delayMs: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      callback()
    }, delayMs)
    timers.add(timer)
  }

  /** Calls back with whether some other responder already answers for `fqdn`. */
  const probe = (fqdn: string, done: (taken: boolean) => void): void => {
    let sent = 0
    let settled = false
    const matches = (record: DnsRecord): boolean => record.name.toLowerCase() === fqdn.toLowerCase()
    const onResponse = (packet: DnsPacket): void => {
      if (packet.answers.some(matches) || packet.additionals.some(matches)) finish(true)
    }
    const finish = (taken: boolean): void => {
      if (settled) return
      settled = true
      mdns.removeListener('response', onResponse)
      if (!stopped && !failed) done(taken)
    }
    const send = (): void => {
      if (settled || stopped || failed) return finish(false)
      if (sent === PROBE_QUERIES) return finish(false)
      sent++
      mdns.query(fqdn, 'ANY', (error) => {
        if (error) fail(error)
      })
      later(send, PROBE_INTERVAL_MS)
    }
    mdns.on('response', onResponse)
    send()
  }

  const publish = (attempt: number): void => {
    const instance = attempt === 1 ? name : `${name} (${attempt})`
    probe(fullyQualified(instance), (taken) => {
      if (taken) {
        if (attempt > MAX_RENAMES) {
          fail(new Error(`the service names "${name}" to "${instance}" are all in use on the network`))
          return
        }
        log.info({ name: instance }, 'mDNS service name in use on the network; trying another')
        publish(attempt + 1)
        return
      }
      try {
        service = bonjour.publish({
          name: instance,
          type: LANCHAT_SERVICE_TYPE,
          protocol: 'tcp',
          port,
          txt: { path, proto: PROTOCOL_TXT },
          // We probed ourselves (bonjour-service's own probe gives up on a conflict and prints to stdout).
          probe: false,
        })
        service.on('error', fail)
        service.once('up', () => log.info({ name: instance, port, path }, 'advertising on the LAN with mDNS'))
      } catch (error) {
        fail(error)
      }
    })
  }

  publish(1)

  return {
    stop() {
      if (stopped) return Promise.resolve()
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      return new Promise<void>((resolve) => {
        const giveUp = setTimeout(finish, STOP_TIMEOUT_MS)
        let finished = false
        function finish(): void {
          if (finished) return
          finished = true
          clearTimeout(giveUp)
          resolve()
        }
        const destroy = (): void => {
          try {
            bonjour.destroy(finish)
          } catch {
            finish()
          }
        }
        try {
          // A goodbye (TTL 0) so browsers drop the server now rather than when the record expires.
          if (service !== undefined && !failed) bonjour.unpublishAll(destroy)
          else destroy()
        } catch {
          destroy()
        }
      })
    },
  }
}
