// Reconnect storm: BENCH_CLIENTS (1,000) SDK clients in one room, connected through a TCP hop that drops every
// connection at once while a sender keeps posting. Measures, for each client, the time from the cut until it is back
// in the room with what it missed (its `room.resumed`), and checks that every client saw every message exactly once,
// in order; meanwhile a probe connected directly pings the server, to show whether it stayed responsive to everyone
// else. Writes results/reconnect-storm.md.
import { mkdir, writeFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { LanchatClient } from '@lanchat/client'
import { WebSocket } from 'ws'
import { forkBenchChild, startBenchServer, type ServerHandle } from './servers/bench-child.js'
import { startTcpHop } from './storm/tcp-hop.js'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000)
const SEND_INTERVAL_MS = Number(process.env.BENCH_SEND_INTERVAL_MS ?? 20)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const ROOM = 'lobby'
const STABLE_MS = 6_000

function startServer(): Promise<ServerHandle> {
  // BENCH_SERVER_PROFILE=DIR writes the server's CPU profile there (`--cpu-prof`), to see where a storm's time goes.
  const profile = process.env.BENCH_SERVER_PROFILE
  return startBenchServer(new URL('./servers/lanchat.ts', import.meta.url), profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`])
}

/** The probe's process (storm/probe.ts): its slowest ping since the last reset. */
async function startProbe(url: string) {
  const { child, next } = forkBenchChild(new URL('./storm/probe.ts', import.meta.url), [url])
  await next('ready')
  return {
    reset: () => child.send({ type: 'reset' }),
    async slowestMs(): Promise<number> {
      const report = next('report')
      child.send({ type: 'report' })
      return Number((await report).slowestMs)
    },
    stop: () => child.kill(),
  }
}

/** One client of the storm: the seqs it saw in the room, and when it was last back in it. */
interface Member {
  client: LanchatClient
  seqs: number[]
  resumedAt: number | undefined
  /** When the socket was open again (welcome received), before the resume's replay is handled. */
  openedAt: number | undefined
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

interface Round {
  openP50Ms: number
  openP99Ms: number
  resumeP50Ms: number
  resumeP99Ms: number
  resumeMaxMs: number
  probeMaxMs: number
  sent: number
  lost: number
  duplicated: number
  outOfOrder: number
  serverCpuMs: number
  rssMb: number
}

async function round(): Promise<Round> {
  const server = await startServer()
  const hop = await startTcpHop(new URL(server.url))
  const members: Member[] = []
  // Connected a hundred at a time: the storm is the reconnect, not the first connect.
  for (let start = 0; start < CLIENTS; start += 100) {
    const batch = Array.from({ length: Math.min(100, CLIENTS - start) }, async (_, index) => {
      // Generous timeouts: joining a big room is slow (issue 16), and the storm, not the first join, is measured here.
      const client = new LanchatClient({ url: hop.url, name: `member ${start + index}`, WebSocket, connectTimeoutMs: 120_000, requestTimeoutMs: 120_000 })
      const member: Member = { client, seqs: [], resumedAt: undefined, openedAt: undefined }
      client.on('message.created', ({ message }) => {
        if (message.room === ROOM) member.seqs.push(message.seq)
      })
      client.on('open', () => {
        member.openedAt ??= performance.now()
      })
      client.on('room.resumed', (resumed) => {
        if (resumed.room.id === ROOM) member.resumedAt = performance.now()
      })
      await client.connect()
      await client.join(ROOM)
      members.push(member)
    })
    await Promise.all(batch)
  }
  const sender = new LanchatClient({ url: server.url, name: 'sender', WebSocket, requestTimeoutMs: 120_000 })
  await sender.connect()
  await sender.join(ROOM)
  const probe = await startProbe(server.url)

  let sent = 0
  const acked: Array<Promise<unknown>> = []
  const sending = setInterval(() => {
    sent += 1
    acked.push(sender.send(ROOM, `message ${sent}`).acked)
  }, SEND_INTERVAL_MS)

  // Connections that have been up a while, as in a real storm: the SDK counts one as stable after 5 s and starts
  // its backoff over (a connection that drops sooner backs off further).
  await new Promise((resolve) => setTimeout(resolve, STABLE_MS))
  await server.stats()
  for (const member of members) {
    member.resumedAt = undefined
    member.openedAt = undefined
  }
  probe.reset()
  const cutAt = performance.now()
  hop.cut()
  await until(() => members.every((member) => member.resumedAt !== undefined), 60_000, 'every client to resume')
  const { cpuMs, rssBytes } = await server.stats()
  const probeMaxMs = await probe.slowestMs()
  await new Promise((resolve) => setTimeout(resolve, 500))
  clearInterval(sending)
  await Promise.all(acked)
  const lastSeq = sender.rooms.get(ROOM)?.lastSeq ?? 0
  await until(() => members.every((member) => member.seqs.at(-1) === lastSeq), 30_000, 'every client to catch up')

  let lost = 0
  let duplicated = 0
  let outOfOrder = 0
  for (const member of members) {
    const first = member.seqs[0] ?? lastSeq + 1
    const seen = new Set(member.seqs)
    duplicated += member.seqs.length - seen.size
    for (let seq = first; seq <= lastSeq; seq++) if (!seen.has(seq)) lost += 1
    for (let index = 1; index < member.seqs.length; index++) if ((member.seqs[index] as number) <= (member.seqs[index - 1] as number)) outOfOrder += 1
  }
  const resumeMs = members.map((member) => (member.resumedAt as number) - cutAt).sort((left, right) => left - right)
  const openMs = members.map((member) => (member.openedAt ?? Number.NaN) - cutAt).sort((left, right) => left - right)

  for (const member of members) member.client.close()
  sender.close()
  probe.stop()
  await hop.close()
  await server.stop()
  return {
    openP50Ms: percentile(openMs, 0.5),
    openP99Ms: percentile(openMs, 0.99),
    resumeP50Ms: percentile(resumeMs, 0.5),
    resumeP99Ms: percentile(resumeMs, 0.99),
    resumeMaxMs: resumeMs.at(-1) ?? Number.NaN,
    probeMaxMs,
    sent,
    lost,
    duplicated,
    outOfOrder,
    serverCpuMs: cpuMs,
    rssMb: rssBytes / 1e6,
  }
}

const rounds: Round[] = []
for (let index = 0; index < ROUNDS; index++) {
  const result = await round()
  rounds.push(result)
  console.log(`round ${index + 1}:`, result)
}
const median = (pick: (result: Round) => number) => percentile(rounds.map(pick).sort((left, right) => left - right), 0.5)
const table = [
  '# Reconnect storm',
  '',
  `${CLIENTS} SDK clients in one room behind a TCP hop that drops every connection at once, a message every`,
  `${SEND_INTERVAL_MS} ms through the storm; Node ${process.version}; server in its own process; ${ROUNDS} rounds (medians; min–max).`,
  'Resume: from the cut until the client has `room.resumed`. Probe: the slowest ping of a client not cut, during the storm.',
  '',
  '| measure | median | min–max |',
  '|---|---:|---:|',
  ...(
    [
      ['welcome again p50, ms', (result: Round) => result.openP50Ms],
      ['welcome again p99, ms', (result: Round) => result.openP99Ms],
      ['resume p50, ms', (result: Round) => result.resumeP50Ms],
      ['resume p99, ms', (result: Round) => result.resumeP99Ms],
      ['resume max, ms', (result: Round) => result.resumeMaxMs],
      ['probe ping max, ms', (result: Round) => result.probeMaxMs],
      ['server CPU during the storm, ms', (result: Round) => result.serverCpuMs],
      ['server RSS after, MB', (result: Round) => result.rssMb],
      ['messages sent', (result: Round) => result.sent],
      ['lost (all clients)', (result: Round) => result.lost],
      ['duplicated (all clients)', (result: Round) => result.duplicated],
      ['out of order (all clients)', (result: Round) => result.outOfOrder],
    ] as const
  ).map(([name, pick]) => {
    const values = rounds.map(pick)
    return `| ${name} | ${median(pick).toFixed(0)} | ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} |`
  }),
  '',
]
await mkdir(new URL('./results/', import.meta.url), { recursive: true })
await writeFile(new URL('./results/reconnect-storm.md', import.meta.url), table.join('\n'))
console.log(table.join('\n'))
process.exit(rounds.some((result) => result.lost + result.duplicated + result.outOfOrder > 0) ? 1 : 0)
