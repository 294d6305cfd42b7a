import { describe, expect, it } from 'vitest'
import { rawClient, startApp } from '../../test/plugin-harness.js'

const PASSWORD = 'correct horse battery staple'

describe('the account session cookie', () => {
  it('should have a name per scheme, so signing in over HTTPS does not lock the same browser out over HTTP', async () => {
    // A hook that marks a request as HTTPS stands in for a TLS socket (request.protocol is all the routes look at).
    const { app, origin } = await startApp({}, (fastify) => {
      fastify.addHook('onRequest', async (request) => {
        if (request.headers['x-test-tls'] === '1') Object.defineProperty(request, 'protocol', { value: 'https' })
      })
    })
    const guest = await rawClient(`${origin}/ws`)
    const welcome = await guest.command({ type: 'hello', id: '1', protocol: 1, name: 'Maria' })
    const claimed = await app.inject({
      method: 'POST',
      url: '/auth/claim',
      headers: { authorization: `Bearer ${String(welcome.session)}`, 'x-test-tls': '1' },
      payload: { password: PASSWORD },
    })
    expect(claimed.statusCode).toBe(201)
    const secureCookie = String(claimed.headers['set-cookie'])
    expect(secureCookie).toMatch(/^lanchat_session_tls=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/)
    const secureToken = /^lanchat_session_tls=([^;]+)/.exec(secureCookie)?.[1] ?? ''

    // Over HTTPS the secure cookie signs in; over HTTP it is not read (a browser would not send it anyway).
    const overTls = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: `lanchat_session_tls=${secureToken}`, 'x-test-tls': '1' } })
    expect(overTls.statusCode).toBe(200)
    const overHttp = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: `lanchat_session_tls=${secureToken}` } })
    expect(overHttp.statusCode).toBe(401)

    // Signing in over HTTP sets the plain cookie, which nothing over HTTPS shadows.
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { name: 'Maria', password: PASSWORD } })
    expect(String(login.headers['set-cookie'])).toMatch(/^lanchat_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/)
    const plainToken = /^lanchat_session=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1] ?? ''
    const both = `lanchat_session=${plainToken}; lanchat_session_tls=${secureToken}`
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: both } })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: both, 'x-test-tls': '1' } })).statusCode).toBe(200)
  })
})
