import { existsSync } from 'node:fs'
import type { ChatMessage } from '@lanchat/client'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, connectPerson, startServer, temporaryDirectory, waitFor } from './harness.js'
import { TmuxTerminal } from './tmux.js'

beforeAll(() => {
  assertBuilt()
  const tmux = process.env.TMUX_BINARY ?? '/usr/bin/tmux'
  if (!existsSync(tmux)) throw new Error(`${tmux} is missing: install tmux (apt-get install tmux) to run the full-screen tests`)
})

/** The full-screen CLI for `name` in its own tmux, in the lobby. */
async function openChat(address: string, name: string): Promise<TmuxTerminal> {
  const terminal = await TmuxTerminal.start([address, '--name', name], { XDG_CONFIG_HOME: await temporaryDirectory(), TERM: 'xterm-256color', LANG: 'C.UTF-8' })
  await terminal.waitForScreen(/^\[lobby\]/m)
  return terminal
}

async function enter(terminal: TmuxTerminal, line: string): Promise<void> {
  await terminal.type(line)
  await terminal.press('Enter')
}

describe('rooms and direct messages in the full-screen view (in tmux)', () => {
  it('should list a direct conversation apart from the rooms, named after the other person, and chat there', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    const atBob: ChatMessage[] = []
    bob.on('message.created', ({ message }) => atBob.push(message))
    const added = new Promise<string>((resolve) => bob.on('room.added', ({ room }) => resolve(room.id)))
    const terminal = await openChat(server.address, 'Ann')
    await terminal.waitForScreen(/People \(2\)/)

    // Tab completes the name after /msg.
    await terminal.type('/msg bo')
    await terminal.press('Tab')
    await terminal.waitForScreen(/^\[lobby\] \/msg Bob\s*$/m)
    await enter(terminal, 'quick question')
    const dm = await added
    await waitFor(() => atBob.some((message) => message.room === dm && message.text === 'quick question'), 'Bob to get the direct message')
    // Still in the lobby; the conversation is listed under Direct, numbered after the rooms.
    const screen = await terminal.waitForScreen(/Sent to Bob in your direct conversation/)
    expect(screen).toMatch(/^\[lobby\]/m)
    expect(screen).toMatch(/ Direct\s+│/)
    expect(screen).toMatch(/ 2 Bob\s+│/)

    await bob.send(dm, 'ask away').acked
    await terminal.waitForScreen(/ 2 Bob \(1\)\s+│/)
    await terminal.press('M-2')
    await terminal.waitForScreen(/^\[Bob\]/m)
    await terminal.waitForScreen(/<Bob> ask away/)
    await terminal.waitForScreen(/<Ann> quick question/)
    await terminal.press('C-c')
    expect(await terminal.exitStatus()).toBe(0)
  })

  it('should show the topic a moderator sets in the status bar and as a dim line, and a removal', async () => {
    const server = await startServer()
    const owner = await connectPerson(server.url, 'Olga')
    await owner.create({ name: 'Design team', access: 'public', code: 'design' })
    const terminal = await openChat(server.address, 'Ann')
    await enter(terminal, '/join design')
    await terminal.waitForScreen(/^\[design\]/m)

    await owner.updateRoom('design', { topic: 'mockups and reviews' })
    await terminal.waitForScreen('-!- Olga set the topic to “mockups and reviews”')
    await terminal.waitForScreen(/design Design team · 2 people │ mockups and reviews/)

    await enter(terminal, '/topic my own topic')
    await terminal.waitForScreen(/\/topic: not allowed/)

    const ann = owner.rooms.get('design')?.members.find((member) => member.name === 'Ann')
    await owner.manageMember('design', 'remove', { user: ann?.id as string })
    await terminal.waitForScreen('You were removed from Design team (design) by Olga.')
    await terminal.waitForScreen(/^\[lobby\]/m)
    await terminal.press('C-c')
    expect(await terminal.exitStatus()).toBe(0)
  })
})
