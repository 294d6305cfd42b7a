import { X509Certificate } from 'node:crypto'
import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { machineCertificateNames } from './certificate-names.js'
import {
  AUTHORITY_DAYS,
  certificateFacts,
  createCertificateAuthority,
  issueServerCertificate,
  renewalReason,
  SERVER_CERTIFICATE_DAYS,
} from './certificates.js'

const DAY_MS = 86_400_000
const names = { dns: ['localhost', 'studio', 'studio.local'], ip: ['127.0.0.1', '::1', '192.168.1.23', 'fd00::23'] }

describe('machineCertificateNames', () => {
  it('lists localhost, the host name, its .local name and every LAN address, IPv4 and IPv6 but not link-local', () => {
    const interfaces = {
      lo: [{ family: 'IPv4', address: '127.0.0.1', internal: true, netmask: '255.0.0.0', mac: '', cidr: null }],
      wlan0: [
        { family: 'IPv4', address: '192.168.1.23', internal: false, netmask: '255.255.255.0', mac: '', cidr: null },
        { family: 'IPv6', address: 'fe80::1', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '', cidr: null, scopeid: 2 },
        { family: 'IPv6', address: 'FD00::23', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '', cidr: null, scopeid: 0 },
      ],
    } as unknown as NodeJS.Dict<NetworkInterfaceInfo[]>
    expect(machineCertificateNames({ hostname: 'Studio', interfaces, extraNames: ['chat.school.lan', '.school.lan', 'bad_name'] })).toEqual({
      dns: ['localhost', 'studio', 'studio.local', 'chat.school.lan'],
      ip: ['127.0.0.1', '::1', '192.168.1.23', 'fd00::23'],
    })
  })
})

describe('the certificate authority', () => {
  it('is an ECDSA P-256 CA signed with SHA-256, valid about ten years, that signs only end certificates', async () => {
    const now = new Date('2026-12-02T12:00:00Z')
    const ca = await createCertificateAuthority({ name: 'studio', now })
    const cert = new X509Certificate(ca.cert)
    expect(cert.ca).toBe(true)
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' })
    expect(cert.subject).toContain('CN=lanchat CA for studio (2026-12-02)')
    expect(cert.verify(cert.publicKey)).toBe(true)
    const facts = certificateFacts(ca.cert)
    expect((facts.notAfter.getTime() - facts.notBefore.getTime()) / DAY_MS).toBe(AUTHORITY_DAYS)
    expect(ca.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/)
    expect(ca.cert).toMatch(/\n-----END CERTIFICATE-----\n$/)
  })
})

describe('a server certificate', () => {
  it('covers every name and address given, is issued by the CA, and lives at most 397 days', async () => {
    const now = new Date('2026-12-02T12:00:00Z')
    const ca = await createCertificateAuthority({ name: 'studio', now })
    const server = await issueServerCertificate(ca, names, { now })
    const cert = new X509Certificate(server.cert)
    expect(cert.ca).toBe(false)
    expect(cert.checkIssued(new X509Certificate(ca.cert))).toBe(true)
    expect(cert.verify(new X509Certificate(ca.cert).publicKey)).toBe(true)
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']) // serverAuth, which Apple requires
    expect(cert.checkHost('studio.local')).toBe('studio.local')
    expect(cert.checkIP('192.168.1.23')).toBe('192.168.1.23')
    expect(cert.checkIP('fd00::23')).toBe('fd00::23')
    expect(cert.checkIP('10.0.0.1')).toBeUndefined()
    const facts = certificateFacts(server.cert)
    expect(facts.dns).toEqual(names.dns)
    expect(facts.ip).toEqual(names.ip)
    expect(facts.notBefore.getTime()).toBeLessThan(now.getTime())
    expect((facts.notAfter.getTime() - facts.notBefore.getTime()) / DAY_MS).toBe(SERVER_CERTIFICATE_DAYS)
    expect(SERVER_CERTIFICATE_DAYS).toBeLessThanOrEqual(397)
    expect(facts.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(Buffer.from(facts.spkiSha256, 'base64')).toHaveLength(32)
  })

  it('is renewed when it ends within 30 days, misses an address or name, or comes from another CA', async () => {
    const now = new Date('2026-12-02T12:00:00Z')
    const ca = await createCertificateAuthority({ name: 'studio', now })
    const server = await issueServerCertificate(ca, names, { now })
    const facts = certificateFacts(server.cert)
    expect(renewalReason(facts, ca, server.cert, names, now)).toBeUndefined()
    expect(renewalReason(facts, ca, server.cert, { dns: names.dns, ip: ['0:0:0:0:0:0:0:1'] }, now)).toBeUndefined()
    expect(renewalReason(facts, ca, server.cert, names, new Date(now.getTime() + 360 * DAY_MS))).toBeUndefined()
    expect(renewalReason(facts, ca, server.cert, names, new Date(now.getTime() + 370 * DAY_MS))).toBe('it expires soon')
    expect(renewalReason(facts, ca, server.cert, { dns: names.dns, ip: [...names.ip, '10.0.0.7'] }, now)).toBe('it does not cover 10.0.0.7')
    expect(renewalReason(facts, ca, server.cert, { dns: [...names.dns, 'laptop.local'], ip: names.ip }, now)).toBe('it does not cover laptop.local')
    const otherCa = await createCertificateAuthority({ name: 'other', now })
    expect(renewalReason(facts, otherCa, server.cert, names, now)).toBe('it was not issued by this certificate authority')
  })

  it('never outlives its certificate authority', async () => {
    const caMade = new Date('2026-01-01T00:00:00Z')
    const ca = await createCertificateAuthority({ name: 'studio', now: caMade })
    const late = new Date(caMade.getTime() + (AUTHORITY_DAYS - 100) * DAY_MS)
    const server = await issueServerCertificate(ca, names, { now: late })
    expect(certificateFacts(server.cert).notAfter.getTime()).toBe(certificateFacts(ca.cert).notAfter.getTime())
  })
})
