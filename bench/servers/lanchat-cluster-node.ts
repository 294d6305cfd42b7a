// One lanchat node for the multi-node bench: Fastify + @lanchat/server with BENCH_ROOMS named rooms `r0`, `r1`, …
// BENCH_STORE: `sqlite` (synchronous full, a file at BENCH_SQLITE_PATH) or `postgres` (BENCH_POSTGRES_URL, schema
// BENCH_SCHEMA). With BENCH_REDIS_URL, the Redis fan-out (key prefix BENCH_PREFIX) joins it to the other nodes.
import Fastify from 'fastify'
import lanchat, { createRedisFanout, openPostgresStore, openSqliteStore, type LanchatStore } from '@lanchat/server'
import { serve } from './serve.js'

const roomCount = Number(process.env.BENCH_ROOMS ?? 20)
const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`${name} is required`)
  return value
}

async function openStore(): Promise<LanchatStore> {
  const kind = process.env.BENCH_STORE ?? 'postgres'
  if (kind === 'sqlite') return openSqliteStore({ path: env('BENCH_SQLITE_PATH'), synchronous: 'full' })
  if (kind === 'postgres') return openPostgresStore({ url: env('BENCH_POSTGRES_URL'), schema: env('BENCH_SCHEMA') })
  throw new Error(`unknown BENCH_STORE ${kind}`)
}

await serve(async () => {
  const store = await openStore()
  const redis = process.env.BENCH_REDIS_URL
  const fanout = redis === undefined ? undefined : await createRedisFanout({ url: redis, prefix: env('BENCH_PREFIX') })
  const app = Fastify({ logger: false })
  await app.register(lanchat, {
    store,
    ...(fanout === undefined ? {} : { fanout }),
    lobby: false,
    rateLimit: { messagesPerSecond: 1_000_000, burst: 1_000_000 },
    maxBufferedBytes: 64 * 1024 * 1024,
    maxConnectionsPerAddress: 1_000_000,
    newUsersPerAddress: { perSecond: 1_000_000, burst: 1_000_000 },
    commandRates: { rooms: { perSecond: 1_000, burst: 1_000 } },
    joinHistory: 0,
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  // Every node makes the rooms it does not find (the first one stores them; the others find them taken).
  for (let index = 0; index < roomCount; index++) await app.lanchat.createRoom({ id: `r${index}`, name: `Room ${index}` }).catch(() => undefined)
  const { port } = app.server.address() as { port: number }
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    close: async () => {
      await app.close()
      await store.close()
    },
  }
})
