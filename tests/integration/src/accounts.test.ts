import { describe, expect, it } from 'vitest'
import { LanchatAccountError, LanchatAccounts, type LanchatClient } from '@lanchat/client'
import { MemoryStore, openSqliteStore } from '@lanchat/server'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { connectClient, nextClientEvent, startServer } from './harness.js'

const PASSWORD = 'correct horse battery staple'

/** The accounts API refusal a promise rejects with. */
async function refusal(promise: Promise<unknown>): Promise<LanchatAccountError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  if (!LanchatAccountError.isInstance(error)) throw new Error(`expected a LanchatAccountError, got ${String(error)}`)
  return error
}

function closedWith(client: LanchatClient): Promise<string> {
  return nextClientEvent(client, 'error', () => true, 5_000).then((error) => error.code)
}

async function guestWhoClaims(url: string, name: string) {
  const guest = await connectClient(url, name)
  const accounts = new LanchatAccounts({ url })
  const signedIn = await accounts.claim(guest.session as string, PASSWORD, { device: 'test laptop' })
  return { guest, accounts, signedIn }
}

describe('accounts: claiming a name and signing in', () => {
  it('should keep the user id and history when a guest claims their name, on every device that signs in', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'lanchat-accounts-'))
    onTestFinished(() => rm(directory, { recursive: true, force: true }))
    const store = await openSqliteStore({ path: join(directory, 'chat.db') })
    onTestFinished(() => store.close())
    const { url } = await startServer({ store })

    const { guest, signedIn } = await guestWhoClaims(url, 'Maria')
    await guest.join('lobby')
    await guest.send('lobby', 'before I had an account').acked
    expect(signedIn.account).toMatchObject({ id: guest.user?.id, name: 'Maria', admin: false })
    expect(signedIn.recoveryCodes).toHaveLength(10)

    // A second device: name and password, then the socket carries the session.
    const phone = new LanchatAccounts({ url })
    const { token } = await phone.login('MARIA', PASSWORD, { device: 'phone' })
    const onPhone = await connectClient(url, 'ignored', { token })
    expect(onPhone.user).toEqual({ id: guest.user?.id, name: 'Maria', account: true })
    const joined = await onPhone.join('lobby')
    expect(joined.messages.map((message) => message.text)).toEqual(['before I had an account'])
    expect(joined.members.find((member) => member.id === guest.user?.id)).toMatchObject({ account: true })
    expect((await phone.devices()).map((device) => [device.device, device.current])).toEqual([
      ['test laptop', false],
      ['phone', true],
    ])
  })

  it("should bring an account's rooms, with their newest messages, to a device that signs in for the first time", async () => {
    const { url } = await startServer()
    const { guest } = await guestWhoClaims(url, 'Maria')
    const { room } = await guest.create({ name: 'Study group' })
    await guest.send(room.id, 'notes for Friday').acked
    await guest.join('lobby')

    const { token } = await new LanchatAccounts({ url }).login('Maria', PASSWORD, { device: 'phone' })
    const onPhone = await connectClient(url, 'ignored', { token })
    expect([...onPhone.rooms.keys()].sort()).toEqual(['lobby', room.id].sort())
    expect(onPhone.timeline(room.id)?.snapshot.entries).toMatchObject([{ kind: 'message', message: { text: 'notes for Friday' } }])
    expect(onPhone.rooms.get(room.id)?.members.find((member) => member.id === guest.user?.id)).toMatchObject({ account: true })

  })

  it('should refuse a guest the name of an account, however it is spelled', async () => {
    const { url } = await startServer()
    await guestWhoClaims(url, 'Maria')
    for (const lookAlike of ['maria', 'M a r i a', 'Mаria' /* Cyrillic а */, 'MAR1A']) {
      await expect(connectClient(url, lookAlike)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/belongs to an account/) })
    }
    const pete = await connectClient(url, 'Pete')
    await expect(pete.setName('Maria')).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect((await connectClient(url, 'Marianne')).user?.name).toBe('Marianne')
  })

  it('should give one answer, from one hash, to a wrong password and an unknown name', async () => {
    const { url } = await startServer()
    await guestWhoClaims(url, 'Maria')
    const accounts = new LanchatAccounts({ url })
    const wrong = await refusal(accounts.login('Maria', 'not the password'))
    const unknown = await refusal(accounts.login('Nobody', 'not the password'))
    expect([wrong.status, wrong.code, wrong.message]).toEqual([unknown.status, unknown.code, unknown.message])
    expect(wrong).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' })
  })

  it('should slow down guessing per name, and say how long to wait', async () => {
    const { url } = await startServer()
    await guestWhoClaims(url, 'Maria')
    const attacker = new LanchatAccounts({ url })
    const codes: string[] = []
    for (let attempt = 0; attempt < 12; attempt++) codes.push((await refusal(attacker.login('Maria', `guess ${attempt}`))).code)
    expect(codes.slice(0, 10).every((code) => code === 'INVALID_CREDENTIALS')).toBe(true)
    const throttled = await refusal(attacker.login('Maria', PASSWORD))
    expect(throttled).toMatchObject({ status: 429, code: 'RATE_LIMITED' })
    expect(throttled.retryAfterMs).toBeGreaterThan(0)
    expect(throttled.retryAfterMs).toBeLessThanOrEqual(60_000)
  })

  it('should refuse hostile input: huge or short passwords, forged tokens, malformed bodies', async () => {
    const { url, port } = await startServer()
    const { guest, accounts } = await guestWhoClaims(url, 'Maria')
    expect(await refusal(accounts.login('Maria', 'x'.repeat(100_000)))).toMatchObject({ status: 400, code: 'BAD_REQUEST' })
    const other = await connectClient(url, 'Pete')
    expect(await refusal(new LanchatAccounts({ url }).claim(other.session as string, 'short'))).toMatchObject({ code: 'WEAK_PASSWORD' })
    expect(await refusal(new LanchatAccounts({ url, token: 'forged-token-forged-token-forged' }).me())).toMatchObject({ status: 401 })
    expect(await refusal(new LanchatAccounts({ url }).redeemDeviceLink('A'.repeat(43)))).toMatchObject({ code: 'INVALID_TOKEN' })
    expect(await refusal(new LanchatAccounts({ url }).claim(guest.session as string, PASSWORD))).toMatchObject({ code: 'ALREADY_CLAIMED' })
    const raw = await fetch(`http://127.0.0.1:${port}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":1}' })
    expect(raw.status).toBe(400)
    // A forged bearer token on the socket is refused, not let in as a guest.
    const forged = connectClient(url, 'Mallory', { token: 'forged-token-forged-token-forged', reconnect: false })
    await expect(forged).rejects.toMatchObject({ code: 'CONNECTION_FAILED' })
  })
})

describe('accounts: devices, passwords and recovery', () => {
  it('should close the sockets of a session that signs out, and only those', async () => {
    const { url } = await startServer()
    const { accounts: laptop } = await guestWhoClaims(url, 'Maria')
    const phone = new LanchatAccounts({ url })
    await phone.login('Maria', PASSWORD)
    const onLaptop = await connectClient(url, 'Maria', { token: laptop.token })
    const onPhone = await connectClient(url, 'Maria', { token: phone.token })
    const laptopClosed = closedWith(onLaptop)
    await laptop.logout()
    expect(await laptopClosed).toBe('SIGNED_OUT')
    expect(onLaptop.state).toBe('closed')
    await onPhone.request('ping', {})
    expect(onPhone.state).toBe('open')
  })

  it('should sign every other device out when the password changes', async () => {
    const { url } = await startServer()
    const { accounts: laptop } = await guestWhoClaims(url, 'Maria')
    const phone = new LanchatAccounts({ url })
    await phone.login('Maria', PASSWORD)
    const onPhone = await connectClient(url, 'Maria', { token: phone.token })
    const onLaptop = await connectClient(url, 'Maria', { token: laptop.token })
    const phoneClosed = closedWith(onPhone)
    await laptop.changePassword(PASSWORD, 'a brand new passphrase')
    expect(await phoneClosed).toBe('SIGNED_OUT')
    expect(await refusal(phone.me())).toMatchObject({ status: 401 })
    expect(await refusal(new LanchatAccounts({ url }).login('Maria', PASSWORD))).toMatchObject({ code: 'INVALID_CREDENTIALS' })
    await new LanchatAccounts({ url }).login('Maria', 'a brand new passphrase')
    expect(onLaptop.state).toBe('open')
  })

  it('should sign a device in with a one-time link', async () => {
    const { url } = await startServer()
    const { accounts, signedIn } = await guestWhoClaims(url, 'Maria')
    const link = await accounts.createDeviceLink()
    expect(link.path).toBe(`/#link=${link.token}`)
    const phone = new LanchatAccounts({ url })
    expect((await phone.redeemDeviceLink(link.token, { device: 'phone' })).account.id).toBe(signedIn.account.id)
    expect(await refusal(new LanchatAccounts({ url }).redeemDeviceLink(link.token))).toMatchObject({ code: 'INVALID_TOKEN' })
  })

  it('should let a recovery code set a new password once', async () => {
    const { url } = await startServer()
    const { signedIn } = await guestWhoClaims(url, 'Maria')
    const code = (signedIn.recoveryCodes as string[])[3] as string
    const recovered = await new LanchatAccounts({ url }).recover('maria', code.toUpperCase(), 'remembered nothing at all')
    expect(recovered.account.id).toBe(signedIn.account.id)
    expect(await refusal(new LanchatAccounts({ url }).recover('Maria', code, 'another new password'))).toMatchObject({ code: 'INVALID_TOKEN' })
    await new LanchatAccounts({ url }).login('Maria', 'remembered nothing at all')
  })
})

describe('accounts: the first admin and admin actions', () => {
  it('should make the first admin from the setup link, who issues a single-use reset link', async () => {
    const store = new MemoryStore()
    const { url, app } = await startServer({ store })
    const setupPath = await app.lanchat.accountSetupPath()
    expect(setupPath).toMatch(/^\/#setup=[A-Za-z0-9_-]{43}$/)
    const setupToken = (setupPath as string).slice('/#setup='.length)
    const admin = new LanchatAccounts({ url })
    expect((await admin.policy()).hasAdmin).toBe(false)
    const created = await admin.setup(setupToken, PASSWORD, { name: 'Ada' })
    expect(created.account).toMatchObject({ name: 'Ada', admin: true })
    expect(await app.lanchat.accountSetupPath()).toBeUndefined()
    expect(await refusal(new LanchatAccounts({ url }).setup(setupToken, PASSWORD, { name: 'Eve' }))).toMatchObject({ code: 'INVALID_TOKEN' })

    const { accounts: maria, signedIn } = await guestWhoClaims(url, 'Maria')
    expect(await refusal(maria.issueResetLink('Ada'))).toMatchObject({ status: 403, code: 'FORBIDDEN' })
    const onMaria = await connectClient(url, 'Maria', { token: maria.token })
    const mariaClosed = closedWith(onMaria)
    const link = await admin.issueResetLink('maria')
    const reset = await new LanchatAccounts({ url }).reset(link.token, 'set by the reset link')
    expect(reset.account.id).toBe(signedIn.account.id)
    expect(await mariaClosed).toBe('SIGNED_OUT')
    expect(await refusal(new LanchatAccounts({ url }).reset(link.token, 'and again, reused'))).toMatchObject({ code: 'INVALID_TOKEN' })

    expect((await admin.setDisabled('Maria', true)).disabled).toBe(true)
    expect(await refusal(new LanchatAccounts({ url }).login('Maria', 'set by the reset link'))).toMatchObject({ code: 'INVALID_CREDENTIALS' })
    expect((await admin.listAccounts()).map((account) => account.name)).toEqual(['Ada', 'Maria'])
    await admin.deleteAccount('Maria')
    expect((await connectClient(url, 'Maria')).user?.name).toBe('Maria')
  })

  it('should refuse guests under accounts-only, and run without accounts when they are off', async () => {
    const only = await startServer({ accounts: { policy: 'accounts-only' } })
    await expect(connectClient(only.url, 'Guest', { reconnect: false })).rejects.toMatchObject({ code: 'CONNECTION_FAILED' })
    expect((await new LanchatAccounts({ url: only.url }).policy()).policy).toBe('accounts-only')

    const off = await startServer({ accounts: false })
    const guest = await connectClient(off.url, 'Maria')
    expect(guest.features.has('accounts')).toBe(false)
    expect(await refusal(new LanchatAccounts({ url: off.url }).policy())).toMatchObject({ status: 404 })
  })
})
