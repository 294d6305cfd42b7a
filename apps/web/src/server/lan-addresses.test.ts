import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { lanAddresses } from './lan-addresses.js'

function info(address: string, family: 'IPv4' | 'IPv6' = 'IPv4', internal = false): NetworkInterfaceInfo {
  const base = { address, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', internal, cidr: null }
  return family === 'IPv4' ? { ...base, family } : { ...base, family, scopeid: 0 }
}

describe('lanAddresses', () => {
  it('should list IPv4 network addresses, real network cards before container bridges', () => {
    const addresses = lanAddresses({
      lo: [info('127.0.0.1', 'IPv4', true)],
      docker0: [info('172.17.0.1')],
      wlan0: [info('192.168.1.23'), info('fe80::1', 'IPv6')],
      eth1: [info('169.254.10.2')],
    })
    expect(addresses).toEqual([
      { interfaceName: 'wlan0', address: '192.168.1.23' },
      { interfaceName: 'docker0', address: '172.17.0.1' },
    ])
  })
})
