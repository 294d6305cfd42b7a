/**
 * Several nodes: what PostgreSQL and the Redis fan-out cost, on this machine.
 *
 * 1. Store appends: the PostgreSQL store against SQLite (synchronous full). `BENCH_ROOMS` rooms append at once,
 *    each keeping `BENCH_APPEND_WINDOW` appends in flight (the chat core hands a room's next message to the store
 *    before the previous one is stored), for `BENCH_SECONDS`.
 * 2. Chat throughput and fan-out latency with real node processes on PostgreSQL: one node with the in-process
 *    fan-out, one node with the Redis fan-out, and two nodes with Redis. `BENCH_ROOMS` rooms of `BENCH_MEMBERS`
 *    members, spread over the nodes in turn; every member keeps one message in flight (it sends the next when its
 *    own copy comes back). Latency is from a send to each other member's receipt (all on one clock).
 *
 * PostgreSQL and Redis are throwaway instances (scripts/test-services.mjs). Everything shares this machine's cores,
 * so the figures are ratios between setups measured in the same run, not capacities.
 *
 *   pnpm turbo run build --filter=@lanchat/server... && pnpm --filter @lanchat/bench bench:multinode
 */
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg, release, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { openPostgresStore, openSqliteStore, type LanchatStore } from '@lanchat/server'
import { WebSocket } from 'ws'
import { startPostgres, startRedis } from '../scripts/test-services.mjs'

const setting = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}
const rooms = setting('BENCH_ROOMS', 20)
const members = setting('BENCH_MEMBERS', 10)
const seconds = setting('BENCH_SECONDS', 8)
const warmupSeconds = setting('BENCH_WARMUP_SECONDS', 2)
const appendWindow = setting('BENCH_APPEND_WINDOW', 4)
// Setups run interleaved, round after round; the report gives each one's median. The machine is shared.
const roundCount = setting('BENCH_ROUNDS', 3)
const benchDir = fileURLToPath(new URL('.', import.meta.url))

// ---- 1. Store appends ----

interface AppendResult {
  label: string
  appendsPerSecond: number
  p50Ms: number
  p99Ms: number
}

async function measureAppends(label: string, store: LanchatStore): Promise<AppendResult> {
  for (let index = 0; index < rooms; index++) {
    await store.rooms.create({ id: `a${index}`, name: `A ${index}`, kind: 'named', epoch: 'e', retention: 'forever', createdBy: undefined, createdAt: Date.now() })
  }
  const latencies: number[] = []
  let count = 0
  let stop = false
  const deadline = Date.now() + seconds * 1000
  const room = async (id: string) => {
    let next = 0
    const one = async (): Promise<void> => {
      while (!stop) {
        const started = performance.now()
        await store.log.append({
          type: 'message.created',
          message: { room: id, kind: 'user', from: { id: 'u', name: 'Bench' }, text: 'x'.repeat(100), ts: Date.now(), clientMsgId: `k${next++}` },
        })
        latencies.push(performance.now() - started)
        count++
        if (Date.now() > deadline) stop = true
      }
    }
    await Promise.all(Array.from({ length: appendWindow }, one))
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: rooms }, (_, index) => room(`a${index}`)))
  const elapsed = (performance.now() - started) / 1000
  await store.close()
  return { label, appendsPerSecond: count / elapsed, ...percentiles(latencies) }
}

// ---- 2. Nodes ----

interface Node {
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

async function startNode(env: Record<string, string>): Promise<Node> {
  const child = fork(join(benchDir, 'servers', 'lanchat-cluster-node.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_ROOMS: String(rooms), ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`node exited with ${code}`)))
    child.on('message', (message: { type: string; url?: string }) => {
      if (message.type === 'ready' && message.url !== undefined) resolve(message.url)
    })
  })
  return {
    url,
    child,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.send({ type: 'stop' })
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))])
    },
  }
}

interface ChatResult {
  label: string
  deliveriesPerSecond: number
  messagesPerSecond: number
  p50Ms: number
  p99Ms: number
}

/** One bare-ws member: joins its room, keeps one message in flight, and times every message it receives. */
async function connectMember(url: string, room: string, name: string, record: (latencyMs: number, own: boolean) => void) {
  const socket = new WebSocket(url)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  let next = 0
  let running = false
  const send = () => socket.send(JSON.stringify({ type: 'message.send', id: `s${next}`, room, text: String(Date.now()), clientMsgId: `${name}-${next++}` }))
  const ready = new Promise<void>((resolve) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; message?: { from: { name: string }; text: string } }
      if (frame.type === 'welcome') socket.send(JSON.stringify({ type: 'room.join', id: 'j', room }))
      else if (frame.type === 'room.joined') resolve()
      else if (frame.type === 'message.created' && frame.message !== undefined) {
        const own = frame.message.from.name === name
        record(Date.now() - Number(frame.message.text), own)
        if (own && running) send()
      }
    })
  })
  socket.send(JSON.stringify({ type: 'hello', id: 'h', protocol: 1, name }))
  await ready
  return {
    start() {
      running = true
      send()
    },
    stop() {
      running = false
    },
    close: () => socket.terminate(),
  }
}

async function measureChat(label: string, urls: string[]): Promise<ChatResult> {
  let measuring = false
  let deliveries = 0
  let messages = 0
  const latencies: number[] = []
  const record = (latencyMs: number, own: boolean) => {
    if (!measuring) return
    deliveries++
    if (own) messages++
    else latencies.push(latencyMs)
  }
  const clients = []
  for (let room = 0; room < rooms; room++) {
    for (let member = 0; member < members; member++) {
      const url = urls[(room * members + member) % urls.length] as string
      clients.push(await connectMember(url, `r${room}`, `m${room}-${member}`, record))
    }
  }
  for (const client of clients) client.start()
  await sleep(warmupSeconds * 1000)
  measuring = true
  const started = performance.now()
  await sleep(seconds * 1000)
  measuring = false
  const elapsed = (performance.now() - started) / 1000
  for (const client of clients) client.stop()
  await sleep(500)
  for (const client of clients) client.close()
  return { label, deliveriesPerSecond: deliveries / elapsed, messagesPerSecond: messages / elapsed, ...percentiles(latencies) }
}

/** The run with the median of `value` (the lower middle one for an even count). */
function medianBy<Run>(runs: Run[], value: (run: Run) => number): Run {
  const sorted = [...runs].sort((a, b) => value(a) - value(b))
  return sorted[Math.floor((sorted.length - 1) / 2)] as Run
}

function percentiles(values: number[]): { p50Ms: number; p99Ms: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
  return { p50Ms: at(0.5), p99Ms: at(0.99) }
}

// ---- Run ----

const loadAtStart = loadavg()[0] ?? 0
const [postgres, redis] = await Promise.all([startPostgres(), startRedis()])
const sqliteDir = mkdtempSync(join(tmpdir(), 'lanchat-bench-'))
const space = () => {
  const tag = randomBytes(4).toString('hex')
  return { BENCH_POSTGRES_URL: postgres.url, BENCH_SCHEMA: `b_${tag}`, BENCH_PREFIX: `b-${tag}:` }
}
try {
  const appendRuns: AppendResult[][] = [[], []]
  for (let round = 1; round <= roundCount; round++) {
    process.stdout.write(`round ${round}: store appends…\n`)
    appendRuns[0]!.push(await measureAppends("SQLite (synchronous: 'full')", await openSqliteStore({ path: join(sqliteDir, `appends-${round}.db`) })))
    appendRuns[1]!.push(await measureAppends('PostgreSQL', await openPostgresStore({ url: postgres.url, schema: `b_${randomBytes(4).toString('hex')}` })))
  }
  const appends = appendRuns.map((runs) => medianBy(runs, (run) => run.appendsPerSecond))

  const chatRuns: ChatResult[][] = []
  const scenarios: Array<{ label: string; nodes: number; redis: boolean }> = [
    { label: 'one node, PostgreSQL, in-process fan-out', nodes: 1, redis: false },
    { label: 'one node, PostgreSQL, Redis fan-out', nodes: 1, redis: true },
    { label: 'two nodes, PostgreSQL, Redis fan-out', nodes: 2, redis: true },
  ]
  for (let round = 1; round <= roundCount; round++) {
  for (const [index, scenario] of scenarios.entries()) {
    process.stdout.write(`round ${round}: ${scenario.label}…\n`)
    const env = { BENCH_STORE: 'postgres', ...space(), ...(scenario.redis ? { BENCH_REDIS_URL: redis.url } : {}) }
    const nodes: Node[] = []
    // The first node makes the rooms; the others find them.
    for (let index = 0; index < scenario.nodes; index++) nodes.push(await startNode(env))
    try {
      ;(chatRuns[index] ??= []).push(await measureChat(scenario.label, nodes.map((node) => node.url)))
    } finally {
      await Promise.all(nodes.map((node) => node.stop()))
    }
  }
  }
  const chats = chatRuns.map((runs) => medianBy(runs, (run) => run.deliveriesPerSecond))

  const fixed = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
  const [sqlite, pg] = appends as [AppendResult, AppendResult]
  const [single, singleRedis] = chats as [ChatResult, ChatResult, ChatResult]
  const lines = [
    '# Multi-node benchmark',
    '',
    `${rooms} rooms; ${seconds} s measured per run; ${roundCount} rounds, setups interleaved, medians shown. Machine: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores; Linux ${release()};`,
    `Node ${process.version}. PostgreSQL, Redis, the nodes and the load generator all share these cores, so the`,
    'figures are ratios between setups in one run, not capacities. PostgreSQL runs as scripts/test-services.mjs starts',
    'it for tests: fsync off, so its commits cost less than on a real server; SQLite here is synchronous full on ext4.',
    `Load average (other work on the machine): ${fixed(loadAtStart, 1)} at the start, ${fixed(loadavg()[0] ?? 0, 1)} at the end.`,
    '',
    '## Store appends',
    '',
    `${rooms} rooms appending at once, ${appendWindow} appends in flight per room, 100-byte texts.`,
    '',
    '| store | appends/s | vs SQLite | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|',
    ...appends.map((row) => `| ${row.label} | ${fixed(row.appendsPerSecond)} | ${fixed(row.appendsPerSecond / sqlite.appendsPerSecond, 2)}× | ${fixed(row.p50Ms, 2)} | ${fixed(row.p99Ms, 2)} |`),
    '',
    '## Chat throughput and fan-out latency',
    '',
    `${rooms} rooms × ${members} members, members spread over the nodes in turn; each member keeps one message in`,
    'flight. Deliveries are message.created frames received by all members; latency is send → receipt at the other members.',
    '',
    '| setup | deliveries/s | vs one node | messages/s | fan-out p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...chats.map(
      (row) =>
        `| ${row.label} | ${fixed(row.deliveriesPerSecond)} | ${fixed(row.deliveriesPerSecond / single.deliveriesPerSecond, 2)}× | ${fixed(row.messagesPerSecond)} | ${fixed(row.p50Ms, 1)} | ${fixed(row.p99Ms, 1)} |`,
    ),
    '',
    `PostgreSQL store vs SQLite: ${fixed(pg.appendsPerSecond / sqlite.appendsPerSecond, 2)}× the appends/s. Redis fan-out on one node: ${fixed(singleRedis.deliveriesPerSecond / single.deliveriesPerSecond, 2)}× the deliveries/s of the in-process fan-out.`,
    '',
  ]
  const report = lines.join('\n')
  await writeFile(join(benchDir, 'results', 'multinode.md'), report)
  process.stdout.write(`\n${report}`)
} finally {
  rmSync(sqliteDir, { recursive: true, force: true })
  await Promise.allSettled([postgres.stop(), redis.stop()])
}
