import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import Fastify from 'fastify'
import lanchat from '@lanchat/server'
import { LanchatClient } from '@lanchat/client'
import { describe, expect, it, onTestFinished } from 'vitest'
import { makeCertificates, type TestCertificates } from './certificates.js'
import { cliEnvironment, runCli, temporaryDirectory } from './harness.js'
import { TmuxTerminal } from './tmux.js'

/** A real lanchat server over HTTPS on 127.0.0.1 and a free port, with a CA of the test's own. */
async function startHttpsServer(certificates: TestCertificates) {
  const app = Fastify({ logger: false, https: { key: certificates.key, cert: certificates.chain } })
  await app.register(lanchat)
  await app.listen({ port: 0, host: '127.0.0.1' })
  onTestFinished(() => app.close())
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('server has no port')
  const host = `127.0.0.1:${address.port}`
  return {
    app,
    host,
    https: `https://${host}`,
    url: `wss://${host}/ws`,
    /** Serves another certificate from now on (as an intercepting machine would). */
    replaceCertificate(next: TestCertificates) {
      ;(app.server as unknown as { setSecureContext(options: object): void }).setSecureContext({ key: next.key, cert: next.chain })
    },
  }
}

async function lobbyTexts(url: string, pin: string): Promise<string[]> {
  const client = new LanchatClient({ url, name: 'Reader', tls: { pin } })
  onTestFinished(() => client.close())
  await client.connect()
  await client.join('lobby')
  const page = await client.history('lobby')
  return page.messages.map((message) => message.text)
}

describe('lanchat over https:// (trust on first use)', () => {
  const certificates = makeCertificates('lanchat CA on test-box')

  it('should trust on first use, then connect silently, and store the pin readable by its owner only', async () => {
    const server = await startHttpsServer(certificates)
    const configHome = await temporaryDirectory()
    const env = cliEnvironment(configHome)
    const first = await runCli(['send', '--url', server.https, '--room', 'lobby', '--name', 'Ana', '--trust-on-first-use', 'first over TLS'], { env })
    expect(first.stderr).toContain('first connection to')
    expect(first.stderr).toContain(certificates.caFingerprint)
    expect(first.stderr).toContain('lanchat CA on test-box')
    expect(first.stderr).toMatch(/Compare the fingerprint with the one the server printed/)
    expect(first.code).toBe(0)
    const configFile = join(configHome, 'lanchat', 'config.json')
    expect((await stat(configFile)).mode & 0o777).toBe(0o600)

    const second = await runCli(['send', '--url', server.https, '--room', 'lobby', '--name', 'Ana', 'second, pinned'], { env })
    expect(second.stderr).not.toContain('first connection')
    expect(second.code).toBe(0)
    expect(await lobbyTexts(server.url, certificates.caFingerprint)).toEqual(['first over TLS', 'second, pinned'])

    const list = await runCli(['trust', '--list'], { env })
    expect(list.stdout).toContain(`${server.host}  ${certificates.caFingerprint}`)
  }, 30_000)

  it('should refuse a changed certificate with exit 6 and say how to trust again', async () => {
    const server = await startHttpsServer(certificates)
    const env = cliEnvironment(await temporaryDirectory())
    expect((await runCli(['send', '--url', server.https, '--room', 'lobby', '--name', 'Ana', '--trust', certificates.caFingerprint, 'hi'], { env })).code).toBe(0)

    const intruder = makeCertificates('lanchat CA on test-box')
    server.replaceCertificate(intruder)
    const refused = await runCli(['send', '--url', server.https, '--room', 'lobby', '--name', 'Ana', 'should not go'], { env })
    expect(refused.code).toBe(6)
    expect(refused.stderr).toContain(`the certificate of ${server.host} is NOT the one trusted`)
    expect(refused.stderr).toContain(intruder.caFingerprint)
    expect(refused.stderr).toContain('Someone may be intercepting the connection')
    expect(refused.stderr).toContain(`lanchat trust --forget ${server.host}`)
    // Even --trust-on-first-use does not override a pin.
    expect((await runCli(['send', '--url', server.https, '--room', 'lobby', '--name', 'Ana', '--trust-on-first-use', 'nor this'], { env })).code).toBe(6)

    const forgot = await runCli(['trust', '--forget', server.host], { env })
    expect(forgot.stdout).toContain(`Forgot the certificate of ${server.host}`)
    const again = await runCli(['send', '--url', server.https, '--room', 'lobby', '--name', 'Ana', '--trust', intruder.caFingerprint, 'after re-trust'], { env })
    expect(again.code).toBe(0)
    expect(await lobbyTexts(server.url, intruder.caFingerprint)).toEqual(['hi', 'after re-trust'])
  }, 30_000)

  it('should refuse a new server without a terminal unless told (exit 7), and a --trust that does not match (exit 6)', async () => {
    const server = await startHttpsServer(certificates)
    const env = cliEnvironment(await temporaryDirectory())
    const untrusted = await runCli(['send', '--url', server.https, '--room', 'lobby', '--name', 'Ana', 'no'], { env })
    expect(untrusted.code).toBe(7)
    expect(untrusted.stderr).toContain(`pass --trust ${certificates.caFingerprint}`)
    const wrong = await runCli(['send', '--url', server.https, '--room', 'lobby', '--name', 'Ana', '--trust', makeCertificates().caFingerprint, 'no'], { env })
    expect(wrong.code).toBe(6)
    // The server's own certificate may be pinned too.
    const leaf = await runCli(['trust', server.https, '--trust', certificates.leafFingerprint.replaceAll(':', '')], { env })
    expect(leaf.code).toBe(0)
    expect(leaf.stdout).toContain(certificates.leafFingerprint)
    expect((await runCli(['send', '--url', server.https, '--room', 'lobby', '--name', 'Ana', 'leaf pinned'], { env })).code).toBe(0)
  }, 30_000)

  it('should ask on a terminal with lanchat trust, and trust only after yes', async () => {
    const server = await startHttpsServer(certificates)
    const configHome = await temporaryDirectory()
    const terminal = await TmuxTerminal.start(['trust', server.https], { XDG_CONFIG_HOME: configHome, NO_COLOR: '1', TERM: 'xterm-256color' })
    const screen = await terminal.waitForScreen('Trust it and connect? [y/N]')
    expect(screen.replace(/\s+/g, ' ')).toContain(certificates.caFingerprint)
    await terminal.type('y')
    await terminal.press('Enter')
    await terminal.waitForScreen(`Trusted ${server.host}`)
    expect(await terminal.exitStatus()).toBe(0)
    expect((await runCli(['trust', '--list'], { env: cliEnvironment(configHome) })).stdout).toContain(certificates.caFingerprint)

    // No: nothing is kept, nothing is sent (exit 7, as the scripted refusals above check).
    const declinedHome = await temporaryDirectory()
    const declined = await TmuxTerminal.start(['--name', 'Ana', server.https], { XDG_CONFIG_HOME: declinedHome, NO_COLOR: '1', TERM: 'xterm-256color' })
    await declined.waitForScreen('Trust it and connect? [y/N]')
    await declined.type('n')
    await declined.press('Enter')
    await declined.waitForScreen(`lanchat: ${server.host} was not trusted; nothing was sent to it`)
    expect((await runCli(['trust', '--list'], { env: cliEnvironment(declinedHome) })).stdout).toBe('No trusted servers yet.\n')
  }, 30_000)
})
