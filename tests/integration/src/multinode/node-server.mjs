// One lanchat node of a test cluster, as its own process: a Fastify app with the plugin on PostgreSQL and Redis.
// Usage: node node-server.mjs <postgres-url> <schema> <redis-url> <prefix>. Prints `listening <port>` once it
// serves, and closes cleanly on SIGTERM. The multi-node tests kill it with SIGKILL too.
import Fastify from 'fastify'
import lanchat, { createRedisFanout, openPostgresStore } from '@lanchat/server'

const [postgres, schema, redis, prefix] = process.argv.slice(2)
if (postgres === undefined || schema === undefined || redis === undefined || prefix === undefined) {
  process.stderr.write('usage: node node-server.mjs <postgres-url> <schema> <redis-url> <prefix>\n')
  process.exit(2)
}
const store = await openPostgresStore({ url: postgres, schema })
const fanout = await createRedisFanout({ url: redis, prefix, heartbeatIntervalMs: 250, gapWaitMs: 50 })
const app = Fastify({ logger: false })
await app.register(lanchat, {
  store,
  fanout,
  // The tests send fast from few addresses, and a node's members should leave at once when it dies.
  rateLimit: { messagesPerSecond: 1_000, burst: 1_000 },
  newUsersPerAddress: { perSecond: 1_000, burst: 1_000 },
  presenceGraceMs: 0,
  heartbeatIntervalMs: 1_000,
})
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
process.stdout.write(`listening ${typeof address === 'object' && address !== null ? address.port : 0}\n`)
process.once('SIGTERM', async () => {
  await app.close()
  await store.close()
  process.exit(0)
})
