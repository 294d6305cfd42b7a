import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ChattyClient, expectDatabaseHolds } from './durable-store.js'
import { freePort, startServerProcess, temporaryDirectory, type ServerProcess } from './server-process.js'

const KILLS = 8
// A restart takes about a second on an idle machine, several on a busy one: past this, no further kills.
const KILL_BUDGET_MS = 35_000
const MIN_KILLS = 3

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function everyoneOpen(clients: readonly ChattyClient[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!clients.every(({ client }) => client.state === 'open')) {
    if (Date.now() > deadline) throw new Error('the clients did not reconnect')
    await sleep(10)
  }
}

describe('a demo server killed with SIGKILL under load', () => {
  it(`should keep every acked message, once, in a sound database, across up to ${KILLS} kills`, { timeout: 60_000 }, async () => {
    const dataDir = temporaryDirectory()
    const database = join(dataDir, 'lanchat.db')
    const port = await freePort()
    let server: ServerProcess = await startServerProcess({ dataDir, port })

    const first = await ChattyClient.connect(server.socketUrl, 'Ana')
    const { room } = await first.client.create({ name: 'Night shift' })
    const rooms = ['lobby', room.id]
    const clients = [
      first,
      await ChattyClient.connect(server.socketUrl, 'Ben', rooms),
      await ChattyClient.connect(server.socketUrl, 'Cleo', rooms),
      await ChattyClient.connect(server.socketUrl, 'Dev', rooms),
    ]
    const userIds = clients.map(({ client }) => client.user?.id)
    for (const client of clients) client.start(rooms)

    const startedAt = Date.now()
    let kills = 0
    while (kills < KILLS && (kills < MIN_KILLS || Date.now() - startedAt < KILL_BUDGET_MS)) {
      kills++
      await everyoneOpen(clients)
      await sleep(150 + Math.random() * 450)
      expect(await server.stop('SIGKILL')).toBeNull()
      // Every ack a client holds now came from the process just killed.
      const acked = clients.flatMap(({ acks }) => acks)
      server = await startServerProcess({ dataDir, port })
      expectDatabaseHolds(database, acked)
    }

    await everyoneOpen(clients)
    for (const client of clients) await client.stop()
    expect(await server.stop('SIGTERM')).toBe(0)

    const acked = clients.flatMap(({ acks }) => acks)
    expectDatabaseHolds(database, acked)
    expect(clients.flatMap(({ failures }) => failures)).toEqual([])
    // Each client stayed the same user (its session survived every kill), and kept sending.
    expect(clients.map(({ client }) => client.user?.id)).toEqual(userIds)
    expect(acked.length).toBeGreaterThan(kills * 4)
  })
})
