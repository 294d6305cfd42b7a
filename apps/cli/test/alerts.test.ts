import { chmod, readFile, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, connectPerson, startServer, temporaryDirectory, waitFor } from './harness.js'
import { TmuxTerminal } from './tmux.js'

beforeAll(() => {
  assertBuilt()
  const tmux = process.env.TMUX_BINARY ?? '/usr/bin/tmux'
  if (!existsSync(tmux)) throw new Error(`${tmux} is missing: install tmux (apt-get install tmux) to run the full-screen tests`)
})

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function lines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '')
  return text.split('\n').filter((line) => line !== '')
}

/**
 * A stand-in for the desktop's `notify-send`, first on PATH: it writes its arguments to a file. The real one (and
 * the desktop behind it) is outside this project's control; what lanchat owns is that it runs it, without a shell,
 * with the sender's text as plain arguments.
 */
async function fakeNotifySend(directory: string, log: string): Promise<void> {
  const script = join(directory, 'notify-send')
  await writeFile(script, `#!/bin/sh\nfor argument in "$@"; do printf '%s|' "$argument"; done >> '${log}'\necho >> '${log}'\n`)
  await chmod(script, 0o755)
}

describe('alerts for direct messages and mentions (full screen, in tmux)', () => {
  it('should ring and notify for a mention and a DM, not for other messages in a mentions room, never in a none room', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    const side = await bob.create()
    const room = side.room.id

    const directory = await temporaryDirectory()
    const notifications = join(directory, 'notifications.log')
    const bells = join(directory, 'bells.log')
    await fakeNotifySend(directory, notifications)
    const terminal = await TmuxTerminal.start(['--name', 'Ana', '--room', room, server.address], {
      XDG_CONFIG_HOME: directory,
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      PATH: `${directory}:${process.env.PATH ?? ''}`,
    })
    // tmux runs a hook on every bell its window gets: a real terminal hearing BEL.
    await terminal.tmux('set-option', '-g', 'bell-action', 'any')
    await terminal.tmux('set-hook', '-g', 'alert-bell', `run-shell "echo bell >> '${bells}'"`)
    const code = room.toUpperCase()
    const active = new RegExp(`^\\[${code}\\]`, 'm')
    await terminal.waitForScreen(active)
    await terminal.waitForScreen(/People \(2\)/)

    // A room notifies of mentions only: a plain message is shown, and nothing rings.
    await bob.send(room, 'hello everyone').acked
    await terminal.waitForScreen(/<Bob> hello everyone/)
    await pause(600)
    expect(await lines(bells)).toEqual([])
    expect(await lines(notifications)).toEqual([])

    // A mention of Ana in the lobby, not on screen: a bell, a notification, and the lobby counts it apart.
    await bob.send('lobby', 'hey @ana, look at this').acked
    await waitFor(async () => (await lines(bells)).length === 1, 'a bell for the mention')
    await waitFor(async () => (await lines(notifications)).length === 1, 'a notification for the mention')
    expect((await lines(notifications))[0]).toBe('--app-name=lanchat|--|Bob mentioned you in lobby|hey @ana, look at this|')
    await terminal.waitForScreen(/ 1 lobby \(1\) @1\s+│/)

    // A direct message notifies on everything (rate limits: one bell a second, one notification every 4 s).
    await pause(4_200)
    const ana = bob.rooms.get('lobby')?.members.find((member) => member.name === 'Ana')
    if (ana === undefined) throw new Error('Ana is not in the lobby')
    const dm = await bob.openDm([ana.id])
    await bob.send(dm.room.id, 'psst, quick question').acked
    await waitFor(async () => (await lines(bells)).length === 2, 'a bell for the direct message')
    await waitFor(async () => (await lines(notifications)).length === 2, 'a notification for the direct message')
    expect((await lines(notifications))[1]).toBe('--app-name=lanchat|--|Bob (direct message)|psst, quick question|')

    // Ana turns the lobby's notifications off: a mention there is still counted, but nothing rings.
    await terminal.type('/switch lobby')
    await terminal.press('Enter')
    await terminal.waitForScreen(/^\[lobby\]/m)
    await terminal.type('/notify none')
    await terminal.press('Enter')
    await terminal.waitForScreen(/now notifies you of/)
    await terminal.type(`/switch ${code}`)
    await terminal.press('Enter')
    await terminal.waitForScreen(active)
    // Your own mention of yourself never alerts either.
    await terminal.type('note to self @Ana')
    await terminal.press('Enter')
    await terminal.waitForScreen(/<Ana> note to self @Ana/)
    await pause(4_200)
    await bob.send('lobby', '@Ana are you there?').acked
    await terminal.waitForScreen(/ 1 lobby \(1\) @1\s+│/)
    await pause(600)
    expect(await lines(bells)).toHaveLength(2)
    expect(await lines(notifications)).toHaveLength(2)

    // Tab after @ completes a member's name.
    await terminal.type('thanks @b')
    await terminal.press('Tab')
    await terminal.waitForScreen(new RegExp(`^\\[${code}\\] thanks @Bob\\s*$`, 'm'))
    await terminal.press('C-c')
    expect(await terminal.exitStatus()).toBe(0)
  }, 60_000)
})
