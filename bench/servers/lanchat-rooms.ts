// lanchat for the throughput bench: Fastify + @lanchat/server with BENCH_ROOMS named rooms `r0`, `r1`, … and the
// store named by BENCH_STORE: `memory` (default), `sqlite-full` or `sqlite-normal` (a file at BENCH_SQLITE_PATH).
import Fastify from 'fastify'
import lanchat, { MemoryStore, openSqliteStore, type LanchatStore } from '@lanchat/server'
import { serve } from './serve.js'

const roomCount = Number(process.env.BENCH_ROOMS ?? 50)
const storeKind = process.env.BENCH_STORE ?? 'memory'

async function openStore(): Promise<LanchatStore> {
  if (storeKind === 'memory') return new MemoryStore()
  const path = process.env.BENCH_SQLITE_PATH
  if (path === undefined) throw new Error('BENCH_SQLITE_PATH is required for a SQLite store')
  if (storeKind === 'sqlite-full') return openSqliteStore({ path, synchronous: 'full' })
  if (storeKind === 'sqlite-normal') return openSqliteStore({ path, synchronous: 'normal' })
  throw new Error(`unknown BENCH_STORE ${storeKind}`)
}

/**
 * Counts appends and the batches they were stored in. The appends of one group commit settle in the same event
 * loop turn, so a batch is a run of settlements with no `setImmediate` between them (the counter resets on the
 * next turn). With the memory store every append settles on its own turn or shares one; the figure is only
 * meaningful for SQLite, where it is appends per commit (per fsync at synchronous=FULL).
 */
function countingStore(store: LanchatStore, counters: { appends: number; batches: number }): LanchatStore {
  let batchOpen = false
  const settled = () => {
    counters.appends += 1
    if (batchOpen) return
    batchOpen = true
    counters.batches += 1
    setImmediate(() => {
      batchOpen = false
    })
  }
  return {
    rooms: store.rooms,
    users: store.users,
    sessions: store.sessions,
    memberships: store.memberships,
    accounts: store.accounts,
    credentials: store.credentials,
    log: {
      append: (draft) => {
        const appended = store.log.append(draft)
        appended.then(settled, () => undefined)
        return appended
      },
      latest: (room, limit) => store.log.latest(room, limit),
      before: (room, seq, limit) => store.log.before(room, seq, limit),
      after: (room, seq, limit) => store.log.after(room, seq, limit),
    },
    close: () => store.close(),
  }
}

await serve(async () => {
  const counters = { appends: 0, batches: 0 }
  const store = await openStore()
  const app = Fastify({ logger: false })
  await app.register(lanchat, {
    store: countingStore(store, counters),
    lobby: false,
    // Every bench member is a firehose; the per-connection limit would (rightly) stop it.
    rateLimit: { messagesPerSecond: 1_000_000, burst: 1_000_000 },
    maxBufferedBytes: 64 * 1024 * 1024,
    // Every bench client connects from this machine: lift the per-address caps meant for a LAN.
    maxConnectionsPerAddress: 1_000_000,
    newUsersPerAddress: { perSecond: 1_000_000, burst: 1_000_000 },
    commandRates: { rooms: { perSecond: 1_000, burst: 1_000 } },
    joinHistory: 0,
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  for (let index = 0; index < roomCount; index++) await app.lanchat.createRoom({ id: `r${index}`, name: `Room ${index}` })
  const { port } = app.server.address() as { port: number }
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    counters: () => ({ ...counters }),
    close: async () => {
      await app.close()
      await store.close()
    },
  }
})
