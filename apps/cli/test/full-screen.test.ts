import { existsSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '@lanchat/client'
import { assertBuilt, connectPerson, startServer, temporaryDirectory, waitFor } from './harness.js'
import { startLink } from './network-link.js'
import { TmuxTerminal } from './tmux.js'

beforeAll(() => {
  assertBuilt()
  const tmux = process.env.TMUX_BINARY ?? '/usr/bin/tmux'
  if (!existsSync(tmux)) throw new Error(`${tmux} is missing: install tmux (apt-get install tmux) to run the full-screen tests`)
})

/** Starts the full-screen CLI for `name` against a server, in its own tmux, with a fresh config. */
async function openChat(address: string, name: string, title = address): Promise<TmuxTerminal> {
  const terminal = await TmuxTerminal.start([address, '--name', name], {
    XDG_CONFIG_HOME: await temporaryDirectory(),
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  })
  // The title bar and the input line show once the lobby is joined.
  await terminal.waitForScreen(new RegExp(`lanchat · ${title.replace(/\./g, '\\.')} · ${name} · lobby`))
  await terminal.waitForScreen(/^\[lobby\]/m)
  return terminal
}

describe('the full-screen view (in tmux)', () => {
  it('should join the lobby, receive from and send to another person, make a room, and quit with /quit', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    await bob.send('lobby', 'history before Ann').acked
    const atBob: ChatMessage[] = []
    bob.on('message.created', ({ message }) => atBob.push(message))

    const terminal = await openChat(server.address, 'Ann')
    await terminal.waitForScreen(/<Bob> history before Ann/)
    await terminal.waitForScreen(/People \(2\)/)

    await bob.send('lobby', 'hi Ann, from the SDK').acked
    await terminal.waitForScreen(/\d\d:\d\d <Bob> hi Ann, from the SDK/)

    // Bob types: Ann's status bar says so.
    bob.typing('lobby', true)
    await terminal.waitForScreen('Bob is typing…')

    await terminal.type('hello Bob, from the terminal')
    await terminal.press('Enter')
    await waitFor(() => atBob.some((message) => message.text === 'hello Bob, from the terminal'), 'Bob to get the message')
    expect(atBob.find((message) => message.text === 'hello Bob, from the terminal')?.from.name).toBe('Ann')
    await terminal.waitForScreen(/<Ann> hello Bob, from the terminal/)

    // Tab completes a command; the room is created and shown.
    await terminal.type('/cre')
    await terminal.press('Tab')
    await terminal.waitForScreen(/^\[lobby\] \/create\s*$/m)
    await terminal.type('Study group')
    await terminal.press('Enter')
    const screen = await terminal.waitForScreen(/Created Study group with the code ([2-9A-Z]{6})/)
    const code = /with the code ([2-9A-Z]{6})/.exec(screen)?.[1] as string
    await terminal.waitForScreen(new RegExp(`^\\[${code}\\]`, 'm'))
    expect(screen).toMatch(new RegExp(`2 ${code}`))

    // Alt+1 goes back to the lobby.
    await terminal.press('M-1')
    await terminal.waitForScreen(/^\[lobby\]/m)

    const left = new Promise<string>((resolve) => bob.on('member.left', ({ member, reason }) => resolve(`${member.name} ${reason}`)))
    await terminal.type('/quit')
    await terminal.press('Enter')
    expect(await terminal.exitStatus()).toBe(0)
    expect(await left).toBe('Ann left')
  })

  it('should show a message with terminal escapes as text: no new title, no cleared screen', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    const terminal = await openChat(server.address, 'Ann')
    await bob.send('lobby', 'an earlier line that must stay').acked
    await terminal.waitForScreen('an earlier line that must stay')
    const titleBefore = await terminal.display('#{pane_title}')

    await bob.send('lobby', 'safe \x1b]0;pwned\x07\x1b[2Jvisible-after-escapes \u202eright-to-left').acked
    const screen = await terminal.waitForScreen('visible-after-escapes')

    expect(screen).toContain('<Bob> safe visible-after-escapes right-to-left')
    expect(screen).toContain('an earlier line that must stay')
    expect(screen).toMatch(/lanchat · 127\.0\.0\.1:\d+ · Ann · lobby/)
    const title = await terminal.display('#{pane_title}')
    expect(title).toBe(titleBefore)
    expect(title).not.toContain('pwned')
    await terminal.press('C-c')
    expect(await terminal.exitStatus()).toBe(0)
  })

  it('should page back through older history with PageUp', async () => {
    const server = await startServer({ joinHistory: 10, rateLimit: { messagesPerSecond: 1000, burst: 1000 } })
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    for (let index = 1; index <= 80; index++) await bob.send('lobby', `numbered ${index}`).acked
    const terminal = await openChat(server.address, 'Ann')
    await terminal.waitForScreen('numbered 80')
    expect(await terminal.screen()).not.toContain('numbered 70 ')

    // Each PageUp at the top of what is loaded fetches an older page; keep going until the first message shows.
    await waitFor(
      async () => {
        await terminal.press('PageUp')
        return /<Bob> numbered 1\s*│/.test(await terminal.screen())
      },
      'the first message to show',
      15_000,
    )
    await terminal.press('C-d')
    expect(await terminal.exitStatus()).toBe(0)
  })

  it('should show what a resume could not replay as a gap line, and load it with /more', async () => {
    const server = await startServer({ maxResumeMessages: 3, joinHistory: 2, rateLimit: { messagesPerSecond: 1000, burst: 1000 } })
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    await bob.send('lobby', 'before the drop').acked
    const link = await startLink(server.port)
    const terminal = await openChat(link.url, 'Ann', `127.0.0.1:${new URL(link.url).port}`)
    await terminal.waitForScreen('<Bob> before the drop')

    link.cut()
    await terminal.waitForScreen('Connection lost; reconnecting…')
    for (let index = 1; index <= 20; index++) await bob.send('lobby', `missed ${index}`).acked
    link.restore()
    // 20 missed: the newest 2 come with the resume, the other 18 (at most) are a gap.
    await terminal.waitForScreen('… 18 earlier messages not shown — PageUp or /more to load')
    expect(await terminal.screen()).not.toContain('missed 1 ')

    await terminal.type('/more')
    await terminal.press('Enter')
    const screen = await terminal.waitForScreen(/<Bob> missed 1\s/)
    expect(screen).not.toContain('not shown')
    const order = [...screen.matchAll(/<Bob> (before the drop|missed \d+)/g)].map((match) => match[1])
    expect(order).toEqual(['before the drop', ...Array.from({ length: 20 }, (_, index) => `missed ${index + 1}`)])
    await terminal.press('C-d')
    expect(await terminal.exitStatus()).toBe(0)
  })

  it('should load the messages of a gap line with PageUp', async () => {
    const server = await startServer({ maxResumeMessages: 3, joinHistory: 2, rateLimit: { messagesPerSecond: 1000, burst: 1000 } })
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    await bob.send('lobby', 'before the drop').acked
    const link = await startLink(server.port)
    const terminal = await openChat(link.url, 'Ann', `127.0.0.1:${new URL(link.url).port}`)
    await terminal.waitForScreen('<Bob> before the drop')

    link.cut()
    await terminal.waitForScreen('Connection lost; reconnecting…')
    for (let index = 1; index <= 8; index++) await bob.send('lobby', `missed ${index}`).acked
    link.restore()
    await terminal.waitForScreen('… 6 earlier messages not shown — PageUp or /more to load')

    await terminal.press('PageUp')
    const screen = await terminal.waitForScreen(/<Bob> missed 1\s/)
    expect(screen).not.toContain('not shown')
    await terminal.press('C-d')
    expect(await terminal.exitStatus()).toBe(0)
  })
})
