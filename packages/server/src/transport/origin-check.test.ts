import { describe, expect, it } from 'vitest'
import { isOriginAllowed } from './origin-check.js'

describe('isOriginAllowed', () => {
  it('should allow requests without an Origin whatever the setting', () => {
    expect(isOriginAllowed(undefined, 'a:1', 'same-host')).toBe(true)
    expect(isOriginAllowed(undefined, 'a:1', [])).toBe(true)
  })

  it.each<[string, string | undefined, boolean]>([
    ['http://192.168.1.20:5000', '192.168.1.20:5000', true],
    ['http://CHAT.local:5000', 'chat.local:5000', true],
    ['http://chat.local', 'chat.local:80', true],
    ['https://chat.local', 'chat.local:443', true],
    ['http://chat.local:5001', 'chat.local:5000', false],
    ['http://evil.example', '192.168.1.20:5000', false],
    ['null', '192.168.1.20:5000', false],
    ['http://192.168.1.20:5000', undefined, false],
  ])("should judge %s against Host %s as %s with 'same-host'", (origin, host, allowed) => {
    expect(isOriginAllowed(origin, host, 'same-host')).toBe(allowed)
  })

  it('should match a list by exact origin', () => {
    const list = ['http://chat.example', 'https://chat.example:8443/']
    expect(isOriginAllowed('http://chat.example', 'x', list)).toBe(true)
    expect(isOriginAllowed('https://chat.example:8443', 'x', list)).toBe(true)
    expect(isOriginAllowed('https://chat.example', 'x', list)).toBe(false)
  })

  it("should allow anything with '*' and defer to a function", () => {
    expect(isOriginAllowed('http://anywhere', 'x', '*')).toBe(true)
    expect(isOriginAllowed('http://a.test', 'x', (origin) => origin.endsWith('.test'))).toBe(true)
    expect(isOriginAllowed('http://a.example', 'x', (origin) => origin.endsWith('.test'))).toBe(false)
  })
})
