import { join } from 'node:path'
import { LanchatClient, type ChatMessage, type LanchatClientEvents } from '@lanchat/client'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import { freePort, startServerProcess, temporaryDirectory } from './server-process.js'

/** An SDK client that reconnects quickly, and every message it was shown, by room. */
async function connectClient(url: string, name: string) {
  const client = new LanchatClient({ url, name, reconnect: { initialDelayMs: 50, maxDelayMs: 300 } })
  onTestFinished(() => client.close())
  const seen = new Map<string, number[]>()
  client.on('message.created', ({ message }) => seen.set(message.room, [...(seen.get(message.room) ?? []), message.seq]))
  await client.connect()
  return { client, seen }
}

/** Resolves with the client's next `name` event that matches; rejects after `timeoutMs`. */
function nextEvent<Name extends keyof LanchatClientEvents>(
  client: LanchatClient,
  name: Name,
  matches: (payload: LanchatClientEvents[Name]) => boolean,
  timeoutMs = 10_000,
): Promise<LanchatClientEvents[Name]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`no ${String(name)} within ${timeoutMs} ms`))
    }, timeoutMs)
    const unsubscribe = client.on(name, (payload) => {
      if (!matches(payload)) return
      clearTimeout(timer)
      unsubscribe()
      resolve(payload)
    })
  })
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index)

describe('a demo server restarted on the same data directory', () => {
  it('should keep every acked message, the code room with its epoch, the sessions, and let clients resume without a gap', async () => {
    const dataDir = temporaryDirectory()
    const port = await freePort()
    const first = await startServerProcess({ dataDir, port })
    const url = first.socketUrl

    const alice = await connectClient(url, 'Alice')
    const bob = await connectClient(url, 'Bob')
    const carol = await connectClient(url, 'Carol')
    const everyone = [alice, bob, carol]
    for (const { client } of everyone) await client.join('lobby')
    const created = await alice.client.create({ name: 'Book club' })
    const code = created.room.id
    await bob.client.join(code)
    await carol.client.join(code)

    const acked: ChatMessage[] = []
    for (let round = 0; round < 3; round++) {
      for (const [index, { client }] of everyone.entries()) {
        acked.push(await client.send('lobby', `lobby ${round}.${index}`).acked)
        acked.push(await client.send(code, `room ${round}.${index}`).acked)
      }
    }
    const epochs = new Map([code, 'lobby'].map((room) => [room, alice.client.rooms.get(room)?.info.epoch]))
    const userIds = everyone.map(({ client }) => client.user?.id)

    const resumed = everyone.flatMap(({ client }) =>
      [code, 'lobby'].map((room) => nextEvent(client, 'room.resumed', (payload) => payload.room.id === room)),
    )
    expect(await first.stop('SIGTERM')).toBe(0)
    // Written while the server is down: it waits in Alice's outbox and goes out once, after the restart.
    const offline = alice.client.send(code, 'written while the server was down')

    const second = await startServerProcess({ dataDir, port })
    for (const payload of await Promise.all(resumed)) {
      expect(payload.recovered).toBe(true)
      expect(payload.room.epoch).toBe(epochs.get(payload.room.id))
    }
    expect(everyone.map(({ client }) => client.user?.id)).toEqual(userIds)
    const afterRestart = await offline.acked
    expect(afterRestart.seq).toBe(10)
    acked.push(afterRestart)
    acked.push(await bob.client.send('lobby', 'after the restart').acked)

    // Every acked message is in the history, once, with its seq and key.
    for (const room of ['lobby', code]) {
      const history = await carol.client.history(room)
      const mine = acked.filter((message) => message.room === room)
      expect(history.messages.map((message) => [message.seq, message.clientMsgId, message.text])).toEqual(
        mine.map((message) => [message.seq, message.clientMsgId, message.text]),
      )
    }
    // Everyone saw each room's messages once each, in order, across the restart.
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const { seen } of everyone) {
      expect(seen.get('lobby')).toEqual(range(1, 10))
      expect(seen.get(code)).toEqual(range(1, 10))
    }

    // Sent again with the key of a message acked before the restart: answered with the stored one, not stored twice.
    const original = acked[1] as ChatMessage
    const again = await alice.client.send(code, original.text, { clientMsgId: original.clientMsgId }).acked
    expect(again).toMatchObject({ seq: original.seq, id: original.id })
    expect((await alice.client.history(code)).messages).toHaveLength(10)

    // Stopped under the clients, as a restart would: the code room and its log stay in the file.
    expect(await second.stop('SIGTERM')).toBe(0)
    const database = new Database(join(dataDir, 'lanchat.db'), { readonly: true })
    onTestFinished(() => {
      database.close()
    })
    expect(database.pragma('integrity_check', { simple: true })).toBe('ok')
    const copies = database
      .prepare('SELECT COUNT(*) AS count FROM room_events WHERE room_id = ? AND client_msg_id = ?')
      .get(code, original.clientMsgId) as { count: number }
    expect(copies.count).toBe(1)
  })
})
