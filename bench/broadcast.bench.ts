/**
 * Broadcast benchmark: one sender, N members in one room, M messages at a steady rate. Each system's server runs
 * in its own child process so its CPU time and memory are measured apart from the clients. Reports latency
 * (send → every member received), server CPU per 1 000 deliveries, server RSS, and each as a ratio to raw `ws`.
 *
 *   pnpm bench                      # defaults: members 50,200,500; 300 messages at 100/s
 *   BENCH_MEMBERS=100 BENCH_MESSAGES=500 BENCH_RATE=200 BENCH_SYSTEMS=lanchat,socket-io pnpm bench
 */
import { writeFile, mkdir } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { WebSocket } from 'ws'
import { io } from 'socket.io-client'
import { startBenchServer, type ServerHandle } from './servers/bench-child.js'

const memberCounts = (process.env.BENCH_MEMBERS ?? '50,200,500').split(',').map(Number)
const messageCount = Number(process.env.BENCH_MESSAGES ?? 300)
const ratePerSecond = Number(process.env.BENCH_RATE ?? 100)
const allSystems = ['ws', 'socket-io', 'lanchat'] as const
type System = (typeof allSystems)[number]
// Raw ws is the baseline every ratio is taken against, so it always runs.
const systems = allSystems.filter(
  (system) => system === 'ws' || (process.env.BENCH_SYSTEMS ?? allSystems.join(',')).split(',').includes(system),
)

interface Peer {
  send(text: string): void
  close(): void
}

// ---- Clients: the same job for every system ----

function connectPeer(system: System, url: string, onText: (text: string) => void): Promise<Peer> {
  if (system === 'socket-io') {
    return new Promise((resolve, reject) => {
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false })
      socket.on('message', onText)
      socket.once('connect_error', reject)
      socket.once('connect', () => resolve({ send: (text) => socket.emit('message', text), close: () => socket.close() }))
    })
  }
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    socket.once('error', reject)
    if (system === 'ws') {
      socket.on('message', (data) => onText(String(data)))
      socket.once('open', () => resolve({ send: (text) => socket.send(text), close: () => socket.terminate() }))
      return
    }
    let next = 0
    const peer: Peer = {
      send: (text) => {
        next += 1
        socket.send(JSON.stringify({ type: 'message.send', id: `s${next}`, room: 'lobby', text, clientMsgId: `c${next}` }))
      },
      close: () => socket.terminate(),
    }
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; message?: { text: string } }
      if (frame.type === 'message.created' && frame.message) onText(frame.message.text)
      else if (frame.type === 'welcome') socket.send(JSON.stringify({ type: 'room.join', id: 'j', room: 'lobby' }))
      else if (frame.type === 'room.joined') resolve(peer)
    })
    socket.once('open', () => socket.send(JSON.stringify({ type: 'hello', id: 'h', protocol: 1, name: 'bench' })))
  })
}

// ---- Server process ----

function startServer(system: System): Promise<ServerHandle> {
  return startBenchServer(new URL(`./servers/${system}.ts`, import.meta.url))
}

// ---- One run ----

interface Result {
  system: System
  members: number
  deliveries: number
  missing: number
  p50Ms: number
  p99Ms: number
  cpuMsPer1000: number
  rssMb: number
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN
}

async function run(system: System, members: number): Promise<Result> {
  const server = await startServer(system)
  const latencies = new Float64Array(members * messageCount)
  let received = 0
  let measuring = false
  const onText = (text: string) => {
    if (!measuring) return
    const sentAt = Number(text.slice(text.indexOf(':') + 1))
    if (received < latencies.length) latencies[received] = performance.now() - sentAt
    received += 1
  }

  const peers: Peer[] = []
  for (let index = 0; index < members; index += 50) {
    const batch = Math.min(50, members - index)
    peers.push(...(await Promise.all(Array.from({ length: batch }, () => connectPeer(system, server.url, onText)))))
  }
  const sender = peers[0] as Peer

  // Warm up the JIT on both sides, then zero the server's CPU counter.
  for (let index = 0; index < 50; index++) sender.send(`w:${performance.now()}`)
  await new Promise((resolve) => setTimeout(resolve, 500))
  await server.stats()

  measuring = true
  const expected = members * messageCount
  const intervalMs = 1000 / ratePerSecond
  const started = performance.now()
  for (let index = 0; index < messageCount; index++) {
    sender.send(`${index}:${performance.now()}`)
    const due = started + (index + 1) * intervalMs
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  }
  const deadline = performance.now() + 30_000
  while (received < expected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  const { cpuMs, rssBytes } = await server.stats()

  for (const peer of peers) peer.close()
  await server.stop()
  const sorted = latencies.slice(0, Math.min(received, latencies.length)).sort()
  return {
    system,
    members,
    deliveries: received,
    missing: Math.max(0, expected - received),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    cpuMsPer1000: (cpuMs / Math.max(1, received)) * 1000,
    rssMb: rssBytes / 1024 / 1024,
  }
}

// ---- Report ----

const results: Result[] = []
console.log(`broadcast: ${messageCount} messages at ${ratePerSecond}/s to rooms of ${memberCounts.join(', ')} members`)
for (const members of memberCounts) {
  for (const system of systems) {
    const result = await run(system, members)
    results.push(result)
    console.log(
      `  ${system.padEnd(9)} members=${members} p50=${result.p50Ms.toFixed(2)}ms p99=${result.p99Ms.toFixed(2)}ms ` +
        `cpu=${result.cpuMsPer1000.toFixed(2)}ms/1k rss=${result.rssMb.toFixed(0)}MB missing=${result.missing}`,
    )
  }
}

const ratio = (value: number, base: number) => (base > 0 ? `${(value / base).toFixed(2)}×` : 'n/a')
const lines = [
  `# Broadcast benchmark`,
  ``,
  `${messageCount} messages at ${ratePerSecond}/s from one sender to every member of one room; Node ${process.version};`,
  `server in its own process. Ratios are against raw \`ws\` in the same run (lower is better).`,
  ``,
  `| members | system | p50 ms | p99 ms | server CPU ms / 1k deliveries | RSS MB | p99 vs ws | CPU vs ws | missing |`,
  `|---:|---|---:|---:|---:|---:|---:|---:|---:|`,
]
for (const result of results) {
  const base = results.find((other) => other.system === 'ws' && other.members === result.members) as Result
  lines.push(
    `| ${result.members} | ${result.system} | ${result.p50Ms.toFixed(2)} | ${result.p99Ms.toFixed(2)} | ` +
      `${result.cpuMsPer1000.toFixed(2)} | ${result.rssMb.toFixed(0)} | ${ratio(result.p99Ms, base.p99Ms)} | ` +
      `${ratio(result.cpuMsPer1000, base.cpuMsPer1000)} | ${result.missing} |`,
  )
}
const report = lines.join('\n') + '\n'
console.log('\n' + report)
await mkdir(new URL('./results/', import.meta.url), { recursive: true })
await writeFile(new URL('./results/latest.md', import.meta.url), report)
