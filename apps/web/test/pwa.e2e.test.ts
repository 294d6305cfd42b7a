import { X509Certificate, createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { connect, type DetailedPeerCertificate } from 'node:tls'
import { chromium, type Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { assertPrerequisites, CHROMIUM_PATH, enterChat, newPerson, waitForChat } from './harness.js'
import { freePort, startServerProcess, temporaryDirectory } from './server-process.js'

// Reached by the machine's mDNS name mapped to 127.0.0.1, as a phone would (see https.e2e.test.ts).
const LAN_NAME = `${hostname().split('.')[0]?.toLowerCase()}.local`

/** Base64 SHA-256 of the public keys of the certificates the server presents (its own and the CA's). */
function presentedSpkis(port: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const peer: DetailedPeerCertificate = socket.getPeerCertificate(true)
      socket.end()
      const chain = [peer.raw, ...(peer.issuerCertificate !== undefined && peer.issuerCertificate !== peer ? [peer.issuerCertificate.raw] : [])]
      resolve(
        chain.map((raw) =>
          createHash('sha256')
            .update(new X509Certificate(raw).publicKey.export({ type: 'spki', format: 'der' }))
            .digest('base64'),
        ),
      )
    })
    socket.on('error', reject)
  })
}

function launchTrusting(spkis: string[]): Promise<Browser> {
  assertPrerequisites()
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-quic',
      `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`,
      `--ignore-certificate-errors-spki-list=${spkis.join(',')}`,
    ],
  })
}

describe('installable app', () => {
  it('should offer a manifest with icons, and open from its service worker with "Reconnecting…" while the server is down', async () => {
    const dataDir = temporaryDirectory()
    const port = await freePort()
    const httpsPort = await freePort()
    const args = ['--https-port', String(httpsPort)]
    const server = await startServerProcess({ dataDir, port, args })
    const httpsUrl = `https://${LAN_NAME}:${httpsPort}/`
    const browser = await launchTrusting(await presentedSpkis(httpsPort))
    try {
      const ada = await newPerson(browser, 'Ada')
      await enterChat(ada, httpsUrl)

      const manifest = await ada.page.evaluate(async () => {
        const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')
        const response = await fetch(link?.href ?? '')
        const body = (await response.json()) as { display: string; start_url: string; icons: Array<{ src: string; sizes: string }> }
        const icons = await Promise.all(body.icons.map(async (icon) => (await fetch(icon.src)).status))
        return { type: response.headers.get('content-type'), display: body.display, start: body.start_url, sizes: body.icons.map((icon) => icon.sizes), icons }
      })
      expect(manifest).toMatchObject({ display: 'standalone', start: '/', icons: [200, 200, 200, 200] })
      expect(manifest.sizes).toEqual(expect.arrayContaining(['192x192', '512x512']))
      expect(manifest.type).toMatch(/^application\/manifest\+json/)

      // The worker installs, keeps the shell and takes the page over.
      await ada.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 })

      expect(await server.stop('SIGTERM')).toBe(0)
      const response = await ada.page.reload()
      expect(response?.fromServiceWorker()).toBe(true)
      await ada.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor()
      await ada.page.getByText('The chat server cannot be reached right now.').waitFor()

      // The server is back: the page gets in by itself, as the same person.
      await startServerProcess({ dataDir, port, args })
      await waitForChat(ada.page)
      expect(await ada.page.locator('#composer-input').isVisible()).toBe(true)
    } finally {
      await browser.close()
    }
  })

  it('should register no service worker over plain HTTP', async () => {
    const server = await startServerProcess({ dataDir: temporaryDirectory(), port: await freePort(), args: ['--no-https'] })
    const browser = await launchTrusting([])
    try {
      const bob = await newPerson(browser, 'Bob')
      await enterChat(bob, `http://${LAN_NAME}:${server.port}/`)
      expect(await bob.page.evaluate(() => 'serviceWorker' in navigator)).toBe(false)
      expect(bob.requests.some((url) => url.endsWith('/sw.js'))).toBe(false)
    } finally {
      await browser.close()
    }
  })
})
