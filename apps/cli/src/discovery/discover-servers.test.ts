import type { Service } from 'bonjour-service'
import { describe, expect, it } from 'vitest'
import { describeService, socketUrl } from './discover-servers.js'

/** A DNS-SD answer as bonjour-service hands it over (plain data, not a live service). */
function answer(fields: Partial<Service>): Service {
  return { name: 'lanchat on pc', host: 'pc.local', port: 5000, txt: { path: '/ws', proto: '1' }, addresses: [], ...fields } as Service
}

describe('describeService', () => {
  it('should prefer the address the answer came from, then IPv4, then routable IPv6', () => {
    const server = describeService(
      answer({
        addresses: ['fe80::1', 'fd00::2', '10.0.0.9', '192.168.1.23'],
        referer: { address: '192.168.1.23', family: 'IPv4', port: 5353, size: 100 },
      }),
    )
    expect(server).toEqual({
      name: 'lanchat on pc',
      host: 'pc.local',
      port: 5000,
      path: '/ws',
      addresses: ['192.168.1.23', '10.0.0.9', 'fd00::2', 'fe80::1'],
      url: 'ws://192.168.1.23:5000/ws',
    })
  })

  it('should use the path from TXT and fall back to the host name when only link-local addresses are known', () => {
    const server = describeService(answer({ addresses: ['fe80::1'], txt: { path: '/chat/ws', proto: '1' } }))
    expect(server?.url).toBe('ws://pc.local:5000/chat/ws')
  })

  it('should give wss:// addresses for a server that says it serves TLS (then trusted on first use)', () => {
    const server = describeService(answer({ port: 5001, addresses: ['10.0.0.1'], txt: { path: '/ws', proto: '1', tls: '1' } }))
    expect(server).toMatchObject({ url: 'wss://10.0.0.1:5001/ws', secure: true })
  })

  it('should leave out servers of another protocol version', () => {
    expect(describeService(answer({ txt: { path: '/ws', proto: '2' } }))).toBeUndefined()
  })

  it('should strip what a host, path or address may not hold', () => {
    const server = describeService(
      answer({ host: 'evil\x1b]0;x\x07.local', addresses: ['not an address', '10.0.0.1'], txt: { path: '/ws?\x1b[2J', proto: '1' } }),
    )
    expect(server).toMatchObject({ host: 'evil0x.local', addresses: ['10.0.0.1'], path: '/ws2J', url: 'ws://10.0.0.1:5000/ws2J' })
  })
})

describe('socketUrl', () => {
  it('should bracket IPv6 addresses', () => {
    expect(socketUrl('fd00::2', 5000, '/ws')).toBe('ws://[fd00::2]:5000/ws')
    expect(socketUrl('10.0.0.1', 80, 'ws')).toBe('ws://10.0.0.1:80/ws')
    expect(socketUrl('10.0.0.1', 5001, '/ws', true)).toBe('wss://10.0.0.1:5001/ws')
  })
})
