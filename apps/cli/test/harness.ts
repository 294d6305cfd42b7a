import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance } from 'fastify'
import lanchat, { type LanchatPluginOptions } from '@lanchat/server'
import { LanchatClient } from '@lanchat/client'
import { onTestFinished } from 'vitest'

/** The built binary the tests run, exactly as `npm i -g` users would. */
export const CLI_PATH = fileURLToPath(new URL('../dist/index.js', import.meta.url))

/** Fails with a clear message when the binary has not been built. */
export function assertBuilt(): void {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${CLI_PATH} is missing: build the CLI first with \`pnpm --filter @lanchat/cli build\` (the root \`pnpm test\` does it)`)
  }
}

export interface TestServer {
  app: FastifyInstance
  port: number
  /** The chat socket URL. */
  url: string
  /** `127.0.0.1:port`, the short form people type. */
  address: string
}

/** A real Fastify server with the lanchat plugin on 127.0.0.1 and a free port (or `port`), closed when the test ends. */
export async function startServer(options: LanchatPluginOptions = {}, port = 0): Promise<TestServer> {
  const app = Fastify({ logger: false })
  await app.register(lanchat, options)
  // A server on loopback only is never advertised (nobody else could reach it): the discovery tests bind every
  // interface, and every test still connects through 127.0.0.1.
  await app.listen({ port, host: options.advertise === undefined || options.advertise === false ? '127.0.0.1' : '0.0.0.0' })
  onTestFinished(() => app.close())
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('server has no port')
  return { app, port: address.port, url: `ws://127.0.0.1:${address.port}${options.prefix ?? ''}/ws`, address: `127.0.0.1:${address.port}` }
}

/** Another person: a real SDK client, connected, closed when the test ends. */
export async function connectPerson(url: string, name: string): Promise<LanchatClient> {
  const client = new LanchatClient({ url, name })
  onTestFinished(() => client.close())
  await client.connect()
  return client
}

/** A fresh directory (for XDG_CONFIG_HOME or a working directory), removed when the test ends. */
export async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'lanchat-cli-'))
  onTestFinished(() => rm(directory, { recursive: true, force: true }))
  return directory
}

/** Waits until `condition` holds, checking every 20 ms; rejects after `timeoutMs` with `what`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** The environment of a CLI run: isolated config, no colour, nothing inherited that changes behaviour. */
export function cliEnvironment(configHome: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { LANCHAT_URL: _url, LANCHAT_NAME: _name, FORCE_COLOR: _force, ...inherited } = process.env
  return { ...inherited, XDG_CONFIG_HOME: configHome, NO_COLOR: '1', ...extra }
}

/** A running `lanchat` process with piped stdio. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams
  stdout(): string
  stderr(): string
  /** Resolves when stdout matches, rejecting (with both outputs) after `timeoutMs`. */
  waitForStdout(pattern: RegExp | string, timeoutMs?: number): Promise<void>
  /** Resolves with the exit code. */
  exited: Promise<number>
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv
  cwd?: string
}

/** Starts the built binary with pipes; killed when the test ends if it is still running. */
export function spawnCli(args: readonly string[], options: SpawnOptions): CliProcess {
  assertBuilt()
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: options.env, cwd: options.cwd ?? process.cwd() })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const exited = new Promise<number>((resolve) => child.once('close', (code, signal) => resolve(code ?? (signal === null ? -1 : 128))))
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitForStdout(pattern, timeoutMs = 10_000) {
      const matches = () => (typeof pattern === 'string' ? out.includes(pattern) : pattern.test(out))
      try {
        await waitFor(matches, `stdout to show ${String(pattern)}`, timeoutMs)
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`)
      }
    },
  }
}

/** Runs the built binary to the end, feeding `input` to stdin, and returns what it printed and its exit code. */
export async function runCli(
  args: readonly string[],
  options: SpawnOptions & { input?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = spawnCli(args, options)
  cli.child.stdin.end(options.input ?? '')
  const code = await cli.exited
  return { code, stdout: cli.stdout(), stderr: cli.stderr() }
}
