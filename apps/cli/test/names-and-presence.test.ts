import type {} from '@fastify/websocket'
import { LanchatClient, userTag } from '@lanchat/client'
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { assertBuilt, cliEnvironment, connectPerson, runCli, spawnCli, startServer, temporaryDirectory } from './harness.js'

beforeAll(assertBuilt)

describe('names and presence in line mode', () => {
  it('should exit 4 with the reason for a reserved, invisible or bidi name', async () => {
    const server = await startServer()
    const env = cliEnvironment(await temporaryDirectory())
    const reserved = await runCli([server.url, '--name', 'System'], { env })
    expect(reserved).toMatchObject({ code: 4, stderr: 'lanchat: the server refused the name "System": The name "System" is reserved for the server\n' })
    const invisible = await runCli([server.url, '--name', '\u200B\u3164'], { env })
    expect(invisible.code).toBe(4)
    expect(invisible.stderr).toContain('A name needs at least one visible character')
    const bidi = await runCli([server.url, '--name', 'Ann\u202Etxt.exe'], { env })
    expect(bidi.code).toBe(4)
    expect(bidi.stderr).toContain('text-direction control characters')
  })

  it('should tell two people with the same name apart, in messages and in /who', async () => {
    const server = await startServer()
    const maria = await connectPerson(server.url, 'Maria')
    const impostor = await connectPerson(server.url, 'maria')
    await maria.join('lobby')
    await impostor.join('lobby')
    const ann = spawnCli([server.url, '--name', 'Ann'], { env: cliEnvironment(await temporaryDirectory()) })
    await ann.waitForStdout('-- lobby')

    const real = `Maria · ${userTag(maria.user?.id ?? '')}`
    const fake = `maria · ${userTag(impostor.user?.id ?? '')}`
    expect(real.slice(-4)).not.toBe(fake.slice(-4))
    await maria.send('lobby', 'I am the real one').acked
    await ann.waitForStdout(`[lobby] ${real}: I am the real one`)
    await impostor.send('lobby', 'No, I am').acked
    await ann.waitForStdout(`[lobby] ${fake}: No, I am`)
    ann.child.stdin.write('/who\n')
    await ann.waitForStdout(/In lobby \(3\): .*/)
    const who = ann.stdout().split('\n').find((line) => line.includes('In lobby (3)')) ?? ''
    expect(who).toContain(real)
    expect(who).toContain(fake)
    ann.child.stdin.end()
    expect(await ann.exited).toBe(0)
  })

  it('should list a member whose connection dropped as away in /who, with no "lost their connection" line', async () => {
    const server = await startServer({ presenceGraceMs: 30_000 })
    const ann = spawnCli([server.url, '--name', 'Ann'], { env: cliEnvironment(await temporaryDirectory()) })
    await ann.waitForStdout('-- lobby')
    const pete = new LanchatClient({ url: server.url, name: 'Pete', reconnect: false })
    onTestFinished(() => pete.close())
    await pete.connect()
    await pete.join('lobby')
    await ann.waitForStdout('Pete joined')

    // Pete's network goes: his socket is cut without a close handshake.
    ;[...server.app.websocketServer.clients].at(-1)?.terminate()
    // The CLI prints nothing when someone goes away: ask /who until the away notice has reached it.
    for (let attempt = 0; !/In lobby \(2\): .*Pete \(away\)/.test(ann.stdout()); attempt++) {
      if (attempt === 40) throw new Error(`Pete never shown away:\n${ann.stdout()}`)
      ann.child.stdin.write('/who\n')
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(ann.stdout()).not.toContain('Pete lost their connection')
    ann.child.stdin.end()
    expect(await ann.exited).toBe(0)
  })
})
