import { request } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRoom, enterChat, joinedPerson, launchBrowser, newPerson, sendMessage, startDemo, waitForMessage } from './harness.js'

const PAYLOAD = '<img src=x onerror=alert(1)>'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** Asks for a WebSocket upgrade of /ws with the given Origin (and Host); resolves with the HTTP status (101 = accepted). */
function upgradeStatus(port: number, origin: string | undefined, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const upgrade = request({
      host: '127.0.0.1',
      port,
      path: '/ws',
      // A fresh connection each time: the server closes one after refusing an upgrade.
      agent: false,
      headers: {
        ...(host === undefined ? {} : { host }),
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...(origin === undefined ? {} : { origin }),
      },
    })
    upgrade.on('upgrade', (response, socket) => {
      socket.destroy()
      resolve(response.statusCode ?? 0)
    })
    upgrade.on('response', (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    upgrade.on('error', reject)
    upgrade.end()
  })
}

/** GETs / with the given Host header over a plain connection; resolves with the status and body. */
function pageStatus(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const page = request({ host: '127.0.0.1', port, path: '/', agent: false, headers: { host, accept: 'text/html' } })
    page.on('response', (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    page.on('error', reject)
    page.end()
  })
}

describe('user-supplied text', () => {
  it('should show markup in a name, a room name and a message as text, and run nothing', async () => {
    const server = await startDemo()
    const mallory = await joinedPerson(browser, server.origin, PAYLOAD)
    const { link } = await createRoom(mallory.page, PAYLOAD)
    await sendMessage(mallory.page, PAYLOAD)
    await waitForMessage(mallory.page, PAYLOAD)

    const bob = await newPerson(browser, 'Bob')
    await enterChat(bob, link)
    const message = await waitForMessage(bob.page, PAYLOAD)
    expect(await message.locator('.author').textContent()).toBe(PAYLOAD)
    expect(await bob.page.locator('.chat-title h1').textContent()).toBe(PAYLOAD)
    expect(await bob.page.locator('.room-button[aria-current="page"] .room-name').textContent()).toBe(PAYLOAD)
    await bob.page.locator('#members-panel .member-name').filter({ hasText: PAYLOAD }).waitFor()
    expect(await bob.page.title()).toBe(`${PAYLOAD} · lanchat`)
    expect(await mallory.page.locator('.me-value').textContent()).toBe(PAYLOAD)

    for (const person of [mallory, bob]) {
      // No element was made from the markup, so there is no onerror to fire.
      expect(await person.page.locator('img[src="x"]').count()).toBe(0)
      expect(person.dialogs).toEqual([])
      expect(person.pageErrors).toEqual([])
    }
  })

  it('should make http and https links clickable and safe, and nothing else', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const text = 'read https://example.com/guide?page=2, not javascript:alert(1) or data:text/html,hi'
    await sendMessage(alice.page, text)
    const message = await waitForMessage(alice.page, text)
    const links = message.locator('a')
    expect(await links.count()).toBe(1)
    expect(await links.getAttribute('href')).toBe('https://example.com/guide?page=2')
    expect(await links.textContent()).toBe('https://example.com/guide?page=2')
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer')
    expect(await links.getAttribute('target')).toBe('_blank')
  })
})

describe('the server', () => {
  it('should refuse a WebSocket from a foreign Origin and accept one from its own', async () => {
    const server = await startDemo()
    expect(await upgradeStatus(server.port, 'http://evil.example')).toBe(403)
    expect(await upgradeStatus(server.port, `http://localhost:${server.port + 1}`)).toBe(403)
    expect(await upgradeStatus(server.port, server.origin)).toBe(101)
  })

  it('should refuse pages and sockets asked for under a foreign host name (DNS rebinding), and serve its own names', async () => {
    const server = await startDemo()
    const rebound = `rebind.evil.example:${server.port}`
    expect(await upgradeStatus(server.port, `http://${rebound}`, rebound)).toBe(403)
    const page = await pageStatus(server.port, rebound)
    expect(page.status).toBe(403)
    expect(page.body).not.toContain('<div id="app">')
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) {
      expect((await pageStatus(server.port, host)).status, host).toBe(200)
      expect(await upgradeStatus(server.port, `http://${host}`, host), host).toBe(101)
    }
  })

  it('should send a Content-Security-Policy that allows only itself and its own socket', async () => {
    const server = await startDemo()
    const response = await fetch(`${server.origin}/`)
    expect(response.status).toBe(200)
    const policy = response.headers.get('content-security-policy') ?? ''
    const directives = new Map(
      policy.split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/)
        return [name, values] as const
      }),
    )
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'", `ws://127.0.0.1:${server.port}`])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(policy).not.toContain('unsafe-inline')
    expect(policy).not.toContain('unsafe-eval')
    expect(policy).not.toContain('upgrade-insecure-requests')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('should serve everything the page loads itself, with no CSP violation', async () => {
    const server = await startDemo()
    const alice = await newPerson(browser, 'Alice')
    const violations: string[] = []
    alice.page.on('console', (entry) => {
      if (entry.text().includes('Content Security Policy')) violations.push(entry.text())
    })
    // The browser reports every violation as an event, also those it does not print (an eval a library caught).
    await alice.page.addInitScript(() => {
      const seen: string[] = []
      ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
      document.addEventListener('securitypolicyviolation', (event) => {
        seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`)
      })
    })
    await enterChat(alice, `${server.origin}/`)
    await createRoom(alice.page, 'Offline room')
    await alice.page.getByRole('button', { name: 'Invite' }).click()
    await alice.page.getByRole('img', { name: /QR code/ }).waitFor()
    const foreign = alice.requests.filter((url) => !url.startsWith(`${server.origin}/`) && !url.startsWith('data:'))
    expect(foreign).toEqual([])
    expect(violations).toEqual([])
    expect(await alice.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([])
  })

  it('should answer unknown pages with the app and unknown files with 404', async () => {
    const server = await startDemo()
    const page = await fetch(`${server.origin}/some/page`, { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="app">')
    const file = await fetch(`${server.origin}/assets/missing.js`)
    expect(file.status).toBe(404)
  })
})
