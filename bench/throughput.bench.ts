/**
 * Throughput benchmark: many rooms, every member publishing. `BENCH_ROOMS` rooms of `BENCH_MEMBERS` members; every
 * member keeps `BENCH_WINDOW` messages in flight (a closed loop: it sends the next when its own copy of an earlier
 * one comes back), so the server is kept saturated without unbounded queues. Measures the deliveries per second
 * all clients receive, and the server's CPU per delivery, for each target; ratios are against raw `ws` in the same
 * round. The server and the load generator each run in their own process, pinned to different cores with
 * `taskset` when it is there; the load generator reports its event-loop utilisation, so a saturated load
 * generator is visible. Targets run interleaved, round after round; the report gives the median.
 *
 *   pnpm --filter @lanchat/bench bench:throughput
 *   BENCH_SECONDS=5 BENCH_ROUNDS=1 BENCH_TARGETS=lanchat-sqlite-full pnpm --filter @lanchat/bench bench:throughput
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { availableParallelism, release, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import type { LoadGeneratorMessage, LoadPlan, LoadReport, RunnerRequest, Wire } from './throughput/messages.js'

// ---- Settings ----

const setting = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}
const rooms = setting('BENCH_ROOMS', 50)
const members = setting('BENCH_MEMBERS', 20)
const windowSize = setting('BENCH_WINDOW', 2)
const textBytes = setting('BENCH_TEXT_BYTES', 100)
const warmupSeconds = setting('BENCH_WARMUP_SECONDS', 3)
const measureSeconds = setting('BENCH_SECONDS', 10)
const roundCount = setting('BENCH_ROUNDS', 2)
const pinRequested = process.env.BENCH_PIN !== '0'
// On a shared machine: a run during which other processes used more than this many cores is run again (up to
// BENCH_RETRIES times; the quietest attempt is kept), and each run first waits up to BENCH_QUIET_WAIT_SECONDS for
// the machine to be that quiet.
const maxOtherCpu = setting('BENCH_MAX_OTHER_CPU', 0.25)
const retries = Number(process.env.BENCH_RETRIES ?? 1)
const quietWaitSeconds = Number(process.env.BENCH_QUIET_WAIT_SECONDS ?? 20)

interface Target {
  /** The server script in `servers/`. */
  server: string
  wire: Wire
  /** lanchat's store, as `servers/lanchat-rooms.ts` reads it from BENCH_STORE. */
  store?: 'memory' | 'sqlite-full' | 'sqlite-normal'
  label: string
}

const allTargets = {
  ws: { server: 'ws-rooms', wire: 'ws', label: 'raw ws (broadcast loop per room)' },
  'socket-io': { server: 'socket-io-rooms', wire: 'socket-io', label: 'Socket.IO 4.8 rooms' },
  'lanchat-memory': { server: 'lanchat-rooms', wire: 'lanchat', store: 'memory', label: 'lanchat, MemoryStore' },
  'lanchat-sqlite-full': {
    server: 'lanchat-rooms',
    wire: 'lanchat',
    store: 'sqlite-full',
    label: "lanchat, SQLite synchronous: 'full'",
  },
  'lanchat-sqlite-normal': {
    server: 'lanchat-rooms',
    wire: 'lanchat',
    store: 'sqlite-normal',
    label: "lanchat, SQLite synchronous: 'normal'",
  },
} as const satisfies Record<string, Target>
type TargetName = keyof typeof allTargets
const targetNames = Object.keys(allTargets) as TargetName[]
const requested = (process.env.BENCH_TARGETS ?? targetNames.join(',')).split(',')
for (const name of requested) {
  if (!(name in allTargets)) throw new Error(`unknown target ${name}; known: ${targetNames.join(', ')}`)
}
// Raw ws is the baseline every ratio is taken against, so it always runs.
const targets = targetNames.filter((name) => name === 'ws' || requested.includes(name))

const benchDir = fileURLToPath(new URL('.', import.meta.url))
const pinned = pinRequested && spawnSync('taskset', ['-c', '0', 'true']).status === 0 && availableParallelism() >= 2

// ---- Child processes ----

/** The children alive now, killed if the runner is interrupted. */
const children = new Set<ChildProcess>()

function startNode(script: string, core: number, env: Record<string, string>): ChildProcess {
  const args = ['--import', 'tsx', join(benchDir, script)]
  const options = {
    cwd: benchDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[],
  }
  const child = pinned
    ? spawn('taskset', ['-c', String(core), process.execPath, ...args], options)
    : spawn(process.execPath, args, options)
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

/** The child's next IPC message of `type`; rejects when the child exits or fails first, or after `timeoutMs`. */
function next<Message extends { type: string }>(child: ChildProcess, type: string, timeoutMs = 120_000): Promise<Message> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    const onMessage = (message: Message & { error?: string }) => {
      if (message.type === 'failed') {
        done()
        reject(new Error(message.error))
      } else if (message.type === type) {
        done()
        resolve(message)
      }
    }
    const onExit = (code: number | null) => {
      done()
      reject(new Error(`child exited (${code}) while waiting for ${type}`))
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`timed out waiting for ${type}`))
    }, timeoutMs)
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

async function stopChild(child: ChildProcess, request: { type: 'stop' }): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.send(request)
  const killed = sleep(10_000).then(() => child.kill('SIGKILL'))
  await Promise.race([exited, killed])
}

interface ServerStats {
  cpuMs: number
  rssBytes: number
  elu: number
  counters: Record<string, number>
}

class ServerProcess {
  constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(target: Target, sqlitePath: string): Promise<ServerProcess> {
    const child = startNode(`servers/${target.server}.ts`, 0, {
      BENCH_ROOMS: String(rooms),
      BENCH_STORE: target.store ?? 'memory',
      BENCH_SQLITE_PATH: sqlitePath,
    })
    const ready = await next<{ type: 'ready'; url: string }>(child, 'ready')
    return new ServerProcess(child, ready.url)
  }

  /** CPU, ELU and counters since the previous call. */
  async stats(): Promise<ServerStats> {
    const reply = next<{ type: 'stats' } & ServerStats>(this.child, 'stats')
    this.child.send({ type: 'stats' })
    return reply
  }

  stop(): Promise<void> {
    return stopChild(this.child, { type: 'stop' })
  }
}

class LoadGenerator {
  private constructor(readonly child: ChildProcess) {}

  static async start(): Promise<LoadGenerator> {
    const child = startNode('throughput/load-generator.ts', 1, {})
    await next(child, 'ready')
    return new LoadGenerator(child)
  }

  async request<Type extends LoadGeneratorMessage['type']>(
    request: RunnerRequest,
    reply: Type,
  ): Promise<Extract<LoadGeneratorMessage, { type: Type }>> {
    const answer = next<Extract<LoadGeneratorMessage, { type: Type }>>(this.child, reply)
    this.child.send(request)
    return answer
  }

  stop(): Promise<void> {
    return stopChild(this.child, { type: 'stop' })
  }
}

// ---- One run ----

interface Result {
  target: TargetName
  round: number
  deliveriesPerSecond: number
  messagesPerSecond: number
  serverCpuUsPerDelivery: number
  /** Server CPU time over wall time: 1 is one core busy. */
  serverCpu: number
  serverElu: number
  serverRssMb: number
  loadElu: number
  loadCpu: number
  errors: number
  /** CPU used by every other process on the machine meanwhile (cores): the bench's neighbours. */
  otherCpu: number
  /** SQLite: commits per second; undefined for other targets. */
  commitsPerSecond: number | undefined
  /** SQLite: appends per commit (per fsync at synchronous=FULL); undefined for other targets. */
  appendsPerCommit: number | undefined
  connectMs: number
}

async function run(name: TargetName, round: number, dataDir: string, attempt: number): Promise<Result> {
  const target: Target = allTargets[name]
  const sqlitePath = join(dataDir, `${name}-${round}-${attempt}.db`)
  const server = await ServerProcess.start(target, sqlitePath)
  let load: LoadGenerator | undefined
  try {
    load = await LoadGenerator.start()
    const plan: LoadPlan = { wire: target.wire, url: server.url, rooms, members, window: windowSize, textBytes }
    const { connectMs } = await load.request({ type: 'start', plan }, 'connected')
    await sleep(warmupSeconds * 1000)
    await Promise.all([server.stats(), load.request({ type: 'mark' }, 'marked')])
    const machineMark = machineCpu()
    await sleep(measureSeconds * 1000)
    const [stats, report]: [ServerStats, LoadReport] = await Promise.all([
      server.stats(),
      load.request({ type: 'report' }, 'report'),
    ])
    const machine = machineCpu()
    const seconds = report.elapsedMs / 1000
    const machineBusyCores = (machine.busyMs - machineMark.busyMs) / (machine.atMs - machineMark.atMs)
    const deliveries = Math.max(1, report.deliveries)
    const { appends = 0, batches = 0 } = stats.counters
    return {
      target: name,
      round,
      deliveriesPerSecond: report.deliveries / seconds,
      messagesPerSecond: report.sent / seconds,
      serverCpuUsPerDelivery: (stats.cpuMs * 1000) / deliveries,
      serverCpu: stats.cpuMs / report.elapsedMs,
      serverElu: stats.elu,
      serverRssMb: stats.rssBytes / 1024 / 1024,
      loadElu: report.elu,
      loadCpu: report.cpuMs / report.elapsedMs,
      errors: report.errors,
      otherCpu: Math.max(0, machineBusyCores - stats.cpuMs / report.elapsedMs - report.cpuMs / report.elapsedMs),
      commitsPerSecond: target.store?.startsWith('sqlite') ? batches / seconds : undefined,
      appendsPerCommit: target.store?.startsWith('sqlite') && batches > 0 ? appends / batches : undefined,
      connectMs,
    }
  } finally {
    await load?.stop()
    await server.stop()
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqlitePath + suffix, { force: true })
  }
}

/** Waits until the machine is quiet (other processes below `maxOtherCpu` cores over one second), or gives up. */
async function waitForQuiet(): Promise<number> {
  const deadline = performance.now() + quietWaitSeconds * 1000
  for (;;) {
    const before = machineCpu()
    await sleep(1000)
    const after = machineCpu()
    const busy = (after.busyMs - before.busyMs) / (after.atMs - before.atMs)
    if (busy <= maxOtherCpu || performance.now() >= deadline) return busy
  }
}

/** Runs a target until a run is not disturbed by other processes (or the retries run out); keeps the quietest. */
async function quietRun(name: TargetName, round: number, dataDir: string): Promise<Result> {
  let best: Result | undefined
  for (let attempt = 0; attempt <= retries; attempt++) {
    await waitForQuiet()
    const result = await run(name, round, dataDir, attempt)
    if (best === undefined || result.otherCpu < best.otherCpu) best = result
    if (result.otherCpu <= maxOtherCpu) break
    console.log(`  (round ${round} ${name}: other processes used ${result.otherCpu.toFixed(2)} cores; ${attempt < retries ? 'again' : 'kept the quietest'})`)
  }
  return best as Result
}

// ---- The machine ----

/** CPU time every process on the machine has used (from /proc/stat), against wall time; zero where unreadable. */
function machineCpu(): { busyMs: number; atMs: number } {
  const atMs = performance.now()
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal. Interrupt time is left out: most of it is the loopback
    // traffic of the bench itself, which the kernel does not charge to the processes. Steal (another VM on the
    // same host) counts: it takes CPU from the bench as surely as a neighbour process does.
    const [user = 0, nice = 0, system = 0, , , , , steal = 0] = fields
    const ticksPerSecond = 100 // USER_HZ on Linux
    return { busyMs: ((user + nice + system + steal) * 1000) / ticksPerSecond, atMs }
  } catch {
    return { busyMs: 0, atMs }
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'))
    return line?.split(':')[1]?.trim() ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** The commit measured, and whether the server's sources differed from it (a build of work in progress). */
function revision(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: benchDir, encoding: 'utf8' })
  if (head.status !== 0) return 'unknown'
  const dirty = spawnSync('git', ['status', '--porcelain', '--', '../packages'], { cwd: benchDir, encoding: 'utf8' })
  return `${head.stdout.trim()}${dirty.stdout.trim() === '' ? '' : ' (packages/ had uncommitted changes)'}`
}

function fileSystemOf(path: string): string {
  const result = spawnSync('df', ['-T', path], { encoding: 'utf8' })
  return result.status === 0 ? (result.stdout.trim().split('\n')[1]?.split(/\s+/)[1] ?? 'unknown') : 'unknown'
}

/** Median time of a 4 KiB overwrite + fdatasync in `dir`: what one SQLite commit at synchronous=FULL waits for, at least. */
function fsyncProbe(dir: string): number {
  const path = join(dir, 'fsync-probe')
  const fd = openSync(path, 'w')
  try {
    writeSync(fd, Buffer.alloc(1 << 20))
    fdatasyncSync(fd)
    const block = Buffer.alloc(4096, 1)
    const times: number[] = []
    for (let index = 0; index < 100; index++) {
      const started = performance.now()
      writeSync(fd, block, 0, block.length, (index % 256) * 4096)
      fdatasyncSync(fd)
      times.push(performance.now() - started)
    }
    return median(times)
  } finally {
    closeSync(fd)
    rmSync(path, { force: true })
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

// ---- Main ----

const dataDir = mkdtempSync(join(tmpdir(), 'lanchat-throughput-'))
const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true })
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL')
    removeDataDir()
    process.exit(130)
  })
}

const results: Result[] = []
let fsyncMs: number
try {
  fsyncMs = fsyncProbe(dataDir)
  console.log(
    `throughput: ${rooms} rooms × ${members} members, window ${windowSize}, ${textBytes}-byte texts; ` +
      `${warmupSeconds}s warm-up + ${measureSeconds}s measured; ${roundCount} round(s); ` +
      `${pinned ? 'server on core 0, load generator on core 1' : 'not pinned'}; fdatasync ${fsyncMs.toFixed(2)} ms`,
  )
  for (let round = 1; round <= roundCount; round++) {
    // Rotate the order each round, so no target always runs first or last.
    const shift = (round - 1) % targets.length
    for (const name of [...targets.slice(shift), ...targets.slice(0, shift)]) {
      const result = await quietRun(name, round, dataDir)
      results.push(result)
      console.log(
        `  round ${round} ${name.padEnd(21)} ${Math.round(result.deliveriesPerSecond).toString().padStart(7)} deliveries/s ` +
          `cpu ${result.serverCpuUsPerDelivery.toFixed(2)}µs/delivery server ELU ${result.serverElu.toFixed(2)} ` +
          `load ELU ${result.loadElu.toFixed(2)} others ${result.otherCpu.toFixed(2)} cores` +
          (result.appendsPerCommit === undefined ? '' : ` appends/commit ${result.appendsPerCommit.toFixed(1)}`) +
          (result.errors > 0 ? ` errors ${result.errors}` : ''),
      )
    }
  }
} finally {
  removeDataDir()
}

// ---- Report ----

const ofTarget = (name: TargetName) => results.filter((result) => result.target === name)
const baseOf = (result: Result) => results.find((other) => other.target === 'ws' && other.round === result.round) as Result
const fixed = (value: number, digits: number) => value.toFixed(digits)
const thousands = (value: number) => Math.round(value).toLocaleString('en-US')

const quiet = (result: Result) => result.otherCpu <= maxOtherCpu
const rows = targets.map((name) => {
  // Runs disturbed by other processes are left out of the medians while undisturbed ones exist; a ratio is taken
  // from the rounds where both the target and ws ran undisturbed, when there are any.
  const all = ofTarget(name)
  const runs = all.some(quiet) ? all.filter(quiet) : all
  const paired = runs.some((result) => quiet(baseOf(result))) ? runs.filter((result) => quiet(baseOf(result))) : runs
  const pick = (field: (result: Result) => number) => median(runs.map(field))
  const pickPaired = (field: (result: Result) => number) => median(paired.map(field))
  const commits = runs.map((result) => result.appendsPerCommit).filter((value) => value !== undefined)
  return {
    name,
    used: `${runs.filter(quiet).length}/${all.length}`,
    deliveries: pick((result) => result.deliveriesPerSecond),
    deliveryRatio: pickPaired((result) => result.deliveriesPerSecond / baseOf(result).deliveriesPerSecond),
    cpu: pick((result) => result.serverCpuUsPerDelivery),
    cpuRatio: pickPaired((result) => result.serverCpuUsPerDelivery / baseOf(result).serverCpuUsPerDelivery),
    serverCpu: pick((result) => result.serverCpu),
    serverElu: pick((result) => result.serverElu),
    loadElu: pick((result) => result.loadElu),
    messages: pick((result) => result.messagesPerSecond),
    appendsPerCommit: commits.length > 0 ? median(commits) : undefined,
    commitsPerSecond: runs.some((result) => result.commitsPerSecond !== undefined)
      ? pick((result) => result.commitsPerSecond ?? 0)
      : undefined,
    otherCpu: pick((result) => result.otherCpu),
    errors: runs.reduce((sum, result) => sum + result.errors, 0),
  }
})

const setEnv = Object.keys(process.env)
  .filter((key) => key.startsWith('BENCH_'))
  .sort()
  .map((key) => `${key}=${process.env[key]}`)
const command = [...setEnv, 'pnpm --filter @lanchat/bench bench:throughput'].join(' ')
const full = rows.find((row) => row.name === 'lanchat-sqlite-full')

const lines = [
  `# Throughput benchmark`,
  ``,
  `${rooms} rooms × ${members} members; every member sends, keeping ${windowSize} message(s) in flight (it sends the next`,
  `when its own copy of an earlier one comes back); ${textBytes}-byte texts. ${warmupSeconds} s warm-up, then ${measureSeconds} s measured;`,
  `${roundCount} round(s), targets interleaved; medians shown, ratios are against raw \`ws\` in the same round.`,
  ``,
  `- Machine: ${cpuModel()}, ${availableParallelism()} cores; Linux ${release()}; Node ${process.version}`,
  `- Revision: ${revision()}`,
  `- ${pinned ? 'Server pinned to core 0, load generator to core 1 (`taskset`)' : 'Processes not pinned'}`,
  `- SQLite files in ${fileSystemOf(tmpdir())} (\`${tmpdir()}\`); a 4 KiB write + fdatasync there takes ${fixed(fsyncMs, 2)} ms (median of 100)`,
  `- Other processes on the machine: a run during which they used more than ${maxOtherCpu} cores was run again`,
  `  (${retries} retr${retries === 1 ? 'y' : 'ies'} at most; the quietest attempt kept). Medians leave out runs still`,
  `  disturbed when undisturbed ones exist, and ratios come from rounds where ws was undisturbed too, when any`,
  `- Command: \`${command}\``,
  ``,
  `| target | deliveries/s | vs ws | server CPU µs / delivery | vs ws | server CPU (cores) | server ELU | load-gen ELU | messages/s | appends / commit | commits/s | other processes' CPU (cores) | undisturbed runs | errors |`,
  `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ...rows.map(
    (row) =>
      `| ${row.name} | ${thousands(row.deliveries)} | ${fixed(row.deliveryRatio, 2)}× | ${fixed(row.cpu, 2)} | ` +
      `${fixed(row.cpuRatio, 2)}× | ${fixed(row.serverCpu, 2)} | ${fixed(row.serverElu, 2)} | ${fixed(row.loadElu, 2)} | ` +
      `${thousands(row.messages)} | ${row.appendsPerCommit === undefined ? '–' : fixed(row.appendsPerCommit, 1)} | ` +
      `${row.commitsPerSecond === undefined ? '–' : fixed(row.commitsPerSecond, 0)} | ${fixed(row.otherCpu, 2)} | ${row.used} | ${row.errors} |`,
  ),
  ``,
  full === undefined
    ? ''
    : `Goal (SQLite \`full\` ≥ 0.70× raw ws deliveries/s): ${full.deliveryRatio >= 0.7 ? 'met' : 'not met'} (${fixed(full.deliveryRatio, 2)}×).`,
  ``,
  `## Every run`,
  ``,
  `| round | target | deliveries/s | vs ws | server CPU µs / delivery | server ELU | load-gen ELU | load-gen CPU (cores) | server RSS MB | appends / commit | other CPU (cores) | connect s |`,
  `|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ...results.map(
    (result) =>
      `| ${result.round} | ${result.target} | ${thousands(result.deliveriesPerSecond)} | ` +
      `${fixed(result.deliveriesPerSecond / baseOf(result).deliveriesPerSecond, 2)}× | ${fixed(result.serverCpuUsPerDelivery, 2)} | ` +
      `${fixed(result.serverElu, 2)} | ${fixed(result.loadElu, 2)} | ${fixed(result.loadCpu, 2)} | ${fixed(result.serverRssMb, 0)} | ` +
      `${result.appendsPerCommit === undefined ? '–' : fixed(result.appendsPerCommit, 1)} | ${fixed(result.otherCpu, 2)} | ` +
      `${fixed(result.connectMs / 1000, 1)} |`,
  ),
]
const report = lines.join('\n') + '\n'
console.log('\n' + report)
await mkdir(new URL('./results/', import.meta.url), { recursive: true })
await writeFile(new URL('./results/throughput.md', import.meta.url), report)
