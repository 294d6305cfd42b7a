// The storm's probe, in a process of its own so that its pings measure the server, not the busy load generator:
// a client connected straight to the server pings it every 25 ms and, when asked, reports its slowest ping since.
import { LanchatClient } from '@lanchat/client'
import { WebSocket } from 'ws'
import { performance } from 'node:perf_hooks'

const client = new LanchatClient({ url: String(process.argv[2]), name: 'probe', WebSocket, requestTimeoutMs: 120_000 })
await client.connect()
let slowestMs = 0
process.on('message', (request: { type: string }) => {
  if (request.type === 'reset') slowestMs = 0
  if (request.type === 'report') process.send?.({ type: 'report', slowestMs })
})
process.once('disconnect', () => process.exit(0))
process.send?.({ type: 'ready' })
for (;;) {
  const started = performance.now()
  await client.request('ping', {})
  slowestMs = Math.max(slowestMs, performance.now() - started)
  await new Promise((resolve) => setTimeout(resolve, 25))
}
