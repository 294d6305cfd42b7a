import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'

/** The built command line, `dist/server.js`. */
export const SERVER_ENTRY = fileURLToPath(new URL('../dist/server.js', import.meta.url))

/** A `node dist/server.js …` process and what it printed. */
export interface CliProcess {
  child: ChildProcessByStdio<null, Readable, Readable>
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>
  /** Resolves once stdout matched `until` (at once without one); rejects if the process exits first. */
  ready: Promise<void>
  output: () => { stdout: string; stderr: string }
}

/** Runs `node dist/server.js …`; killed when the test ends if it still runs. */
export function runCli(args: string[], until?: RegExp, environment: NodeJS.ProcessEnv = {}): CliProcess {
  if (!existsSync(SERVER_ENTRY)) throw new Error('apps/web/dist/server.js is missing: run `pnpm --filter @lanchat/web build`.')
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], {
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = new Promise<void>((resolve, reject) => {
    if (until === undefined) return resolve()
    child.stdout.on('data', () => until.test(stdout) && resolve())
    void exited.then(() => reject(new Error(`the server exited before printing ${until}:\n${stdout}${stderr}`)))
  })
  return { child, exited, ready, output: () => ({ stdout, stderr }) }
}

/** A demo server process keeping its chat in a data directory. */
export interface ServerProcess extends CliProcess {
  port: number
  /** The chat socket, `ws://127.0.0.1:<port>/ws`. */
  socketUrl: string
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop: (signal: NodeJS.Signals) => Promise<number | null>
}

/**
 * Starts `node dist/server.js` on 127.0.0.1 with `--data-dir` (and further `args`) and resolves once it listens.
 * Give the `port` of an earlier process to come back where its clients reconnect.
 */
export async function startServerProcess(options: { dataDir: string; port: number; args?: string[] }): Promise<ServerProcess> {
  const args = ['--port', String(options.port), '--host', '127.0.0.1', '--no-advertise', '--data-dir', options.dataDir]
  const cli = runCli([...args, ...(options.args ?? [])], /Press Ctrl\+C/)
  await cli.ready
  const port = Number(/Local:\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(cli.output().stdout)?.[1])
  return {
    ...cli,
    port,
    socketUrl: `ws://127.0.0.1:${port}/ws`,
    stop: (signal) => {
      cli.child.kill(signal)
      return cli.exited
    },
  }
}

/** A port nothing listens on right now, so a restarted server can take the same one. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** A new empty directory, removed when the test ends. */
export function temporaryDirectory(prefix = 'lanchat-web-'): string {
  const directory = mkdtempSync(join(tmpdir(), prefix))
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }))
  return directory
}
