import Fastify from 'fastify'
import lanchat from '@lanchat/server'
import { LanchatClient } from '@lanchat/client'
import { render } from 'ink-testing-library'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ChatSession } from '../chat/chat-session.js'
import type { ChatMessage } from '@lanchat/client'
import { ChatApp } from './chat-app.js'

async function startServer(): Promise<string> {
  const app = Fastify({ logger: false })
  await app.register(lanchat)
  await app.listen({ port: 0, host: '127.0.0.1' })
  onTestFinished(() => app.close())
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return `ws://127.0.0.1:${address.port}/ws`
}

async function person(url: string, name: string): Promise<LanchatClient> {
  const client = new LanchatClient({ url, name })
  onTestFinished(() => client.close())
  await client.connect()
  await client.join('lobby')
  return client
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Ann's full-screen view, rendered by ink-testing-library (100 columns), over a real server. */
async function annsView(url: string) {
  const client = new LanchatClient({ url, name: 'Ann' })
  onTestFinished(() => client.close())
  await client.connect()
  const session = new ChatSession({ client, remember: () => {} })
  onTestFinished(() => session.dispose())
  await session.enter('lobby')
  const view = render(<ChatApp session={session} serverLabel="test-server" colour={false} light={false} />)
  onTestFinished(() => view.unmount())
  const frame = () => view.lastFrame() ?? ''
  const waitForFrame = async (pattern: RegExp | string) => {
    try {
      await until(() => (typeof pattern === 'string' ? frame().includes(pattern) : pattern.test(frame())), String(pattern))
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${frame()}`)
    }
  }
  return { view, frame, waitForFrame, session }
}

describe('ChatApp', () => {
  it('should show the title, rooms, people and messages, and send what is typed', async () => {
    const url = await startServer()
    const bob = await person(url, 'Bob')
    const atBob: ChatMessage[] = []
    bob.on('message.created', ({ message }) => atBob.push(message))
    const { view, waitForFrame } = await annsView(url)

    await waitForFrame('lanchat · test-server · Ann · lobby')
    await waitForFrame(/1 lobby/)
    await waitForFrame('People (2)')
    await bob.send('lobby', 'hi Ann').acked
    await waitForFrame(/\d\d:\d\d <Bob> hi Ann/)

    view.stdin.write('hello Bob')
    await waitForFrame(/^\[lobby\] hello Bob/m)
    view.stdin.write('\r')
    await until(() => atBob.some((message) => message.text === 'hello Bob'), 'Bob to get the message')
    await waitForFrame(/<Ann> hello Bob/)
  })

  it('should handle keys that arrive faster than a render, with Enter and Tab inside them', async () => {
    const url = await startServer()
    const bob = await person(url, 'Bob')
    const atBob: ChatMessage[] = []
    bob.on('message.created', ({ message }) => atBob.push(message))
    const { view, waitForFrame } = await annsView(url)
    await waitForFrame('People (2)')

    view.stdin.write('first\rsecond\r')
    await until(() => atBob.length === 2, 'both lines')
    expect(atBob.map((message) => message.text)).toEqual(['first', 'second'])

    view.stdin.write('/jo\t')
    await waitForFrame(/^\[lobby\] \/join\s*$/m)
  })

  it('should complete names and show several candidates in the status bar', async () => {
    const url = await startServer()
    await person(url, 'Mara')
    await person(url, 'Marek')
    const { view, waitForFrame } = await annsView(url)
    await waitForFrame('People (3)')

    view.stdin.write('hi ma')
    await waitForFrame(/^\[lobby\] hi ma\s*$/m)
    view.stdin.write('\t')
    await waitForFrame('Mara  Marek')
    await waitForFrame(/^\[lobby\] hi mar\s*$/im)
  })
})
