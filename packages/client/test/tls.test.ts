import { describe, expect, it } from 'vitest'
import {
  ClientErrorCodes,
  getServerCertificates,
  LanchatAccounts,
  LanchatCertificateError,
  LanchatClient,
  normalizeFingerprint,
  type CertificateInfo,
} from '../src/index.js'
import { makeCertificates } from './certificates.js'
import { connectClient, createClient, fastReconnect, nextEvent } from './helpers.js'
import { ScriptedPeer } from './peer.js'

const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined'

describe('normalizeFingerprint', () => {
  it('should accept hex with or without colons, in any case', () => {
    const hex = 'ab'.repeat(32)
    const expected = Array.from({ length: 32 }, () => 'AB').join(':')
    expect(normalizeFingerprint(hex)).toBe(expected)
    expect(normalizeFingerprint(expected.toLowerCase())).toBe(expected)
    expect(normalizeFingerprint('AB:CD')).toBeUndefined()
  })
})

describe.skipIf(inBrowser)('wss:// with a pinned certificate (Node)', () => {
  const certificates = makeCertificates()

  it('should connect with the pin of a CA that no system trusts, and say what it verified', async () => {
    const peer = await ScriptedPeer.startTls({ key: certificates.key, cert: certificates.chain })
    const seen: CertificateInfo[] = []
    const { client } = await connectClient(peer, {
      tls: { pin: certificates.caFingerprint.replaceAll(':', '').toLowerCase(), onCertificate: (info) => seen.push(info) },
    })
    expect(client.state).toBe('open')
    expect(seen[0]?.pinned?.fingerprint256).toBe(certificates.caFingerprint)
    expect(seen[0]?.chain[0]?.fingerprint256).toBe(certificates.leafFingerprint)
    expect(seen[0]?.chain.at(-1)?.isCA).toBe(true)
  })

  it("should connect with the pin of the server's own certificate, or with the CA in PEM", async () => {
    const peer = await ScriptedPeer.startTls({ key: certificates.key, cert: certificates.chain })
    const pinned = await connectClient(peer, { tls: { pin: certificates.leafFingerprint } })
    expect(pinned.client.state).toBe('open')
    const trusted = await connectClient(peer, { tls: { ca: new TextEncoder().encode(certificates.caPem) } })
    expect(trusted.client.state).toBe('open')
  })

  it('should refuse a wrong pin for good, before anything is sent', async () => {
    const peer = await ScriptedPeer.startTls({ key: certificates.key, cert: certificates.chain })
    const other = makeCertificates('someone else')
    const client = createClient(peer, { tls: { pin: other.caFingerprint } })
    const error = await client.connect().catch((thrown: unknown) => thrown)
    expect(LanchatCertificateError.isInstance(error)).toBe(true)
    const refusal = error as LanchatCertificateError
    expect(refusal.code).toBe(ClientErrorCodes.CERTIFICATE_MISMATCH)
    expect(refusal.message).toContain('someone may be intercepting')
    expect(refusal.host).toBe(new URL(peer.url).host)
    expect(refusal.chain.map((certificate) => certificate.fingerprint256)).toEqual([certificates.leafFingerprint, certificates.caFingerprint])
    expect(client.state).toBe('closed')
    expect(peer.connections).toHaveLength(0)
  })

  it('should close for good when the certificate changes while it reconnects, with the pin alone or with the CA too', async () => {
    for (const tls of [{ pin: certificates.caFingerprint }, { pin: certificates.caFingerprint, ca: certificates.caPem }]) {
      const peer = await ScriptedPeer.startTls({ key: certificates.key, cert: certificates.chain })
      const { client, connection } = await connectClient(peer, { tls })
      const intruder = makeCertificates('lanchat test CA')
      peer.https?.setSecureContext({ key: intruder.key, cert: intruder.chain })
      const errors: unknown[] = []
      client.on('error', (error) => errors.push(error))
      const closed = nextEvent(client, 'state', ({ state }) => state === 'closed')
      connection.socket.terminate()
      await closed
      expect(errors.map((error) => (error as LanchatCertificateError).code)).toEqual([ClientErrorCodes.CERTIFICATE_MISMATCH])
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(peer.connections).toHaveLength(1)
    }
  })

  it('should refuse a server no one trusts without a tls option, for good', async () => {
    const peer = await ScriptedPeer.startTls({ key: certificates.key, cert: certificates.chain })
    const client = createClient(peer)
    const error = (await client.connect().catch((thrown: unknown) => thrown)) as LanchatCertificateError
    expect(error.code).toBe(ClientErrorCodes.CERTIFICATE_UNTRUSTED)
    expect(client.state).toBe('closed')
  })

  it('should refuse an invalid pin as an option error', () => {
    expect(() => new LanchatClient({ url: 'wss://localhost/ws', name: 'Maria', tls: { pin: 'AB:CD' } })).toThrow(/tls\.pin must be a SHA-256 fingerprint/)
  })

  it('should show the chain without trusting it, and reach the accounts API over https with the pin', async () => {
    const peer = await ScriptedPeer.startTls({ key: certificates.key, cert: certificates.chain }, (request, response) => {
      if (request.url === '/auth/policy') response.writeHead(200, { 'content-type': 'application/json' }).end('{"guests":"open","hasAdmin":false}')
      else response.writeHead(404).end()
    })
    const chain = await getServerCertificates(peer.url)
    expect(chain.map((certificate) => certificate.fingerprint256)).toEqual([certificates.leafFingerprint, certificates.caFingerprint])
    expect(chain[1]?.pem).toBe(certificates.caPem)
    const accounts = new LanchatAccounts({ url: peer.url, tls: { pin: certificates.caFingerprint } })
    expect(await accounts.policy()).toEqual({ guests: 'open', hasAdmin: false })
    const wrong = new LanchatAccounts({ url: peer.url, tls: { pin: makeCertificates().caFingerprint } })
    await expect(wrong.policy()).rejects.toMatchObject({ code: ClientErrorCodes.CERTIFICATE_MISMATCH })
  })
})

describe.runIf(inBrowser)('the tls option in a browser', () => {
  it('should be refused: the browser trusts what its own store trusts', () => {
    expect(() => new LanchatClient({ url: 'wss://localhost/ws', name: 'Maria', tls: { pin: 'AB'.repeat(32) }, reconnect: fastReconnect })).toThrow(
      /options\.tls is for Node/,
    )
  })
})
