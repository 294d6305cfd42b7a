import type { LanchatClient } from '@lanchat/client'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '@lanchat/client'
import { assertBuilt, cliEnvironment, connectPerson, runCli, startServer, temporaryDirectory, waitFor } from './harness.js'

beforeAll(assertBuilt)

/** Every message of a room, oldest first, paging back through the history. */
async function wholeHistory(client: LanchatClient, room: string): Promise<ChatMessage[]> {
  let messages: ChatMessage[] = []
  let before: number | undefined
  for (;;) {
    const page = await client.history(room, { limit: 100, ...(before === undefined ? {} : { before }) })
    messages = [...page.messages, ...messages]
    if (!page.hasMore || page.messages.length === 0) return messages
    before = page.messages[0]?.seq
  }
}

describe('lanchat send', () => {
  it('should send every line of a pipe exactly once, in order, skipping empty lines, and exit 0', async () => {
    const server = await startServer()
    const watcher = await connectPerson(server.url, 'Watcher')
    const room = (await watcher.create({ name: 'ops' })).room.id
    const live: ChatMessage[] = []
    watcher.on('message.created', ({ message }) => live.push(message))
    // More lines than the server's burst of 20, so pacing under the rate limit is part of the run.
    const lines = Array.from({ length: 30 }, (_, index) => `log line ${index + 1} ✓`)
    const input = `${lines.slice(0, 10).join('\n')}\n\n   \n${lines.slice(10).join('\r\n')}\n`

    const result = await runCli(['send', '--room', room.toUpperCase(), '--url', server.address, '--name', 'ci-bot'], {
      env: cliEnvironment(await temporaryDirectory()),
      input,
    })

    expect(result).toMatchObject({ code: 0, stderr: '' })
    await waitFor(() => live.length >= lines.length, 'the watcher to see every line')
    const stored = await wholeHistory(watcher, room)
    expect(stored.map((message) => message.text)).toEqual(lines)
    expect(new Set(stored.map((message) => message.clientMsgId)).size).toBe(lines.length)
    expect(live.map((message) => message.text)).toEqual(lines)
    expect(stored.every((message) => message.from.name === 'ci-bot')).toBe(true)
  })

  it('should send its arguments as one message', async () => {
    const server = await startServer()
    const watcher = await connectPerson(server.url, 'Watcher')
    await watcher.join('lobby')
    const result = await runCli(['send', '-r', 'lobby', '-u', `http://${server.address}`, '-n', 'ci', 'build', 'finished'], {
      env: cliEnvironment(await temporaryDirectory()),
    })
    expect(result.code).toBe(0)
    expect((await watcher.history('lobby')).messages.map((message) => message.text)).toEqual(['build finished'])
  })

  it('should split a line longer than the server limit into several messages and say so', async () => {
    const server = await startServer()
    const watcher = await connectPerson(server.url, 'Watcher')
    await watcher.join('lobby')
    const long = `${'word '.repeat(1900)}end`
    const result = await runCli(['send', '--room', 'lobby', '--url', server.url], {
      env: cliEnvironment(await temporaryDirectory()),
      input: `short\n${long}\n`,
    })
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/line 2 has 9503 characters, more than the server's 4000; sending it as 3 messages/)
    const texts = (await watcher.history('lobby')).messages.map((message) => message.text)
    expect(texts).toHaveLength(4)
    expect(texts[0]).toBe('short')
    expect(texts.slice(1).join('')).toBe(long)
    expect(texts.every((text) => text.length <= 4000)).toBe(true)
  })

  it('should exit 4 and name the lines the server refused, after sending the rest', async () => {
    const server = await startServer()
    server.app.lanchat.onMessage((message) => {
      // A refusal is `{ reject }`; a hook that throws is a server error, not a refusal.
      return message.text.includes('forbidden') ? { reject: 'no forbidden words here' } : undefined
    })
    const watcher = await connectPerson(server.url, 'Watcher')
    await watcher.join('lobby')
    const result = await runCli(['send', '--room', 'lobby', '--url', server.url], {
      env: cliEnvironment(await temporaryDirectory()),
      input: 'fine\nforbidden fruit\nalso fine\n',
    })
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('line 2 was not sent: the server refused it: no forbidden words here')
    expect(result.stderr).toContain('1 of 3 messages were not sent')
    expect((await watcher.history('lobby')).messages.map((message) => message.text)).toEqual(['fine', 'also fine'])
  })

  it('should exit 2 with a one-line message when the server cannot be reached', async () => {
    const server = await startServer()
    const port = server.port
    await server.app.close()
    const result = await runCli(['send', '--room', 'lobby', '--url', `127.0.0.1:${port}`, 'hello'], {
      env: cliEnvironment(await temporaryDirectory()),
    })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^lanchat: cannot reach a lanchat server at ws:\/\/127\.0\.0\.1:\d+\/ws/)
  })

  it('should exit 3 for a room that does not exist and 4 for a name the server refuses', async () => {
    const server = await startServer()
    const env = cliEnvironment(await temporaryDirectory())
    const unknown = await runCli(['send', '--room', 'K7M2QX', '--url', server.url, 'hello'], { env })
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toBe('lanchat: room K7M2QX does not exist on this server\n')

    const refused = await runCli(['send', '--room', 'lobby', '--url', server.url, '--name', 'n'.repeat(40), 'hello'], { env })
    expect(refused.code).toBe(4)
    expect(refused.stderr).toMatch(/^lanchat: the server refused the name "n{40}"/)
  })

  it('should store nothing twice when run again with the same --id', async () => {
    const server = await startServer()
    const watcher = await connectPerson(server.url, 'Watcher')
    await watcher.join('lobby')
    // One config directory: the second run is the same user (its saved session), as a retried script would be.
    const env = cliEnvironment(await temporaryDirectory())
    const send = (input: string) => runCli(['send', '-r', 'lobby', '-u', server.url, '-n', 'deploy-bot', '--id', 'deploy-1842'], { env, input })

    expect((await send('Deploying 1.8.42\nDeployed 1.8.42\n')).code).toBe(0)
    // The retry has one more line: only that one is new.
    expect(await send('Deploying 1.8.42\nDeployed 1.8.42\nSmoke tests passed\n')).toMatchObject({ code: 0, stderr: '' })
    const stored = (await watcher.history('lobby')).messages
    expect(stored.map((message) => message.text)).toEqual(['Deploying 1.8.42', 'Deployed 1.8.42', 'Smoke tests passed'])
    expect(stored.map((message) => message.clientMsgId)).toEqual(['deploy-1842-1', 'deploy-1842-2', 'deploy-1842-3'])
  })

  it.each([['not ok!', 'use letters, digits, _ and - only'], ['k'.repeat(49), 'use at most 48 characters']])(
    'should exit 1 for the --id %j',
    async (key, reason) => {
      const result = await runCli(['send', '-r', 'lobby', '--id', key, 'hi'], { env: cliEnvironment(await temporaryDirectory()) })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(reason)
    },
  )

  it('should exit 1 for a usage error', async () => {
    const result = await runCli(['send', 'no room given'], { env: cliEnvironment(await temporaryDirectory()) })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('lanchat: say where to send: --room CODE, or --to NAME for a direct message\n')
  })
})
