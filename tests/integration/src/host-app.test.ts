import { describe, expect, it, onTestFinished } from 'vitest'
import Fastify from 'fastify'
import websocket from '@fastify/websocket'
import { WebSocket } from 'ws'
import lanchat from '@lanchat/server'
import { LanchatClient } from '@lanchat/client'

describe('the plugin inside a host app', () => {
  it('should work under a prefix beside the host own websocket and HTTP routes', async () => {
    const app = Fastify({ logger: false })
    await app.register(websocket)
    app.get('/echo', { websocket: true }, (socket) => {
      socket.on('message', (data) => socket.send(`echo: ${String(data)}`))
    })
    app.get('/health', async () => ({ ok: true }))
    await app.register(lanchat, { prefix: '/chat' })
    await app.listen({ port: 0, host: '127.0.0.1' })
    onTestFinished(() => app.close())
    const { port } = app.server.address() as { port: number }

    const client = new LanchatClient({ url: `ws://127.0.0.1:${port}/chat/ws`, name: 'Embedded' })
    onTestFinished(() => client.close())
    await client.connect()
    await client.join('lobby')
    await expect(client.send('lobby', 'inside a host').acked).resolves.toMatchObject({ seq: 1 })

    const echo = new WebSocket(`ws://127.0.0.1:${port}/echo`)
    onTestFinished(() => echo.terminate())
    const reply = await new Promise<string>((resolve, reject) => {
      echo.once('open', () => echo.send('ping'))
      echo.once('message', (data) => resolve(String(data)))
      echo.once('error', reject)
    })
    expect(reply).toBe('echo: ping')
    expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toEqual({ ok: true })
    expect((await fetch(`http://127.0.0.1:${port}/ws`)).status).toBe(404)
  })

  it('should register @fastify/websocket itself when the host has not', async () => {
    const app = Fastify({ logger: false })
    await app.register(lanchat)
    await app.listen({ port: 0, host: '127.0.0.1' })
    onTestFinished(() => app.close())
    const { port } = app.server.address() as { port: number }
    const client = new LanchatClient({ url: `ws://127.0.0.1:${port}/ws`, name: 'Solo' })
    onTestFinished(() => client.close())
    await expect(client.connect()).resolves.toMatchObject({ type: 'welcome', user: { name: 'Solo' } })
  })

  it('should let the host post system messages and veto messages', async () => {
    const app = Fastify({ logger: false })
    await app.register(lanchat)
    const unsubscribe = app.lanchat.onMessage((draft) => {
      if (draft.text.includes('forbidden')) return { reject: 'That word is not allowed here' }
      return undefined
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    onTestFinished(() => app.close())
    const { port } = app.server.address() as { port: number }
    const client = new LanchatClient({ url: `ws://127.0.0.1:${port}/ws`, name: 'User' })
    onTestFinished(() => client.close())
    await client.connect()
    await client.join('lobby')

    const refused = client.send('lobby', 'a forbidden word')
    await expect(refused.acked).rejects.toMatchObject({ code: 'MESSAGE_REJECTED' })
    expect(refused.state).toBe('failed')
    unsubscribe()
    await expect(client.send('lobby', 'a forbidden word').acked).resolves.toMatchObject({ seq: 1 })

    const system = new Promise((resolve) => client.on('message.created', ({ message }) => message.kind === 'system' && resolve(message)))
    await app.lanchat.post('lobby', 'Server restarts at 18:00', { name: 'Bot' })
    expect(await system).toMatchObject({ kind: 'system', text: 'Server restarts at 18:00', from: { name: 'Bot' }, seq: 2 })
  })
})
