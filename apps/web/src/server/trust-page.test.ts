import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { renderTrustPage, registerTrustPage } from './trust-page.js'

const https = {
  port: 5001,
  authorityPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  fingerprint256: 'AB:CD:EF',
  fingerprint1: '12:34:56',
  authorityName: 'lanchat CA for studio (2026-12-02)',
}

async function appWith(options: Parameters<typeof registerTrustPage>[1]) {
  const app = Fastify()
  registerTrustPage(app, options)
  await app.ready()
  return app
}

describe('the trust page', () => {
  it('offers the CA file as application/x-x509-ca-cert, shows its fingerprint and links to HTTPS on the name used', async () => {
    const app = await appWith({ https })
    const page = await app.inject({ url: '/trust', headers: { host: '192.168.1.23:5000' } })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('AB:CD:EF')
    expect(page.body).toContain('href="https://192.168.1.23:5001/"')
    expect(page.body).toContain('href="/trust/lanchat-ca.crt"')
    expect(page.body).toContain('Why not just click through the warning?')
    for (const platform of ['Android', 'iPhone and iPad', 'Windows', 'macOS', 'Linux (Chrome, Chromium, Firefox)']) {
      expect(page.body).toContain(`<summary>${platform}</summary>`)
    }
    const file = await app.inject({ url: '/trust/lanchat-ca.crt' })
    expect(file.headers['content-type']).toBe('application/x-x509-ca-cert')
    expect(file.headers['content-disposition']).toBe('attachment; filename="lanchat-ca.crt"')
    expect(file.body).toBe(https.authorityPem)
    expect((await app.inject({ url: '/trust/https.json' })).json()).toEqual({ https: { port: 5001, fingerprint256: 'AB:CD:EF' } })
    expect((await app.inject({ url: '/trust/trust.css' })).headers['content-type']).toBe('text/css; charset=utf-8')
    await app.close()
  })

  it('opens the steps of the visitor’s platform and links IPv6 addresses with brackets', async () => {
    const app = await appWith({ https })
    const android = await app.inject({
      url: '/trust',
      headers: { host: '[fd00::23]:5000', 'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/131 Mobile Safari/537.36' },
    })
    expect(android.body).toContain('<details open><summary>Android</summary>')
    expect(android.body).toContain('<details><summary>iPhone and iPad</summary>')
    expect(android.body).toContain('href="https://[fd00::23]:5001/"')
    await app.close()
  })

  it('says HTTPS is off, and has no CA to download, with --no-https', async () => {
    const app = await appWith({ https: undefined })
    expect((await app.inject({ url: '/trust', headers: { host: 'localhost:5000' } })).body).toContain('HTTPS is off on this server')
    expect((await app.inject({ url: '/trust/lanchat-ca.crt' })).statusCode).toBe(404)
    expect((await app.inject({ url: '/trust/https.json' })).json()).toEqual({ https: null })
    await app.close()
  })

  it('escapes what it shows', () => {
    const html = renderTrustPage({
      https: { ...https, authorityName: '<img src=x onerror=alert(1)>' },
      httpsUrl: 'https://a"b:5001/',
      secure: false,
      platform: undefined,
    })
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('href="https://a&quot;b:5001/"')
  })
})
