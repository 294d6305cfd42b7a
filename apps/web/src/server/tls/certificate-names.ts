import { isIP } from 'node:net'
import { hostname as osHostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os'

/** The names and addresses a server certificate must be valid for. */
export interface CertificateNames {
  /** Host names, lowercased: `localhost`, the machine's name, `<name>.local`, and any extra names given. */
  dns: string[]
  /** IPv4 and IPv6 addresses, in Node's canonical text form. */
  ip: string[]
}

/** Where {@link machineCertificateNames} looks; the defaults are this machine's. */
export interface MachineNamesSource {
  hostname?: string
  interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>
  /** Further host names people use (`--allowed-host` names without a leading dot). */
  extraNames?: readonly string[]
}

// Letters, digits and hyphens only: an underscore is legal in a host name but not in a certificate's dNSName (RFC 5280).
const DNS_LABELS = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/

/**
 * Every name and address this machine can be reached at on a LAN: `localhost`, `127.0.0.1`, `::1`, its host name
 * and `<hostname>.local` (its mDNS name), and the address of each network interface, IPv4 and IPv6. IPv6
 * link-local addresses (`fe80::/10`) are left out: a URL cannot carry the zone (`%wlan0`) they need.
 *
 * @example
 * ```ts
 * machineCertificateNames({ hostname: 'studio', interfaces: { wlan0: [{ family: 'IPv4', address: '192.168.1.23', internal: false, … }] } })
 * // { dns: ['localhost', 'studio', 'studio.local'], ip: ['127.0.0.1', '::1', '192.168.1.23'] }
 * ```
 */
export function machineCertificateNames(source: MachineNamesSource = {}): CertificateNames {
  const dns = new Set<string>(['localhost'])
  const machine = cleanName(source.hostname ?? osHostname())
  if (machine !== undefined) {
    dns.add(machine)
    const [label] = machine.split('.')
    if (label !== undefined && label !== '') dns.add(machine.endsWith('.local') ? machine : `${label}.local`)
  }
  for (const name of source.extraNames ?? []) {
    const clean = cleanName(name)
    if (clean !== undefined) dns.add(clean)
  }
  const ip = new Set<string>(['127.0.0.1', '::1'])
  for (const infos of Object.values(source.interfaces ?? networkInterfaces())) {
    for (const info of infos ?? []) {
      if (info.internal) continue
      if (info.family === 'IPv6' && /^fe[89ab]/i.test(info.address)) continue
      if (isIP(info.address) === 0) continue
      ip.add(info.address.toLowerCase())
    }
  }
  return { dns: [...dns], ip: [...ip] }
}

/** A host name as a certificate may carry it (lowercase, no trailing dot), or undefined when it is not one. */
function cleanName(name: string): string | undefined {
  const lower = name.trim().toLowerCase().replace(/\.$/, '')
  if (lower === '' || lower.length > 253 || isIP(lower) !== 0 || !DNS_LABELS.test(lower)) return undefined
  return lower
}
