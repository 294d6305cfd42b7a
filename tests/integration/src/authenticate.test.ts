import { request } from 'node:http'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Principal } from '@lanchat/server'
import { rawPeer, startServer } from './harness.js'

/**
 * The status an upgrade request to `url` gets (101 when the socket would open). A refusal whose socket is closed
 * before its 5xx response is read counts as 0: on an upgrade, @fastify/websocket destroys the socket once Fastify is
 * done with the response, and a 500 sometimes loses that race. Either way no socket opened.
 */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port, pathname } = new URL(url)
  return new Promise((resolve, reject) => {
    const upgrade = request({
      host: hostname,
      port,
      path: pathname,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64'), ...headers },
    })
    upgrade.on('upgrade', (response, socket) => {
      socket.destroy()
      resolve({ status: response.statusCode ?? 0, body: '' })
    })
    upgrade.on('response', (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += String(chunk)))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    upgrade.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') resolve({ status: 0, body: '' })
      else reject(error)
    })
    upgrade.end()
  })
}

describe('the authenticate option', () => {
  it('should refuse with 401 when it answers undefined, and with 500 without its text when it throws', async () => {
    const server = await startServer({
      authenticate: (request) => {
        if (request.headers['x-boom'] !== undefined) throw new Error('database at /srv/secret.db is down')
        return undefined
      },
    })
    expect(await upgradeStatus(server.url)).toMatchObject({ status: 401 })
    const failed = await upgradeStatus(server.url, { 'x-boom': '1' })
    expect([500, 0]).toContain(failed.status)
    expect(failed.body).not.toContain('secret')
  })

  it.each<[string, unknown]>([
    ['a name with a control character', { kind: 'user', id: 'u-1', name: 'Eve\u0007' }],
    ['a name longer than the wire allows', { kind: 'user', id: 'u-1', name: 'x'.repeat(200) }],
    ['an id longer than the wire allows', { kind: 'user', id: 'u'.repeat(100) }],
    ['an unknown kind', { kind: 'admin', id: 'u-1' }],
    ['a string', 'u-1'],
  ])('should refuse with 500 a principal with %s, and keep serving others', async (_, principal) => {
    const server = await startServer({
      authenticate: (request) => (request.headers['x-bad'] === undefined ? { kind: 'guest' } : (principal as Principal)),
    })
    expect([500, 0]).toContain((await upgradeStatus(server.url, { 'x-bad': '1' })).status)
    const guest = await rawPeer(server.url)
    guest.send({ type: 'hello', id: 'h', protocol: 1, name: 'Guest' })
    expect(await guest.reply('h')).toMatchObject({ type: 'welcome', user: { name: 'Guest' } })
  })

  it('should make the user it vouches for, with the name it gives', async () => {
    const server = await startServer({ authenticate: () => ({ kind: 'user', id: 'acct-7', name: 'Ada' }) })
    const peer = await rawPeer(server.url)
    peer.send({ type: 'hello', id: 'h', protocol: 1, name: 'whoever' })
    expect(await peer.reply('h')).toMatchObject({ type: 'welcome', user: { id: 'acct-7', name: 'Ada' } })
  })
})
