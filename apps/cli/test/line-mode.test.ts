import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChatMessage } from '@lanchat/client'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, cliEnvironment, connectPerson, runCli, spawnCli, startServer, temporaryDirectory, waitFor } from './harness.js'
import { startLink } from './network-link.js'

beforeAll(assertBuilt)

describe('lanchat in line mode (pipes)', () => {
  it('should land in the lobby, show its history, and chat both ways with another person', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    await bob.send('lobby', 'said before Ann came').acked
    const atBob: ChatMessage[] = []
    bob.on('message.created', ({ message }) => atBob.push(message))

    const ann = spawnCli([server.address, '--name', 'Ann'], { env: cliEnvironment(await temporaryDirectory()) })
    await ann.waitForStdout('-- lobby')
    await ann.waitForStdout('Bob: said before Ann came')

    await bob.send('lobby', 'hello Ann').acked
    await ann.waitForStdout(/\d\d:\d\d \[lobby\] Bob: hello Ann/)

    ann.child.stdin.write('hello Bob\n')
    await waitFor(() => atBob.some((message) => message.text === 'hello Bob'), 'Bob to get the message')
    expect(atBob.find((message) => message.text === 'hello Bob')?.from.name).toBe('Ann')

    ann.child.stdin.write('/quit\n')
    expect(await ann.exited).toBe(0)
    expect(ann.stdout()).toMatch(/\[lobby\] Ann: hello Bob/)
  })

  it('should leave cleanly when its input ends, after its last message is stored', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    const left = new Promise<string>((resolve) => bob.on('member.left', ({ member, reason }) => resolve(`${member.name} ${reason}`)))

    const result = await runCli([server.url, '--name', 'Ann'], { env: cliEnvironment(await temporaryDirectory()), input: 'one last word\n' })

    expect(result.code).toBe(0)
    expect(await left).toBe('Ann left')
    const history = await bob.history('lobby')
    expect(history.messages.map((message) => message.text)).toEqual(['one last word'])
  })

  it('should print escape sequences in remote text as harmless text', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    const ann = spawnCli([server.address, '--name', 'Ann', '--plain'], { env: cliEnvironment(await temporaryDirectory()) })
    await ann.waitForStdout('-- lobby')

    await bob.send('lobby', 'look \x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07here\nsecond line').acked
    await ann.waitForStdout('second line')
    ann.child.stdin.end()
    expect(await ann.exited).toBe(0)
    expect(ann.stdout()).toContain('Bob: look here ↵ second line')
    expect(ann.stdout()).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/)
  })

  it('should run the slash commands: /create, /who, /rooms, /switch, /join, /name, /help, /leave', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    const bobsRoom = await bob.create({ name: 'Bobs room' })
    const code = bobsRoom.room.id.toUpperCase()
    const ann = spawnCli([server.url, '--name', 'Ann'], { env: cliEnvironment(await temporaryDirectory()) })
    await ann.waitForStdout('-- lobby')

    ann.child.stdin.write('/create Study group\n')
    await ann.waitForStdout(/Created Study group with the code ([2-9A-Z]{6})/)
    await ann.waitForStdout('deleted with its messages once everyone has left')
    ann.child.stdin.write(`/join ${code.toLowerCase()}\n`)
    await ann.waitForStdout(`-- ${code} (Bobs room): 2 people here --`)
    ann.child.stdin.write('/who\n')
    await ann.waitForStdout(/In [2-9A-Z]{6} \(2\): (Ann \(you\), Bob \(owner\)|Bob \(owner\), Ann \(you\))/)
    ann.child.stdin.write('/rooms\n')
    await ann.waitForStdout(`3. ${code} Bobs room (2 people)  ← here`)
    ann.child.stdin.write('/switch 1\n/name Annie\n/help\n/nonsense\n/join ZZZZZZ\n')
    await ann.waitForStdout('You are now Annie.')
    await ann.waitForStdout('/create [--public|--private] [--code CODE] [name]')
    await ann.waitForStdout('unknown command /nonsense')
    await ann.waitForStdout('There is no room ZZZZZZ')
    expect(ann.stdout()).toContain('[lobby] * You are now Annie.')
    const left = new Promise<string>((resolve) => bob.on('member.left', ({ member }) => resolve(member.name)))
    ann.child.stdin.write(`/switch ${code}\n/leave\n`)
    await ann.waitForStdout(`You left ${code}.`)
    expect(await left).toBe('Annie')
    ann.child.stdin.end()
    expect(await ann.exited).toBe(0)
  })

  it('should keep its identity across runs through the config file', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    const configHome = await temporaryDirectory()
    const ids: string[] = []
    bob.on('message.created', ({ message }) => ids.push(message.from.id))

    expect((await runCli([server.address, '--name', 'Ann'], { env: cliEnvironment(configHome), input: 'first run\n' })).code).toBe(0)
    // The second run gives no name: it comes from the config, with the session that keeps the same user id.
    expect((await runCli([server.address], { env: cliEnvironment(configHome), input: 'second run\n' })).code).toBe(0)
    await waitFor(() => ids.length === 2, 'both messages')
    expect(ids[1]).toBe(ids[0])
    const history = await bob.history('lobby')
    expect(history.messages.map((message) => `${message.from.name}: ${message.text}`)).toEqual(['Ann: first run', 'Ann: second run'])
  })

  it('should take the server and name from LANCHAT_URL and LANCHAT_NAME in a .env file', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    const directory = await temporaryDirectory()
    await writeFile(join(directory, '.env'), `# lanchat\nLANCHAT_URL=http://${server.address}\nLANCHAT_NAME="Dot Env"\n`)

    const result = await runCli([], { env: cliEnvironment(await temporaryDirectory()), cwd: directory, input: 'from dotenv\n' })

    expect(result.code).toBe(0)
    const history = await bob.history('lobby')
    expect(history.messages.map((message) => `${message.from.name}: ${message.text}`)).toEqual(['Dot Env: from dotenv'])
  })

  it('should say when the connection drops and comes back, and deliver what was typed meanwhile', async () => {
    const first = await startServer()
    const ann = spawnCli([first.address, '--name', 'Ann'], { env: cliEnvironment(await temporaryDirectory()) })
    await ann.waitForStdout('-- lobby')

    await first.app.close()
    await ann.waitForStdout('Connection lost; reconnecting…')
    ann.child.stdin.write('typed while away\n')
    const second = await startServer({}, first.port)
    await ann.waitForStdout('Reconnected.')

    const bob = await connectPerson(second.url, 'Bob')
    await bob.join('lobby')
    await waitFor(
      async () => (await bob.history('lobby')).messages.some((message) => message.text === 'typed while away'),
      'the queued message to arrive',
    )
    ann.child.stdin.end()
    expect(await ann.exited).toBe(0)
    expect((await bob.history('lobby')).messages.filter((message) => message.text === 'typed while away')).toHaveLength(1)
  })

  it('should fetch the messages a resume could not replay and print them in order, before newer ones', async () => {
    // After a drop, a resume replays at most 3 messages and then sends only the newest 2: the rest is a gap.
    const server = await startServer({ maxResumeMessages: 3, joinHistory: 2, rateLimit: { messagesPerSecond: 1000, burst: 1000 } })
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    // (The SDK's timeline shows a gap only after a message it holds: an empty room's missed messages are older history.)
    await bob.send('lobby', 'before the drop').acked
    const link = await startLink(server.port)
    const ann = spawnCli([link.url, '--name', 'Ann'], { env: cliEnvironment(await temporaryDirectory()) })
    await ann.waitForStdout('Bob: before the drop')

    link.cut()
    await ann.waitForStdout('Connection lost; reconnecting…')
    for (let index = 1; index <= 12; index++) await bob.send('lobby', `missed ${index}`).acked
    link.restore()
    await ann.waitForStdout('Reconnected.')
    await bob.send('lobby', 'after the drop').acked
    await ann.waitForStdout('Bob: after the drop')

    ann.child.stdin.end()
    expect(await ann.exited).toBe(0)
    const lines = ann.stdout().split('\n').filter((line) => line.includes('] Bob: '))
    expect(lines.map((line) => line.replace(/^.*\] Bob: /, ''))).toEqual(['before the drop', ...Array.from({ length: 12 }, (_, index) => `missed ${index + 1}`), 'after the drop'])
    expect(ann.stdout()).not.toContain('not shown')
  })

  it('should exit 2 with one line on stderr when the server cannot be reached', async () => {
    const server = await startServer()
    const port = server.port
    await server.app.close()
    const result = await runCli([`127.0.0.1:${port}`, '--name', 'Ann'], { env: cliEnvironment(await temporaryDirectory()) })
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lanchat: cannot reach a lanchat server at ws:\/\/127\.0\.0\.1:\d+\/ws/)])
  })

  it('should exit 1 for a malformed address and 3 for an unknown --room', async () => {
    const server = await startServer()
    const env = cliEnvironment(await temporaryDirectory())
    expect((await runCli(['ftp://nowhere', '--name', 'Ann'], { env })).code).toBe(1)
    const unknown = await runCli([server.address, '--name', 'Ann', '--room', 'NOSUCH'], { env })
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toContain('room NOSUCH does not exist')
  })
})
