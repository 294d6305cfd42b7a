// lanchat: Fastify + @lanchat/server with the in-memory store; every message is validated, stored with a seq,
// deduplicated, serialized once and fanned out.
import Fastify from 'fastify'
import lanchat from '@lanchat/server'
import { serve } from './serve.js'

await serve(async () => {
  const app = Fastify({ logger: false })
  await app.register(lanchat, {
    // The bench sender is a firehose; the per-connection limit would (rightly) stop it.
    rateLimit: { messagesPerSecond: 1_000_000, burst: 1_000_000 },
    maxBufferedBytes: 64 * 1024 * 1024,
    // Every bench client connects from this machine: lift the per-address caps meant for a LAN.
    maxConnectionsPerAddress: 1_000_000,
    newUsersPerAddress: { perSecond: 1_000_000, burst: 1_000_000 },
    commandRates: { rooms: { perSecond: 1_000, burst: 1_000 } },
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return { url: `ws://127.0.0.1:${port}/ws`, close: () => app.close() }
})
