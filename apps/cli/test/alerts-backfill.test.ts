import { LanchatClient, type ChatMessage } from '@lanchat/client'
import { describe, expect, it, onTestFinished } from 'vitest'
import { Alerter, watchAlerts } from '../src/chat/alerts.js'
import { connectPerson, startServer, waitFor } from './harness.js'
import { startLink } from './network-link.js'

describe('alerts and what a reconnect brings back', () => {
  it('should not ring for mentions the resume replays, only for live ones', async () => {
    const server = await startServer()
    const link = await startLink(server.port)
    const ana = new LanchatClient({ url: link.url, name: 'Ana', reconnect: { initialDelayMs: 20, maxDelayMs: 50 } })
    onTestFinished(() => ana.close())
    await ana.connect()
    await ana.join('lobby')
    const rung: string[] = []
    const seen: ChatMessage[] = []
    ana.on('message.created', ({ message }) => seen.push(message))
    let clock = 0
    // Time moves 10 s per alert, so the rate limits never hide one.
    const alerter = new Alerter({ settings: { bell: true, notify: false }, bell: (text) => rung.push(text), notifier: undefined, now: () => (clock += 10_000) })
    const stop = watchAlerts(ana, alerter, (room) => room)
    onTestFinished(stop)
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')

    link.cut()
    await waitFor(() => ana.state === 'reconnecting', 'Ana to notice the drop')
    await bob.send('lobby', '@Ana while you were away').acked
    link.restore()
    await waitFor(() => seen.some((message) => message.text === '@Ana while you were away'), 'the replayed mention')
    expect(rung).toEqual([])

    await bob.send('lobby', '@Ana welcome back').acked
    await waitFor(() => seen.some((message) => message.text === '@Ana welcome back'), 'the live mention')
    expect(rung).toEqual(['\x07'])
  }, 20_000)
})
