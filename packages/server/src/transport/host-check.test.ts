import { describe, expect, it } from 'vitest'
import { createHostCheck, hostnameOf } from './host-check.js'

describe('createHostCheck', () => {
  const auto = createHostCheck('auto', { hostname: 'Kitchen-PC' })

  it('should allow any IP address, with or without a port', () => {
    for (const host of ['192.168.1.20:5000', '10.0.0.7', '127.0.0.1:80', '[::1]:5000', '[fe80::1]', '[::ffff:192.168.1.2]:1']) {
      expect(auto(host), host).toBe(true)
    }
  })

  it("should allow localhost, the machine's name and its .local name, in any case", () => {
    for (const host of ['localhost:5000', 'LOCALHOST', 'app.localhost', 'kitchen-pc:5000', 'Kitchen-PC.local:5000', 'localhost.']) {
      expect(auto(host), host).toBe(true)
    }
  })

  it('should refuse every other name, a missing Host and a malformed one', () => {
    for (const host of [
      'rebind.evil.example:5000',
      'evil.example',
      'kitchen-pc.evil.example',
      'localhost.evil.example',
      '192.168.1.20.evil.example',
      '',
      'localhost:port',
      'localhost:5000:1',
      '[::1',
      '[evil.example]:5000',
      'user@localhost',
      'local host',
    ]) {
      expect(auto(host), host).toBe(false)
    }
    expect(auto(undefined)).toBe(false)
  })

  it('should add the given names to the automatic ones, and a leading dot allows every name under it', () => {
    const check = createHostCheck(['chat.example', '.lan.example'], { hostname: 'kitchen-pc' })
    expect(check('chat.example:5000')).toBe(true)
    expect(check('lan.example')).toBe(true)
    expect(check('box.lan.example')).toBe(true)
    expect(check('kitchen-pc.local')).toBe(true)
    expect(check('other.chat.example')).toBe(false)
    expect(check('evillan.example')).toBe(false)
  })

  it("should allow any Host with '*'", () => {
    expect(createHostCheck('*')('rebind.evil.example')).toBe(true)
    expect(createHostCheck('*')(undefined)).toBe(true)
  })

  it("should take the machine's short name for .local when its host name is fully qualified", () => {
    const check = createHostCheck('auto', { hostname: 'box.corp.example' })
    expect(check('box.corp.example')).toBe(true)
    expect(check('box.local')).toBe(true)
  })
})

describe('hostnameOf', () => {
  it('should drop the port, lowercase, drop a trailing dot and keep IPv6 brackets', () => {
    expect(hostnameOf('Chat.Example.:5000')).toBe('chat.example')
    expect(hostnameOf('[::1]:5000')).toBe('[::1]')
    expect(hostnameOf('10.0.0.1')).toBe('10.0.0.1')
    expect(hostnameOf('a b')).toBeUndefined()
  })
})
