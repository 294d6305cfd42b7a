import { existsSync, statSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startDemo } from './harness.js'
import { runCli, temporaryDirectory } from './server-process.js'

describe('dist/server.js', () => {
  it('should make its data directory, print where to join and where the data lives, and stop cleanly on SIGTERM', async () => {
    const dataDir = join(temporaryDirectory(), 'new', 'lanchat')
    const cli = runCli(['--port', '0', '--host', '127.0.0.1', '--no-advertise', '--data-dir', dataDir], /Press Ctrl\+C/)
    await cli.ready
    const { stdout } = cli.output()
    const local = /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1]
    expect(local).toBeDefined()
    expect(stdout).toContain(`Data:    ${dataDir}/lanchat.db`)
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
    expect(existsSync(join(dataDir, 'lanchat.db'))).toBe(true)
    const response = await fetch(local as string)
    expect(response.status).toBe(200)

    // A second server on the same data directory would trust its own view of every room's seqs: it is refused.
    const second = runCli(['--port', '0', '--host', '127.0.0.1', '--no-advertise', '--data-dir', dataDir])
    expect(await second.exited).toBe(1)
    expect(second.output().stderr.trim()).toBe(
      `lanchat: another lanchat server (pid ${cli.child.pid}) is using the data directory ${dataDir}. Stop it, or start this one with another --data-dir.`,
    )

    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
    expect(existsSync(join(dataDir, 'lanchat.pid'))).toBe(false)
  })

  it('should print the first admin\'s one-time setup link and its QR code while there is no admin, and none with --accounts off', async () => {
    const cli = runCli(['--port', '0', '--host', '127.0.0.1', '--no-advertise', '--memory'], /Press Ctrl\+C/)
    await cli.ready
    const { stdout } = cli.output()
    expect(stdout).toContain('First admin: open this one-time link (or scan it) to make yourself the admin of this server.')
    const setupUrl = /(http:\/\/127\.0\.0\.1:\d+\/#setup=[A-Za-z0-9_-]{16,})/.exec(stdout)?.[1]
    expect(setupUrl).toBeDefined()
    // Its QR code follows: lines of block characters after the link.
    const afterLink = stdout.slice(stdout.indexOf(setupUrl as string))
    expect(afterLink).toMatch(/[▀▄█]{10,}/)
    // The link is the web app's: the page loads, and the server says it has no admin yet.
    const origin = new URL(setupUrl as string).origin
    expect((await fetch(setupUrl as string)).status).toBe(200)
    expect(await (await fetch(`${origin}/auth/policy`)).json()).toMatchObject({ policy: 'guests', hasAdmin: false })
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)

    const off = runCli(['--port', '0', '--host', '127.0.0.1', '--no-advertise', '--memory', '--accounts', 'off'], /Press Ctrl\+C/)
    await off.ready
    expect(off.output().stdout).not.toContain('#setup=')
    const offPort = /Local:\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(off.output().stdout)?.[1]
    expect((await fetch(`http://127.0.0.1:${offPort}/auth/policy`)).status).toBe(404)
    off.child.kill('SIGTERM')
    expect(await off.exited).toBe(0)
  })

  it('should serve the host names given with --allowed-host, and refuse other names with 403', async () => {
    const cli = runCli(
      ['--port', '0', '--host', '127.0.0.1', '--no-advertise', '--memory', '--allowed-host', 'chat.school.lan'],
      /Press Ctrl\+C/,
    )
    await cli.ready
    const port = Number(/Local:\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(cli.output().stdout)?.[1])
    expect(await statusFor(port, 'chat.school.lan')).toBe(200)
    expect(await statusFor(port, 'rebind.evil.example')).toBe(403)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
  })

  it('should say so, without a stack trace, and exit with 1 when the port is taken', async () => {
    const server = await startDemo()
    const cli = runCli(['--port', String(server.port), '--host', '127.0.0.1', '--no-advertise', '--memory'])
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

  it('should say that it keeps nothing with --memory, and write nothing to the data directory', async () => {
    const home = temporaryDirectory()
    const cli = runCli(['--port', '0', '--host', '127.0.0.1', '--no-advertise', '--memory'], /Press Ctrl\+C/, {
      XDG_DATA_HOME: home,
      HOME: home,
    })
    await cli.ready
    expect(cli.output().stdout).toContain('Data:    in memory (gone when the server stops, --memory)')
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
    expect(existsSync(join(home, 'lanchat'))).toBe(false)
  })

  it('should refuse --data-dir with --memory, and a data directory it cannot make, in one line and with 1', async () => {
    const both = runCli(['--memory', '--data-dir', temporaryDirectory()])
    expect(await both.exited).toBe(1)
    expect(both.output().stderr).toContain('--data-dir and --memory do not go together')

    const file = join(temporaryDirectory(), 'a-file')
    writeFileSync(file, '')
    const blocked = runCli(['--port', '0', '--host', '127.0.0.1', '--no-advertise', '--data-dir', join(file, 'lanchat')])
    expect(await blocked.exited).toBe(1)
    expect(blocked.output().stderr.trim()).toBe(`lanchat: cannot create the data directory ${file}/lanchat: not a directory.`)
  })
})

/** The status of GET / on 127.0.0.1:port with this Host header (fetch may not set Host). */
function statusFor(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path: '/', headers: { host: `${host}:${port}`, accept: 'text/html' } }, (response) => {
      response.resume()
      resolve(response.statusCode)
    })
    request.once('error', reject)
  })
}
