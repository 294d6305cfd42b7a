import { describe, expect, it } from 'vitest'
import { banner } from './banner.js'

const urls = { local: 'http://localhost:5000/', network: ['http://192.168.1.23:5000/'] }
const https = {
  urls: { local: 'https://localhost:5001/', network: ['https://192.168.1.23:5001/'] },
  trustUrl: 'http://192.168.1.23:5000/trust',
  fingerprint256: 'AB:CD:EF',
  authorityCreated: true,
  movedFromBusyPort: false,
}

describe('banner', () => {
  it('shows the HTTPS address, the trust page, the CA fingerprint and the HTTPS QR code beside the HTTP one', () => {
    const text = banner(urls, { colour: false, readyInMs: 5, databasePath: '/data/lanchat.db', https })
    expect(text).toContain('➜  HTTPS:   https://192.168.1.23:5001/')
    expect(text).toContain('➜  Trust:   http://192.168.1.23:5000/trust (install the CA once per device)')
    expect(text).toContain('➜  CA:      SHA-256 AB:CD:EF')
    expect(text).toContain('A new certificate authority was made at this start')
    expect(text).toMatch(/ {2}HTTP {20,}HTTPS\n/)
    // Two codes side by side: each QR line holds two blocks of modules.
    const codeLines = text.split('\n').filter((line) => line.startsWith('  █'))
    expect(codeLines.length).toBeGreaterThan(10)
    expect(codeLines.every((line) => line.includes('█    █'))).toBe(true)
  })

  it('says when the usual HTTPS port was taken, and shows only the HTTP code without HTTPS', () => {
    expect(banner(urls, { colour: false, readyInMs: 5, databasePath: undefined, https: { ...https, movedFromBusyPort: true } })).toContain(
      'https://192.168.1.23:5001/ (the usual port was taken)',
    )
    const plain = banner(urls, { colour: false, readyInMs: 5, databasePath: undefined })
    expect(plain).not.toContain('HTTPS')
    expect(plain).toContain('Everyone on this network can open http://192.168.1.23:5000/, or scan:')
  })
})
