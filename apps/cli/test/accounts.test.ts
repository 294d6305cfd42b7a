import { stat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LanchatAccounts, type ChatMessage } from '@lanchat/client'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, cliEnvironment, connectPerson, runCli, spawnCli, startServer, temporaryDirectory, waitFor, type TestServer } from './harness.js'
import { TmuxTerminal } from './tmux.js'

beforeAll(assertBuilt)

const PASSWORD = 'correct horse battery staple'

/** Maria, a guest who claimed her name with the SDK: her account and user id. */
async function mariasAccount(server: TestServer): Promise<{ id: string }> {
  const guest = await connectPerson(server.url, 'Maria')
  await new LanchatAccounts({ url: server.url }).claim(String(guest.session), PASSWORD)
  await guest.close()
  return { id: guest.user?.id as string }
}

/** Signs Maria in through `lanchat login --password-stdin`, in a fresh config directory. */
async function loggedIn(server: TestServer, name = 'Maria', password = PASSWORD): Promise<string> {
  const configHome = await temporaryDirectory()
  const login = await runCli(['login', '--server', server.address, '--name', name, '--password-stdin'], { env: cliEnvironment(configHome), input: `${password}\n` })
  expect(login.stderr).toBe('')
  expect(login.code).toBe(0)
  return configHome
}

describe('lanchat accounts', () => {
  it('should sign in with a password prompt that never shows the password, then chat as the account', async () => {
    const server = await startServer()
    const maria = await mariasAccount(server)
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    const atBob: ChatMessage[] = []
    bob.on('message.created', ({ message }) => atBob.push(message))
    const environment = { XDG_CONFIG_HOME: await temporaryDirectory(), TERM: 'xterm-256color', LANG: 'C.UTF-8' }

    const login = await TmuxTerminal.start(['login', '--server', server.address], environment)
    await login.waitForScreen('Account name:')
    await login.type('Maria')
    await login.press('Enter')
    await login.waitForScreen('Password:')
    await login.type(PASSWORD)
    expect(await login.screen()).not.toContain('horse')
    await login.press('Enter')
    const screen = await login.waitForScreen(/Signed in to 127\.0\.0\.1:\d+: you are Maria ✓ \(account\)/)
    expect(screen).not.toContain('horse')
    expect(await login.exitStatus()).toBe(0)

    const chat = await TmuxTerminal.start([server.address], environment)
    await chat.waitForScreen(/lanchat · 127\.0\.0\.1:\d+ · Maria · lobby/)
    await chat.waitForScreen('Maria ✓ (you)')
    await chat.type('hello as an account')
    await chat.press('Enter')
    await waitFor(() => atBob.some((message) => message.text === 'hello as an account'), 'Bob to get the message')
    expect(atBob.find((message) => message.text === 'hello as an account')?.from).toMatchObject({ id: maria.id, name: 'Maria' })
    expect(bob.rooms.get('lobby')?.members.find((member) => member.id === maria.id)?.account).toBe(true)
    await chat.waitForScreen('<Maria ✓> hello as an account')
    await chat.press('C-c')
    expect(await chat.exitStatus()).toBe(0)
  })

  it('should sign in with --password-stdin, keep the token in a 0600 config file, and say who you are', async () => {
    const server = await startServer()
    const maria = await mariasAccount(server)
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')

    const wrong = await runCli(['login', '--server', server.address, '--name', 'Maria', '--password-stdin'], {
      env: cliEnvironment(await temporaryDirectory()),
      input: 'not the password\n',
    })
    expect(wrong.code).toBe(4)
    expect(wrong.stderr).toBe('lanchat: wrong name or password\n')
    // After a run of failures the server throttles sign-ins to a name, and the CLI says when to try again.
    const attacker = new LanchatAccounts({ url: server.url })
    for (let attempt = 0; attempt < 12; attempt++) await attacker.login('Nobody', 'guess number one').catch(() => undefined)
    const throttled = await runCli(['login', '--server', server.address, '--name', 'Nobody', '--password-stdin'], {
      env: cliEnvironment(await temporaryDirectory()),
      input: `${PASSWORD}\n`,
    })
    expect(throttled.code).toBe(4)
    expect(throttled.stderr).toMatch(/^lanchat: too many attempts; try again in \d+ s \(at \d\d:\d\d:\d\d\)\n$/)

    const configHome = await loggedIn(server)
    const path = join(configHome, 'lanchat', 'config.json')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const config = JSON.parse(await readFile(path, 'utf8')) as { accounts: Record<string, { name: string; token: string }> }
    expect(config.accounts[server.url]).toEqual({ name: 'Maria', token: expect.any(String) })

    const whoami = await runCli(['whoami', '--server', server.address], { env: cliEnvironment(configHome) })
    expect(whoami.stdout).toMatch(/^You are Maria ✓ \(account\) on 127\.0\.0\.1:\d+\.\n$/)
    const guest = await runCli(['whoami', '--server', server.address], { env: cliEnvironment(await temporaryDirectory()) })
    expect(guest.stdout).toMatch(/^You are a guest on 127\.0\.0\.1:\d+\./)

    // send uses the stored token: the message is the account's, whatever --name says.
    const sent = await runCli(['send', '--room', 'lobby', '--url', server.address, '--name', 'Someone', 'from a script'], { env: cliEnvironment(configHome) })
    expect(sent.code).toBe(0)
    const history = await bob.history('lobby')
    expect(history.messages.at(-1)).toMatchObject({ text: 'from a script', from: { id: maria.id, name: 'Maria' } })

    const devices = await runCli(['devices', '--server', server.address], { env: cliEnvironment(configHome) })
    expect(devices.stdout).toMatch(/lanchat CLI on .*← this device/)
  })

  it('should change the password and sign out the other devices, and leave the chat with exit 5 when signed out', async () => {
    const server = await startServer()
    await mariasAccount(server)
    const laptop = await loggedIn(server)
    const desktop = await loggedIn(server)
    const chat = spawnCli([server.address], { env: cliEnvironment(desktop) })
    await chat.waitForStdout('You are Maria (signed in).')

    const changed = await runCli(['password', '--server', server.address, '--password-stdin'], {
      env: cliEnvironment(laptop),
      input: `${PASSWORD}\nan even better passphrase\n`,
    })
    expect(changed.stderr).toBe('')
    expect(changed.stdout).toBe('Password changed. Your other devices are signed out; this one stays signed in.\n')
    expect(await chat.exited).toBe(5)
    expect(chat.stderr()).toBe('lanchat: You were signed out on this device; run lanchat login\n')
    expect((await runCli(['whoami', '--server', server.address], { env: cliEnvironment(laptop) })).code).toBe(0)
  })

  it('should end the session on logout: a running tail exits 5, and the token is forgotten', async () => {
    const server = await startServer()
    await mariasAccount(server)
    const configHome = await loggedIn(server)
    const tail = spawnCli(['tail', '--room', 'lobby', '--url', server.address], { env: cliEnvironment(configHome) })
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    await waitFor(() => bob.rooms.get('lobby')?.members.some((member) => member.account === true) === true, 'the tail to join as the account')

    const logout = await runCli(['logout', '--server', server.address], { env: cliEnvironment(configHome) })
    expect(logout.code).toBe(0)
    expect(logout.stdout).toMatch(/^Signed out of 127\.0\.0\.1:\d+ \(Maria\)/)
    expect(await tail.exited).toBe(5)
    expect(tail.stderr()).toContain('You were signed out on this device; run lanchat login')
    const config = JSON.parse(await readFile(join(configHome, 'lanchat', 'config.json'), 'utf8')) as { accounts?: unknown }
    expect(config.accounts).toBeUndefined()
  })

  it('should exit 5 from tail when another device revokes this one, and at the next start too', async () => {
    const server = await startServer()
    await mariasAccount(server)
    const configHome = await loggedIn(server)
    const tail = spawnCli(['tail', '--room', 'lobby', '--url', server.address], { env: cliEnvironment(configHome) })
    const phone = new LanchatAccounts({ url: server.url })
    await phone.login('Maria', PASSWORD, { device: 'phone' })
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    await waitFor(() => bob.rooms.get('lobby')?.members.some((member) => member.account === true) === true, 'the tail to join as the account')
    const cli = (await phone.devices()).find((device) => device.device.startsWith('lanchat CLI'))
    await phone.revokeDevice(String(cli?.id))

    expect(await tail.exited).toBe(5)
    expect(tail.stderr()).toContain('You were signed out on this device; run lanchat login')
    const again = await runCli(['tail', '--room', 'lobby', '--url', server.address], { env: cliEnvironment(configHome) })
    expect(again.code).toBe(5)
    expect(again.stderr).toBe('lanchat: You were signed out on this device; run lanchat login\n')
  })

  it('should claim the guest name this CLI chats under, keep the user, and print the recovery codes once', async () => {
    const server = await startServer()
    const bob = await connectPerson(server.url, 'Bob')
    await bob.join('lobby')
    const configHome = await temporaryDirectory()
    expect((await runCli([server.address, '--name', 'Ann'], { env: cliEnvironment(configHome), input: 'as a guest\n' })).code).toBe(0)
    const guestId = (await bob.history('lobby')).messages[0]?.from.id

    const claim = await runCli(['claim', '--server', server.address, '--password-stdin'], { env: cliEnvironment(configHome), input: `${PASSWORD}\n` })
    expect(claim.stderr).toBe('')
    expect(claim.code).toBe(0)
    expect(claim.stdout).toMatch(/^Ann is now your account on 127\.0\.0\.1:\d+ ✓/)
    expect(claim.stdout).toContain('Store these now')
    expect(claim.stdout.split('\n').filter((line) => /^ {2}\S+$/.test(line))).toHaveLength(10)

    expect((await runCli([server.address], { env: cliEnvironment(configHome), input: 'as an account\n' })).code).toBe(0)
    const last = (await bob.history('lobby')).messages.at(-1)
    expect(last).toMatchObject({ text: 'as an account', from: { id: guestId, name: 'Ann' } })
    const whoami = await runCli(['whoami', '--server', server.address], { env: cliEnvironment(configHome) })
    expect(whoami.stdout).toMatch(/^You are Ann ✓ \(account\)/)
  })

  it('should print an admin reset link with its QR code, and refuse it to others', async () => {
    const server = await startServer()
    const setup = String(await server.app.lanchat.accountSetupPath()).replace('/#setup=', '')
    await new LanchatAccounts({ url: server.url }).setup(setup, PASSWORD, { name: 'Ada' })
    await mariasAccount(server)
    const ada = await loggedIn(server, 'Ada')

    const link = await runCli(['admin', 'reset-link', 'Maria', '--server', server.address], { env: cliEnvironment(ada) })
    expect(link.code).toBe(0)
    const address = /http:\/\/127\.0\.0\.1:\d+\/#reset=(\S+)/.exec(link.stdout)
    expect(address).not.toBeNull()
    expect(link.stdout).toMatch(/[▀▄█]/)
    // The link works: Maria sets a new password with it.
    const reset = await new LanchatAccounts({ url: server.url }).reset(String(address?.[1]), 'a brand new passphrase')
    expect(reset.account.name).toBe('Maria')

    const maria = await loggedIn(server, 'Maria', 'a brand new passphrase')
    const refused = await runCli(['admin', 'reset-link', 'Ada', '--server', server.address], { env: cliEnvironment(maria) })
    expect(refused.code).toBe(4)
    expect(refused.stderr).toMatch(/^lanchat: not allowed/)
  })

  it('should say when a server has accounts off, and when it is for accounts only', async () => {
    const off = await startServer({ accounts: false })
    const login = await runCli(['login', '--server', off.address, '--name', 'Maria', '--password-stdin'], { env: cliEnvironment(await temporaryDirectory()), input: `${PASSWORD}\n` })
    expect(login.code).toBe(4)
    expect(login.stderr).toMatch(/has no accounts: it runs with accounts off/)

    const only = await startServer({ accounts: { policy: 'accounts-only' } })
    const send = await runCli(['send', '--room', 'lobby', '--url', only.address, '--name', 'Maria', 'hi'], { env: cliEnvironment(await temporaryDirectory()) })
    expect(send.code).toBe(5)
    expect(send.stderr).toMatch(/is for accounts only: sign in first with lanchat login --server 127\.0\.0\.1:\d+/)
  })
})
