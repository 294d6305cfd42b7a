import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, cliEnvironment, connectPerson, runCli, startServer, temporaryDirectory } from './harness.js'

beforeAll(assertBuilt)

interface Listed {
  name: string
  url: string
  host: string
  port: number
  path: string
  addresses: string[]
}

function uniqueName(): string {
  return `lanchat cli test ${randomBytes(4).toString('hex')}`
}

describe('finding servers on the network', () => {
  it('should list a server that advertises itself with mDNS in `lanchat discover --json`', async () => {
    const name = uniqueName()
    const server = await startServer({ prefix: '/chat', advertise: { name } })

    const result = await runCli(['discover', '--json', '--timeout', '2.5'], { env: cliEnvironment(await temporaryDirectory()) })

    expect(result.code).toBe(0)
    const listed = JSON.parse(result.stdout) as Listed[]
    const ours = listed.find((server) => server.name === name)
    expect(ours).toMatchObject({ port: server.port, path: '/chat/ws' })
    expect(ours?.url).toMatch(new RegExp(`^ws://.+:${server.port}/chat/ws$`))
    expect(ours?.addresses.length).toBeGreaterThan(0)
  })

  it('should list it in words without --json', async () => {
    const name = uniqueName()
    const server = await startServer({ advertise: { name } })
    const result = await runCli(['discover', '-t', '2500ms'], { env: cliEnvironment(await temporaryDirectory()) })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(new RegExp(`${name}\\s+ws://\\S+:${server.port}/ws`))
  })

  it('should join the server it finds when no address is given', async () => {
    const name = uniqueName()
    const server = await startServer({ advertise: { name } })
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')

    const result = await runCli(['--discover-timeout', '2.5', '--name', 'Ann'], {
      env: cliEnvironment(await temporaryDirectory()),
      input: 'found you\n',
    })

    // Other test suites may advertise servers on this machine at the same time; then the CLI must list ours
    // among them and ask for an address instead of guessing.
    if (result.code === 1) {
      expect(result.stderr).toMatch(/found \d+ lanchat servers: /)
      expect(result.stderr).toContain(name)
      return
    }
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`joining ${name} at 127.0.0.1:${server.port}`)
    expect((await bob.history('lobby')).messages.map((message) => `${message.from.name}: ${message.text}`)).toEqual(['Ann: found you'])
  })
})
