import { beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '@lanchat/client'
import { assertBuilt, cliEnvironment, connectPerson, runCli, spawnCli, startServer, temporaryDirectory, waitFor } from './harness.js'
import { startLink } from './network-link.js'

beforeAll(assertBuilt)

function jsonLines(output: string): ChatMessage[] {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ChatMessage)
}

describe('lanchat tail', () => {
  it('should print the last N messages, then new ones as JSON lines with the raw text, until Ctrl-C (exit 130)', async () => {
    const server = await startServer({ joinHistory: 3 })
    const maria = await connectPerson(server.url, 'Maria')
    const room = (await maria.create({ name: 'ops' })).room.id
    for (let index = 1; index <= 6; index++) await maria.send(room, `old ${index}`).acked

    // --history 5 is more than the 3 a join brings: the rest comes from a history page.
    const tail = spawnCli(['tail', '--room', room, '--json', '--history', '5', '--url', server.url], {
      env: cliEnvironment(await temporaryDirectory()),
    })
    await tail.waitForStdout('"old 6"')
    await maria.send(room, 'new \x1b[31mred\x1b[0m').acked
    await maria.send(room, 'newer').acked
    await tail.waitForStdout('"newer"')

    tail.child.kill('SIGINT')
    expect(await tail.exited).toBe(130)
    const printed = jsonLines(tail.stdout())
    expect(printed.map((message) => message.text)).toEqual(['old 2', 'old 3', 'old 4', 'old 5', 'old 6', 'new \x1b[31mred\x1b[0m', 'newer'])
    expect(printed.map((message) => message.seq)).toEqual([2, 3, 4, 5, 6, 7, 8])
    expect(printed[0]).toMatchObject({ room, from: { name: 'Maria' }, kind: 'user' })
  })

  it('should print human lines with remote text sanitized', async () => {
    const server = await startServer()
    const maria = await connectPerson(server.url, 'Maria')
    await maria.join('lobby')
    await maria.send('lobby', 'primer').acked
    const tail = spawnCli(['tail', '--room', 'lobby', '--history', '1', '--url', server.address], { env: cliEnvironment(await temporaryDirectory()) })
    // Once the last message before it is printed, tail has joined and follows the room.
    await tail.waitForStdout('primer')
    await maria.send('lobby', 'hi \x1b]0;pwned\x07there').acked
    await tail.waitForStdout('there')
    tail.child.kill('SIGINT')
    expect(await tail.exited).toBe(130)
    expect(tail.stdout()).toMatch(/^\d\d:\d\d Maria: primer\n\d\d:\d\d Maria: hi there\n$/)
  })

  it('should fetch what a resume could not replay and print every message once, in seq order', async () => {
    // A resume replays at most 3 missed messages, and then sends only the newest 2: missing 12 leaves a gap that tail
    // must fill itself.
    const server = await startServer({ maxResumeMessages: 3, joinHistory: 2, rateLimit: { messagesPerSecond: 1000, burst: 1000 } })
    const maria = await connectPerson(server.url, 'Maria')
    const room = (await maria.create({ name: 'ops' })).room.id
    await maria.send(room, 'before 1').acked
    const link = await startLink(server.port)
    const tail = spawnCli(['tail', '--room', room, '--json', '--history', '1', '--url', link.url], { env: cliEnvironment(await temporaryDirectory()) })
    await tail.waitForStdout('"before 1"')

    link.cut()
    await waitFor(() => tail.stderr().includes('connection lost; reconnecting…'), 'tail to notice the drop')
    for (let index = 1; index <= 12; index++) await maria.send(room, `missed ${index}`).acked
    link.restore()
    await waitFor(() => tail.stderr().includes('reconnected'), 'tail to reconnect')
    await maria.send(room, 'after').acked
    await tail.waitForStdout('"after"')

    tail.child.kill('SIGINT')
    expect(await tail.exited).toBe(130)
    const printed = jsonLines(tail.stdout())
    expect(printed.map((message) => message.seq)).toEqual(Array.from({ length: 14 }, (_, index) => index + 1))
    expect(printed.map((message) => message.text)).toEqual(['before 1', ...Array.from({ length: 12 }, (_, index) => `missed ${index + 1}`), 'after'])
  })

  it('should print the messages missed in a room that was empty when it started, in order', async () => {
    const server = await startServer({ maxResumeMessages: 3, joinHistory: 2, rateLimit: { messagesPerSecond: 1000, burst: 1000 } })
    const maria = await connectPerson(server.url, 'Maria')
    const room = (await maria.create({ name: 'ops' })).room.id
    const link = await startLink(server.port)
    const tail = spawnCli(['tail', '--room', room, '--json', '--url', link.url], { env: cliEnvironment(await temporaryDirectory()) })
    await waitFor(() => maria.rooms.get(room)?.members.length === 2, 'tail to join')

    link.cut()
    await waitFor(() => tail.stderr().includes('connection lost; reconnecting…'), 'tail to notice the drop')
    for (let index = 1; index <= 12; index++) await maria.send(room, `missed ${index}`).acked
    link.restore()
    await tail.waitForStdout('"missed 12"')
    await maria.send(room, 'after').acked
    await tail.waitForStdout('"after"')

    tail.child.kill('SIGINT')
    expect(await tail.exited).toBe(130)
    expect(jsonLines(tail.stdout()).map((message) => message.seq)).toEqual(Array.from({ length: 13 }, (_, index) => index + 1))
  })

  it('should exit 3 for an unknown room', async () => {
    const server = await startServer()
    const result = await runCli(['tail', '--room', 'nosuch', '--url', server.url], { env: cliEnvironment(await temporaryDirectory()) })
    expect(result.code).toBe(3)
    expect(result.stderr).toBe('lanchat: room nosuch does not exist on this server\n')
  })
})
