import { X509Certificate, createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { connect, type DetailedPeerCertificate } from 'node:tls'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './axe.js'
import { assertPrerequisites, CHROMIUM_PATH, enterChat, newPerson } from './harness.js'
import { freePort, startServerProcess, temporaryDirectory } from './server-process.js'

// 127.0.0.1 counts as secure even over HTTP, so the browsers reach the server by the machine's mDNS name mapped to
// 127.0.0.1, as a phone on the LAN would (see https.e2e.test.ts).
const LAN_NAME = `${hostname().split('.')[0]?.toLowerCase()}.local`

let plainBrowser: Browser

function launchChromium(flags: string[]): Promise<Browser> {
  assertPrerequisites()
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic', `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`, ...flags],
  })
}

/** The server's own certificate, read without checking it. */
function presentedLeaf(port: number): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const peer: DetailedPeerCertificate = socket.getPeerCertificate(true)
      socket.end()
      resolve(new X509Certificate(peer.raw))
    })
    socket.on('error', reject)
  })
}

function spkiSha256(certificate: X509Certificate): string {
  return createHash('sha256').update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest('base64')
}

beforeAll(async () => {
  plainBrowser = await launchChromium([])
})

afterAll(async () => {
  await plainBrowser?.close()
})

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  await dialog.waitFor()
  return dialog
}

describe('reduced mode over plain HTTP', () => {
  it('should say over HTTP what needs HTTPS, link the trust page and the HTTPS address, and offer the HTTPS link to share; not over HTTPS', async () => {
    const httpsPort = await freePort()
    const server = await startServerProcess({ dataDir: temporaryDirectory(), port: await freePort(), args: ['--https-port', String(httpsPort)] })
    const httpsUrl = `https://${LAN_NAME}:${httpsPort}/`

    const bob = await newPerson(plainBrowser, 'Bob', { axe: true })
    await enterChat(bob, `http://${LAN_NAME}:${server.port}/`)
    expect(await bob.page.evaluate(() => isSecureContext)).toBe(false)
    const settings = await openSettings(bob.page)
    const notice = settings.getByRole('note')
    await notice.getByText('Reduced mode: this page is not secure').waitFor()
    expect(await notice.getByRole('link', { name: 'Set up this device for HTTPS' }).getAttribute('href')).toBe('/trust')
    expect(await notice.getByRole('link', { name: 'Open the HTTPS address' }).getAttribute('href')).toBe(httpsUrl)
    expect(await settings.getByRole('switch', { name: 'Notifications' }).isDisabled()).toBe(true)
    await expectAccessible(bob.page, 'the settings in reduced mode')
    await bob.page.keyboard.press('Escape')

    // The share dialog: the plain link by default, the HTTPS one for devices that trust the CA.
    await bob.page.getByRole('button', { name: 'New room' }).click()
    await bob.page.getByRole('button', { name: 'Create room' }).click()
    const share = bob.page.getByRole('dialog', { name: /^Invite people to / })
    await share.waitFor()
    const link = share.getByLabel('Or send them this link')
    expect(await link.inputValue()).toMatch(new RegExp(`^http://${LAN_NAME}:${server.port}/\\?room=`))
    await share.getByRole('radio', { name: 'Devices set up for HTTPS' }).check()
    expect(await link.inputValue()).toMatch(new RegExp(`^${httpsUrl.replace(/[.]/g, '\\.')}\\?room=[A-Z0-9]{6}$`))
    expect(await share.getByRole('img', { name: /^QR code of the link https:/ }).getAttribute('alt')).toBe(`QR code of the link ${await link.inputValue()}`)
    expect(await share.getByRole('link', { name: 'how to set a device up' }).getAttribute('href')).toBe('/trust')
    await expectAccessible(bob.page, 'the share dialog with its HTTPS link')
    await bob.page.keyboard.press('Escape')

    // A private room's invite link: the plain address by default, the HTTPS one on request, with its QR code.
    await bob.page.getByRole('button', { name: 'New room' }).click()
    const create = bob.page.getByRole('dialog', { name: 'New room' })
    await create.getByRole('radio', { name: 'Private room' }).check()
    await create.getByLabel('Room name', { exact: true }).fill('Board')
    await create.getByRole('button', { name: 'Create room' }).click()
    const settings2 = bob.page.getByRole('dialog', { name: 'Board settings' })
    await settings2.getByRole('button', { name: 'Make an invite link' }).click()
    const invite = settings2.getByLabel('Invite link', { exact: true })
    expect(await invite.inputValue()).toMatch(new RegExp(`^http://${LAN_NAME}:${server.port}/#join=`))
    await settings2.getByRole('radio', { name: 'Devices set up for HTTPS' }).check()
    expect(await invite.inputValue()).toMatch(new RegExp(`^${httpsUrl.replace(/[.]/g, '\\.')}#join=[^&]+&invite=[^&]+$`))
    await settings2.getByRole('img', { name: `QR code of the link ${await invite.inputValue()}` }).waitFor()
    await expectAccessible(bob.page, 'a private room invite link with its HTTPS address')
    expect(bob.pageErrors).toEqual([])

    // Over HTTPS with the CA trusted: no reduced mode, notifications can be turned on.
    const trusting = await launchChromium([`--ignore-certificate-errors-spki-list=${spkiSha256(await presentedLeaf(httpsPort))}`])
    try {
      const ada = await newPerson(trusting, 'Ada', { axe: true })
      await enterChat(ada, httpsUrl)
      expect(await ada.page.evaluate(() => isSecureContext)).toBe(true)
      const secureSettings = await openSettings(ada.page)
      expect(await secureSettings.getByRole('switch', { name: 'Notifications' }).isDisabled()).toBe(false)
      expect(await secureSettings.getByText('Reduced mode').count()).toBe(0)
      await expectAccessible(ada.page, 'the settings over HTTPS')
      expect(ada.pageErrors).toEqual([])
    } finally {
      await trusting.close()
    }
  })
})
