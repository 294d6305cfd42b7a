import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { ChatMessage } from '@lanchat/protocol'
import lanchat, { openSqliteStore, type SqliteStore } from '@lanchat/server'
import { connectClient, nextClientEvent, rawPeer, waitFor } from './harness.js'

function temporaryDatabase(): string {
  const directory = mkdtempSync(join(tmpdir(), 'lanchat-durable-'))
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }))
  return join(directory, 'lanchat.db')
}

/** A real server on a SQLite file, on `port` (0: a free one). The store is the test's: closed after the app. */
async function startDurableServer(path: string, port = 0, storeOptions: { busyTimeoutMs?: number } = {}) {
  const store = await openSqliteStore({ path, ...storeOptions })
  const app = Fastify({ logger: false })
  await app.register(lanchat, { store, rateLimit: { messagesPerSecond: 1000, burst: 1000 } })
  await app.listen({ port, host: '127.0.0.1' })
  const stop = async () => {
    await app.close()
    await store.close()
  }
  onTestFinished(stop)
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('server has no port')
  return { app, store, stop, port: address.port, url: `ws://127.0.0.1:${address.port}/ws` }
}

function storedTexts(store: SqliteStore, room: string): Promise<string[]> {
  return store.log.latest(room, 100).then((page) => page.events.map((event) => event.message.text))
}

describe('a server on a SQLite store', () => {
  it('should be restarted under its clients: they resume with recovered: true, keep their user, and miss nothing', async () => {
    const path = temporaryDatabase()
    const first = await startDurableServer(path)
    const maria = await connectClient(first.url, 'Maria')
    const pete = await connectClient(first.url, 'Pete')
    const { room } = await maria.create({ name: 'Kept' })
    await pete.join(room.id)
    const seenByPete: ChatMessage[] = []
    pete.on('message.created', ({ message }) => seenByPete.push(message))
    await maria.send(room.id, 'before the restart').acked
    const mariaId = maria.user?.id

    await first.stop()
    await waitFor(() => pete.state === 'reconnecting' && maria.state === 'reconnecting', 5_000, 'both reconnecting')
    // Maria writes while the server is down; her outbox sends it after the restart.
    const offline = maria.send(room.id, 'written while the server was down')
    const resumed = nextClientEvent(pete, 'room.resumed', (event) => event.room.id === room.id, 15_000)
    const second = await startDurableServer(path, first.port)
    const event = await resumed
    expect(event).toMatchObject({ recovered: true, room: { id: room.id, epoch: room.epoch } })
    await offline.acked
    expect(maria.user?.id).toBe(mariaId)
    await waitFor(() => seenByPete.length === 2, 5_000, 'Pete got the offline message')
    expect(seenByPete.map((message) => [message.seq, message.text])).toEqual([
      [1, 'before the restart'],
      [2, 'written while the server was down'],
    ])
    expect(await storedTexts(second.store, room.id)).toEqual(['before the restart', 'written while the server was down'])
  })

  it('should answer a send to a locked database with UNAVAILABLE, store and show nothing, and take the SDK retry once it is free', async () => {
    const path = temporaryDatabase()
    const server = await startDurableServer(path, 0, { busyTimeoutMs: 50 })
    const pete = await connectClient(server.url, 'Pete')
    await pete.join('lobby')
    const seenByPete: ChatMessage[] = []
    pete.on('message.created', ({ message }) => seenByPete.push(message))

    const raw = await rawPeer(server.url)
    raw.send({ type: 'hello', id: 'h', protocol: 1, name: 'Raw' })
    await raw.reply('h')
    raw.send({ type: 'room.join', id: 'j', room: 'lobby' })
    await raw.reply('j')
    const maria = await connectClient(server.url, 'Maria')
    await maria.join('lobby')

    // Another process holds the write lock, as a backup tool or a stuck admin shell would.
    const other = new Database(path)
    onTestFinished(() => {
      other.close()
    })
    other.exec('BEGIN IMMEDIATE')

    raw.send({ type: 'message.send', id: 's', room: 'lobby', text: 'blocked', clientMsgId: 'raw-1' })
    expect(await raw.reply('s')).toMatchObject({ type: 'error', code: 'UNAVAILABLE' })
    // A newcomer's hello needs a write too (a new user and session): it is refused the same way, and may try again.
    const newcomer = await rawPeer(server.url)
    newcomer.send({ type: 'hello', id: 'h', protocol: 1, name: 'Late' })
    expect(await newcomer.reply('h')).toMatchObject({ type: 'error', code: 'UNAVAILABLE' })

    const outgoing = maria.send('lobby', 'sent while locked')
    // Long enough for the send and a few paced retries, each refused after the 50 ms busy timeout.
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(outgoing.state).toBe('pending')
    expect(seenByPete).toEqual([])

    other.exec('COMMIT')
    newcomer.send({ type: 'hello', id: 'h2', protocol: 1, name: 'Late' })
    expect(await newcomer.reply('h2')).toMatchObject({ type: 'welcome', user: { name: 'Late' } })
    const message = await outgoing.acked
    expect(message).toMatchObject({ seq: 1, text: 'sent while locked' })
    await waitFor(() => seenByPete.length === 1, 5_000, 'Pete got it once')
    expect(await storedTexts(server.store, 'lobby')).toEqual(['sent while locked'])
    const check = other.prepare('PRAGMA integrity_check').pluck().get()
    expect(check).toBe('ok')
  })

  it('should refuse a reused clientMsgId with another text with CONFLICT, also after a restart', async () => {
    const path = temporaryDatabase()
    const first = await startDurableServer(path)
    const peer = await rawPeer(first.url)
    peer.send({ type: 'hello', id: 'h', protocol: 1, name: 'Raw' })
    const welcome = await peer.reply('h')
    peer.send({ type: 'room.join', id: 'j', room: 'lobby' })
    await peer.reply('j')
    peer.send({ type: 'message.send', id: 's1', room: 'lobby', text: 'meet at 5', clientMsgId: 'k1' })
    expect(await peer.reply('s1')).toMatchObject({ type: 'message.ack', seq: 1 })
    await first.stop()

    const second = await startDurableServer(path)
    const again = await rawPeer(second.url)
    again.send({ type: 'hello', id: 'h', protocol: 1, name: 'Raw', session: welcome.session })
    await again.reply('h')
    again.send({ type: 'room.join', id: 'j', room: 'lobby' })
    await again.reply('j')
    again.send({ type: 'message.send', id: 's2', room: 'lobby', text: 'meet at 6', clientMsgId: 'k1' })
    expect(await again.reply('s2')).toMatchObject({ type: 'error', code: 'CONFLICT' })
    again.send({ type: 'message.send', id: 's3', room: 'lobby', text: 'meet at 5', clientMsgId: 'k1' })
    expect(await again.reply('s3')).toMatchObject({ type: 'message.ack', seq: 1, duplicate: true })
    expect(await storedTexts(second.store, 'lobby')).toEqual(['meet at 5'])
  })
})
