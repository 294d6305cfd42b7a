import { X509Certificate, createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { connect, type DetailedPeerCertificate } from 'node:tls'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './axe.js'
import {
  assertPrerequisites,
  CHROMIUM_PATH,
  enterChat,
  ensureScreenshotDirectory,
  newPerson,
  PHONE,
  sendMessage,
  waitForMessage,
} from './harness.js'
import { freePort, startServerProcess, temporaryDirectory, type ServerProcess } from './server-process.js'

// Pages on 127.0.0.1 are secure contexts even over HTTP (loopback is trusted). So the browsers reach the server,
// which listens on 127.0.0.1 only, by the machine's mDNS name, mapped to 127.0.0.1 inside Chromium: as a phone
// on the LAN would, where only HTTPS makes a secure context. The certificate covers that name.
const LAN_NAME = `${hostname().split('.')[0]?.toLowerCase()}.local`

let plainBrowser: Browser

beforeAll(async () => {
  plainBrowser = await launchChromium([])
})

afterAll(async () => {
  await plainBrowser?.close()
})

/** Base64 SHA-256 of a certificate's public key: what Chromium's `--ignore-certificate-errors-spki-list` takes. */
function spkiSha256(certificate: X509Certificate): string {
  return createHash('sha256').update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest('base64')
}

/** The certificates the server presents on `port` (its own, then its issuer's), read without checking them. */
function presentedChain(port: number): Promise<X509Certificate[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const peer: DetailedPeerCertificate = socket.getPeerCertificate(true)
      socket.end()
      const chain = [new X509Certificate(peer.raw)]
      if (peer.issuerCertificate !== undefined && peer.issuerCertificate !== peer) chain.push(new X509Certificate(peer.issuerCertificate.raw))
      resolve(chain)
    })
    socket.on('error', reject)
  })
}

/** Connects trusting only `ca`, as a device with the lanchat CA installed does; resolves with whether it was authorized. */
function connectTrusting(ca: string, port: number, servername?: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, ...(servername === undefined ? {} : { servername }) }, () => {
      socket.end()
      resolve(socket.authorized)
    })
    socket.on('error', reject)
  })
}

/** The harness's Chromium, resolving {@link LAN_NAME} to 127.0.0.1, with further flags. */
function launchChromium(flags: string[]): Promise<Browser> {
  assertPrerequisites()
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
      `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`,
      ...flags,
    ],
  })
}

/** A Chromium that trusts exactly the given public key (base64 SHA-256 of its SPKI), as if the CA were installed. */
function launchTrusting(spki: string): Promise<Browser> {
  return launchChromium([`--ignore-certificate-errors-spki-list=${spki}`])
}

async function startWithHttps(): Promise<{ server: ServerProcess; dataDir: string; httpsPort: number; httpsUrl: string; fingerprint: string }> {
  const dataDir = temporaryDirectory()
  const httpsPort = await freePort()
  const server = await startServerProcess({ dataDir, port: await freePort(), args: ['--https-port', String(httpsPort)] })
  const { stdout } = server.output()
  const httpsUrl = /HTTPS:\s+(https:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1]
  const fingerprint = /CA:\s+SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/.exec(stdout)?.[1]
  expect(httpsUrl).toBe(`https://127.0.0.1:${httpsPort}/`)
  expect(stdout).toContain(`Trust:   http://127.0.0.1:${server.port}/trust`)
  return { server, dataDir, httpsPort, httpsUrl: httpsUrl as string, fingerprint: fingerprint as string }
}

describe('HTTPS beside HTTP', () => {
  it('serves a certificate from the lanchat CA that Chromium accepts as secure, and HTTPS and HTTP people chat in one room', async () => {
    const { server, dataDir, httpsPort, fingerprint } = await startWithHttps()
    const caPem = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8')
    expect(new X509Certificate(caPem).fingerprint256).toBe(fingerprint)

    // What a device with the CA installed checks: the chain and the address.
    expect(await connectTrusting(caPem, httpsPort)).toBe(true)
    expect(await connectTrusting(caPem, httpsPort, 'localhost')).toBe(true)
    expect(await connectTrusting(caPem, httpsPort, LAN_NAME)).toBe(true)
    const [leaf, root] = await presentedChain(httpsPort)
    if (leaf === undefined) throw new Error('no certificate')
    expect(leaf.checkIssued(new X509Certificate(caPem))).toBe(true)
    // The root comes along, so that a client pinning the CA's fingerprint from the banner finds it.
    expect(root?.fingerprint256).toBe(fingerprint)
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1')

    // A browser that does not trust it refuses the page: the check below is not a formality.
    const lanHttpsUrl = `https://${LAN_NAME}:${httpsPort}/`
    const stranger = await newPerson(plainBrowser, 'Stranger')
    await expect(stranger.page.goto(lanHttpsUrl)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/)

    const trustingBrowser = await launchTrusting(spkiSha256(leaf))
    try {
      const ada = await newPerson(trustingBrowser, 'Ada')
      const sockets: string[] = []
      ada.page.on('websocket', (socket) => sockets.push(socket.url()))
      const response = await ada.page.goto(lanHttpsUrl)
      expect(response?.status()).toBe(200)
      expect(await ada.page.evaluate(() => ({ secure: isSecureContext, protocol: location.protocol }))).toEqual({ secure: true, protocol: 'https:' })
      const details = await response?.securityDetails()
      expect(details?.protocol).toMatch(/^TLS 1\.[23]$/)
      expect(details?.subjectName).toBe(LAN_NAME.replace(/\.local$/, ''))
      await enterChat(ada, lanHttpsUrl)
      expect(sockets).toContain(`wss://${LAN_NAME}:${httpsPort}/ws`)

      const bob = await newPerson(plainBrowser, 'Bob')
      await enterChat(bob, `http://${LAN_NAME}:${server.port}/`)
      expect(await bob.page.evaluate(() => isSecureContext)).toBe(false)

      await sendMessage(ada.page, 'Hello from HTTPS')
      await waitForMessage(bob.page, 'Hello from HTTPS')
      await sendMessage(bob.page, 'Hello from HTTP')
      await waitForMessage(ada.page, 'Hello from HTTP')
      for (const person of [ada, bob]) {
        expect(person.pageErrors).toEqual([])
        expect(person.requests.every((url) => new URL(url).hostname === LAN_NAME)).toBe(true)
      }
    } finally {
      await trustingBrowser.close()
    }
  })

  it('keeps the CA across restarts and says so plainly, so devices install it only once', async () => {
    const { server, dataDir, fingerprint } = await startWithHttps()
    expect(server.output().stdout).toContain('A new certificate authority was made at this start')
    expect(await server.stop('SIGTERM')).toBe(0)
    const again = await startServerProcess({ dataDir, port: await freePort(), args: ['--https-port', String(await freePort())] })
    expect(again.output().stdout).toContain(`CA:      SHA-256 ${fingerprint}`)
    expect(again.output().stdout).not.toContain('A new certificate authority')
  })

  it('serves HTTP only with --no-https', async () => {
    const server = await startServerProcess({ dataDir: temporaryDirectory(), port: await freePort(), args: ['--no-https'] })
    expect(server.output().stdout).not.toContain('HTTPS:')
    const response = await fetch(`http://127.0.0.1:${server.port}/trust/lanchat-ca.crt`)
    expect(response.status).toBe(404)
  })
})

describe('the trust page', () => {
  it('is served over HTTP with the CA file and its fingerprint, is accessible, and fits a phone', async () => {
    const { server, dataDir, httpsUrl, fingerprint } = await startWithHttps()
    const trustUrl = `http://127.0.0.1:${server.port}/trust`
    const download = await fetch(`${trustUrl}/lanchat-ca.crt`)
    expect(download.headers.get('content-type')).toBe('application/x-x509-ca-cert')
    const caPem = await download.text()
    expect(caPem).toBe(readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8'))
    expect(new X509Certificate(caPem).fingerprint256).toBe(fingerprint)

    for (const colorScheme of ['light', 'dark'] as const) {
      const visitor = await newPerson(plainBrowser, 'Visitor', { viewport: PHONE, colorScheme, axe: true })
      await visitor.page.goto(trustUrl)
      await visitor.page.getByRole('heading', { level: 1, name: 'Use this chat over HTTPS' }).waitFor()
      expect(await visitor.page.locator('.fingerprint code').first().textContent()).toBe(fingerprint)
      expect(await visitor.page.getByRole('link', { name: 'Download lanchat-ca.crt' }).getAttribute('href')).toBe('/trust/lanchat-ca.crt')
      expect(await visitor.page.getByRole('link', { name: `Open ${httpsUrl}` }).getAttribute('href')).toBe(httpsUrl)
      await visitor.page.getByText('Why not just click through the warning?').waitFor()
      // Every platform's steps open, so that axe checks them all.
      await visitor.page.locator('details').evaluateAll((all) => all.forEach((element) => element.setAttribute('open', '')))
      expect(await visitor.page.locator('details[open]').count()).toBe(5)
      await expectAccessible(visitor.page, `the trust page (${colorScheme})`)
      expect(await visitor.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true)
      expect(visitor.pageErrors).toEqual([])
      expect(visitor.requests.every((url) => url.startsWith(`http://127.0.0.1:${server.port}/`))).toBe(true)
      if (colorScheme === 'light') {
        // The screenshot in the guide: the first screen of the page on a phone.
        await visitor.page.locator('details').evaluateAll((all) => all.forEach((element, index) => element.toggleAttribute('open', index === 1)))
        await visitor.page.screenshot({ path: join(ensureScreenshotDirectory(), 'web-trust-page.png') })
      }
    }
  })
})
