import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { startDemo } from './harness.js'

const serverEntry = fileURLToPath(new URL('../dist/server.js', import.meta.url))

/** Runs `node dist/server.js …`; resolves once `until` matches its stdout, or when it exits. */
function runCli(args: string[], until?: RegExp) {
  if (!existsSync(serverEntry)) throw new Error('apps/web/dist/server.js is missing: run `pnpm --filter @lanchat/web build`.')
  const child = spawn(process.execPath, [serverEntry, ...args], {
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
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

describe('dist/server.js', () => {
  it('should print where to join, and stop cleanly on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--host', '127.0.0.1', '--no-advertise'], /Press Ctrl\+C/)
    await cli.ready
    const { stdout } = cli.output()
    const local = /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1]
    expect(local).toBeDefined()
    const response = await fetch(local as string)
    expect(response.status).toBe(200)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
  })

  it('should say so, without a stack trace, and exit with 1 when the port is taken', async () => {
    const server = await startDemo()
    const cli = runCli(['--port', String(server.port), '--host', '127.0.0.1', '--no-advertise'])
    expect(await cli.exited).toBe(1)
    const { stderr } = cli.output()
    expect(stderr).toContain(`port ${server.port} is already in use`)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('should reject a bad port with a clear message', async () => {
    const cli = runCli(['--port', 'abc'])
    expect(await cli.exited).toBe(1)
    expect(cli.output().stderr).toContain('--port must be a port number from 0 to 65535, not "abc".')
  })
})
