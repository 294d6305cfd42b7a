import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { certificateFacts } from './certificates.js'
import { LanTlsError, prepareLanTls } from './lan-tls.js'

const DAY_MS = 86_400_000
const names = { dns: ['localhost', 'studio', 'studio.local'], ip: ['127.0.0.1', '::1', '192.168.1.23'] }
const directories: string[] = []

function dataDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'lanchat-tls-'))
  directories.push(directory)
  return directory
}

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

const mode = (path: string) => statSync(path).mode & 0o777

describe('prepareLanTls', () => {
  it('makes a CA and a server certificate on first start, keys readable by this user only', async () => {
    const dir = dataDir()
    const tls = await prepareLanTls({ dataDir: dir, names, authorityName: 'studio' })
    expect(tls.change).toEqual({ authority: 'created', server: 'issued', reason: undefined })
    expect(tls.directory).toBe(join(dir, 'tls'))
    expect(mode(join(dir, 'tls'))).toBe(0o700)
    expect(mode(join(dir, 'tls', 'ca.key'))).toBe(0o600)
    expect(mode(join(dir, 'tls', 'server.key'))).toBe(0o600)
    expect(mode(join(dir, 'tls', 'ca.crt'))).toBe(0o644)
    expect(readFileSync(join(dir, 'tls', 'ca.crt'), 'utf8')).toBe(tls.authority.cert)
    expect(tls.serverFacts.ip).toEqual(names.ip)
  })

  it('keeps both on the next start, and the same CA when a new address needs a new server certificate', async () => {
    const dir = dataDir()
    const first = await prepareLanTls({ dataDir: dir, names, authorityName: 'studio' })
    const second = await prepareLanTls({ dataDir: dir, names, authorityName: 'studio' })
    expect(second.change).toEqual({ authority: 'kept', server: 'kept', reason: undefined })
    expect(second.server.cert).toBe(first.server.cert)

    const moved = { dns: names.dns, ip: [...names.ip, '10.0.0.7'] }
    const third = await prepareLanTls({ dataDir: dir, names: moved, authorityName: 'studio' })
    expect(third.change).toEqual({ authority: 'kept', server: 'issued', reason: 'it does not cover 10.0.0.7' })
    expect(third.authority.cert).toBe(first.authority.cert)
    expect(third.serverFacts.ip).toContain('10.0.0.7')
    expect(readFileSync(join(dir, 'tls', 'server.crt'), 'utf8')).toBe(third.server.cert)
  })

  it('renews the server certificate when it ends within 30 days', async () => {
    const dir = dataDir()
    const first = await prepareLanTls({ dataDir: dir, names, authorityName: 'studio' })
    const nearTheEnd = new Date(first.serverFacts.notAfter.getTime() - 20 * DAY_MS)
    const renewed = await prepareLanTls({ dataDir: dir, names, authorityName: 'studio', now: nearTheEnd })
    expect(renewed.change).toEqual({ authority: 'kept', server: 'issued', reason: 'it expires soon' })
    expect(certificateFacts(renewed.server.cert).notAfter.getTime()).toBeGreaterThan(first.serverFacts.notAfter.getTime())
  })

  it('puts a key file made readable to others back to 0600', async () => {
    const dir = dataDir()
    await prepareLanTls({ dataDir: dir, names, authorityName: 'studio' })
    chmodSync(join(dir, 'tls', 'ca.key'), 0o644)
    await prepareLanTls({ dataDir: dir, names, authorityName: 'studio' })
    expect(mode(join(dir, 'tls', 'ca.key'))).toBe(0o600)
  })

  it('refuses to replace a CA whose key went missing, naming the file', async () => {
    const dir = dataDir()
    await prepareLanTls({ dataDir: dir, names, authorityName: 'studio' })
    unlinkSync(join(dir, 'tls', 'ca.key'))
    await expect(prepareLanTls({ dataDir: dir, names, authorityName: 'studio' })).rejects.toThrow(LanTlsError)
    await expect(prepareLanTls({ dataDir: dir, names, authorityName: 'studio' })).rejects.toThrow(`${join(dir, 'tls', 'ca.key')} is missing`)
  })

  it('keeps everything in memory without a data directory', async () => {
    const tls = await prepareLanTls({ dataDir: undefined, names, authorityName: 'studio' })
    expect(tls.directory).toBeUndefined()
    expect(tls.change.authority).toBe('created')
    expect(existsSync(join(process.cwd(), 'tls'))).toBe(false)
  })
})
