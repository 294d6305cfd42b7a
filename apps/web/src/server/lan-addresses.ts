import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'

/** An address other devices on the network may reach this machine at. */
export interface LanAddress {
  /** The interface's name, such as `wlan0` or `en0`. */
  interfaceName: string
  address: string
}

// Bridges and tunnels made by containers, VMs and VPNs: reachable from this machine only, or from a
// private overlay. Listed after the real network cards so the QR code points at the Wi-Fi or Ethernet address.
const virtualInterface = /^(docker|br-|veth|virbr|vmnet|vboxnet|lxc|lxd|cni|flannel|podman|tun|tap|utun|zt|tailscale|wg)/i

/**
 * The IPv4 addresses of this machine's network interfaces, without loopback and link-local ones,
 * real network cards first.
 *
 * @example
 * ```ts
 * lanAddresses() // [{ interfaceName: 'wlan0', address: '192.168.1.23' }]
 * ```
 */
export function lanAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): LanAddress[] {
  const addresses: LanAddress[] = []
  for (const [interfaceName, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal || info.address.startsWith('169.254.')) continue
      addresses.push({ interfaceName, address: info.address })
    }
  }
  const rank = (entry: LanAddress) => (virtualInterface.test(entry.interfaceName) ? 1 : 0)
  return addresses.sort((first, second) => rank(first) - rank(second))
}
