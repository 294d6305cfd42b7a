#!/usr/bin/env node
// Throwaway PostgreSQL and Redis servers for the tests and the benchmarks: each on a free port of 127.0.0.1, with
// its data in a new temporary directory that is removed when it stops. A system-wide instance is never touched.
// Debian's `postgresql` and `redis-server` packages provide the binaries (scripts/ensure-test-tools.sh installs
// them). PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (or `nobody`).
//
// As a module: `startPostgres()`, `startRedis()`, each resolving with `{ url, port, stop() }`.
// As a command: `node scripts/test-services.mjs` starts both, prints their URLs, and stops them on Ctrl-C.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** A free TCP port on 127.0.0.1 (free now; taken by whoever binds it first). */
export async function freePort() {
  const server = createServer()
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no free port')
  return address.port
}

/** Resolves once something accepts TCP connections on the port; rejects after `timeoutMs`. */
export async function waitForPort(port, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The directory of Debian's PostgreSQL binaries (the newest installed major version). */
function postgresBin() {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : []
  versions.sort((a, b) => Number(b) - Number(a))
  if (versions[0] === undefined) {
    throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run bash scripts/ensure-test-tools.sh')
  }
  return join(root, versions[0], 'bin')
}

/** As root, the user PostgreSQL runs as; otherwise undefined (it runs as us). */
function postgresUser() {
  if (process.getuid?.() !== 0) return undefined
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim())
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim())
      return { name, uid, gid }
    } catch {
      // try the next one
    }
  }
  throw new Error('running as root, but there is no postgres or nobody user to run PostgreSQL as')
}

/**
 * Starts a PostgreSQL server with a fresh cluster in a temporary directory: trust authentication on 127.0.0.1 only,
 * user `lanchat`, database `lanchat`. Tuned for tests (no fsync): never for real data.
 */
export async function startPostgres({ port } = {}) {
  const bin = postgresBin()
  const user = postgresUser()
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-pg-'))
  const data = join(dir, 'data')
  if (user !== undefined) {
    chownSync(dir, user.uid, user.gid)
    chmodSync(dir, 0o700)
  }
  const as = (command, args) => (user === undefined ? [command, args] : ['runuser', ['-u', user.name, '--', command, ...args]])
  try {
    await run(...as(join(bin, 'initdb'), ['-D', data, '-U', 'lanchat', '--auth=trust', '-E', 'UTF8', '--no-sync']))
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`initdb failed: ${error.stderr || error.message}`)
  }
  const chosen = port ?? (await freePort())
  const args = ['-D', data, '-p', String(chosen), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off']
  args.push('-c', 'full_page_writes=off', '-c', 'max_connections=200', '-c', 'shared_buffers=64MB')
  const child = spawn(...as(join(bin, 'postgres'), args), { stdio: ['ignore', 'ignore', 'pipe'] })
  // If this process ends before stop() (a forced exit), the server must not outlive it.
  const killOnExit = () => {
    const pid = postmasterPid(data)
    if (pid !== undefined) process.kill(pid, 'SIGKILL')
  }
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4_000)))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    await Promise.race([
      waitForPort(chosen),
      exited.then(() => Promise.reject(new Error(`postgres exited at start: ${stderr}`))),
    ])
    // The port opens before the server accepts sessions ("the database system is starting up"): retry a while.
    const psql = ['-h', '127.0.0.1', '-p', String(chosen), '-U', 'lanchat', '-d', 'postgres', '-c', 'CREATE DATABASE lanchat']
    for (let attempt = 1; ; attempt++) {
      try {
        await run(join(bin, 'psql'), psql)
        break
      } catch (error) {
        if (attempt >= 100 || !/starting up|shutting down|Connection refused/.test(String(error.stderr))) throw error
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
  } catch (error) {
    // runuser does not pass signals on: kill the postmaster itself.
    const pid = postmasterPid(data)
    if (pid !== undefined) process.kill(pid, 'SIGKILL')
    child.kill('SIGKILL')
    await exited
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    url: `postgres://lanchat@127.0.0.1:${chosen}/lanchat`,
    port: chosen,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGINT: PostgreSQL's fast shutdown. Sent to the postmaster itself: runuser does not pass it on.
        const pid = postmasterPid(data)
        if (pid === undefined) child.kill('SIGINT')
        else process.kill(pid, 'SIGINT')
        const timer = setTimeout(() => {
          if (pid !== undefined) process.kill(pid, 'SIGKILL')
          child.kill('SIGKILL')
        }, 5_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The postmaster's pid, from the first line of `postmaster.pid` in its data directory. */
function postmasterPid(data) {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** Starts a Redis server without persistence, its working directory a temporary one. */
export async function startRedis({ port } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-redis-'))
  const chosen = port ?? (await freePort())
  const child = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  // If this process ends before stop() (a forced exit), the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  let output = ''
  const keep = (chunk) => (output = (output + chunk).slice(-4_000))
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const failed = new Promise((_, reject) => child.once('error', (error) => reject(new Error(`redis-server: ${error.message} (run bash scripts/ensure-test-tools.sh)`))))
  try {
    await Promise.race([
      waitForPort(chosen),
      failed,
      exited.then(() => Promise.reject(new Error(`redis-server exited at start: ${output}`))),
    ])
  } catch (error) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()])
  process.stdout.write(`LANCHAT_TEST_POSTGRES=${postgres.url}\nLANCHAT_TEST_REDIS=${redis.url}\n`)
  const stop = async () => {
    await Promise.allSettled([postgres.stop(), redis.stop()])
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
