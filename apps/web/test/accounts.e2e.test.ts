import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { LanchatAccounts } from '@lanchat/client'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './axe.js'
import {
  createRoom,
  enterChat,
  ensureScreenshotDirectory,
  launchBrowser,
  newPerson,
  PASSWORD,
  PHONE,
  protectName,
  sendMessage,
  startDemo,
  waitForChat,
  waitForMessage,
  type Person,
} from './harness.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** A guest who entered the chat and protected their name. */
async function personWithAccount(origin: string, name: string, options: Parameters<typeof newPerson>[2] = {}): Promise<Person> {
  const person = await newPerson(browser, name, options)
  await enterChat(person, `${origin}/`)
  await protectName(person)
  return person
}

/** The name screen's "Sign in", then name and password. */
async function signIn(person: Person, origin: string, name: string, password = PASSWORD): Promise<void> {
  await person.page.goto(`${origin}/`)
  await person.page.getByRole('button', { name: 'Sign in' }).click()
  await person.page.getByLabel('Name', { exact: true }).fill(name)
  await person.page.getByLabel('Password', { exact: true }).fill(password)
  await person.page.getByRole('form', { name: 'Sign in' }).getByRole('button', { name: 'Sign in' }).click()
}

async function openAccount(person: Person) {
  const { page } = person
  const openSidebar = page.locator('.menu-button')
  if (await openSidebar.isVisible()) await openSidebar.click()
  await page.getByRole('button', { name: 'Your account' }).click()
  const dialog = page.getByRole('dialog', { name: 'Your account' })
  await dialog.waitFor()
  return dialog
}

describe('accounts in the web app', () => {
  it('should let a guest protect their name, store the recovery codes, and sign in from a fresh browser with the same history', async () => {
    const server = await startDemo()
    const maria = await newPerson(browser, 'Maria', { axe: true })
    await maria.page.goto(`${server.origin}/`)
    await maria.page.getByLabel('Your name').waitFor()
    await expectAccessible(maria.page, 'the name screen')
    await maria.page.getByLabel('Your name').fill('Maria')
    await maria.page.getByRole('button', { name: 'Continue as guest' }).click()
    await waitForChat(maria.page)
    await sendMessage(maria.page, 'before I had an account')
    await waitForMessage(maria.page, 'before I had an account')
    const { code } = await createRoom(maria.page, 'Study group')
    await sendMessage(maria.page, 'notes for Friday')
    await waitForMessage(maria.page, 'notes for Friday')
    await maria.page.locator('.room-button[data-room-id="lobby"]').click()

    const downloads: string[] = []
    const codes = await protectName(maria, {
      check: async (dialog) => {
        await expectAccessible(maria.page, 'the recovery codes')
        await maria.page.screenshot({ path: join(ensureScreenshotDirectory(), 'web-recovery-codes.png') })
        expect(await dialog.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true)
        const download = maria.page.waitForEvent('download')
        await dialog.getByRole('button', { name: 'Download as text' }).click()
        const file = await (await download).path()
        downloads.push(readFileSync(file, 'utf8'))
      },
    })
    expect(codes).toHaveLength(10)
    expect(downloads[0]).toContain(`lanchat recovery codes for Maria on ${server.origin}`)
    for (const code of codes) expect(downloads[0]).toContain(code)
    // Her own entry in the member list carries the account mark.
    await maria.page.locator('#members-panel .member', { hasText: 'Maria' }).getByRole('img', { name: 'account' }).waitFor()

    // Another browser: a wrong password is said plainly (and announced), the right one brings the same history.
    const phone = await newPerson(browser, 'Maria on her phone', { viewport: PHONE, axe: true })
    await signIn(phone, server.origin, 'maria', 'not my password')
    await phone.page.getByRole('alert').getByText('Wrong name or password.').waitFor()
    await expectAccessible(phone.page, 'the sign-in form with an error')
    await phone.page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await phone.page.getByRole('form', { name: 'Sign in' }).getByRole('button', { name: 'Sign in' }).click()
    await waitForChat(phone.page)
    await waitForMessage(phone.page, 'before I had an account')
    // Her rooms came with her: the code room she made on the laptop is on the phone, with its messages.
    await phone.page.locator(`.room-button[data-room-id="${code.toLowerCase()}"]`).waitFor({ state: 'attached' })
    await phone.page.locator('.me-value', { hasText: 'Maria' }).waitFor({ state: 'attached' })
    expect(await phone.page.locator('.me-label').textContent()).toBe('Signed in as')

    // The same person on both: her message from the phone is her own on the laptop.
    await sendMessage(phone.page, 'now on my phone')
    const onLaptop = await waitForMessage(maria.page, 'now on my phone')
    expect(await onLaptop.getAttribute('data-own')).toBe('true')
    expect([...maria.pageErrors, ...phone.pageErrors, ...maria.dialogs]).toEqual([])
  })

  it('should link a device with a one-time link, and sign it out from the device list', async () => {
    const server = await startDemo()
    const maria = await personWithAccount(server.origin, 'Maria', { axe: true })
    let account = await openAccount(maria)
    await account.getByRole('button', { name: 'Make a device link' }).click()
    const link = await account.getByLabel('Device link').inputValue()
    expect(link).toMatch(new RegExp(`^${server.origin}/#link=[A-Za-z0-9_-]{16,}$`))
    await account.getByRole('img', { name: `QR code of the link ${link}` }).waitFor()
    expect(await account.getByTestId('link-expiry').textContent()).toMatch(/^Works once, for [45]:\d\d more\.$/)
    await expectAccessible(maria.page, 'the account dialog')
    await maria.page.screenshot({ path: join(ensureScreenshotDirectory(), 'web-account.png') })

    const tablet = await newPerson(browser, 'Maria on a tablet')
    await tablet.page.goto(link)
    await waitForChat(tablet.page)
    await tablet.page.locator('.me-value', { hasText: 'Maria' }).waitFor()
    // The one-time secret leaves the address bar.
    expect(new URL(tablet.page.url()).hash).toBe('')

    // Used once, it is spent.
    const stranger = await newPerson(browser, 'Someone else')
    await stranger.page.goto(link)
    await stranger.page.getByRole('alert').getByText(/That link was used already/).waitFor()

    // The device list marks this device and signs the tablet out: its socket closes at once.
    await maria.page.keyboard.press('Escape')
    account = await openAccount(maria)
    const devices = account.locator('.device')
    await expect.poll(() => devices.count()).toBe(2)
    await account.locator('.device[data-current="true"]').getByText('This device').waitFor()
    await account.locator('.device[data-current="false"]').getByText(/^Last seen /).waitFor()
    await account.locator('.device[data-current="false"]').getByRole('button', { name: /^Sign out / }).click()
    await tablet.page.getByRole('heading', { name: 'You were signed out on this device' }).waitFor()
    await expect.poll(() => devices.count()).toBe(1)

    // Signing in again there brings the chat back.
    await tablet.page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await tablet.page.getByRole('button', { name: 'Sign in again' }).click()
    await waitForChat(tablet.page)
  })

  it('should make the first admin from the setup link, and let them reset a password, make admins, disable and delete', async () => {
    const server = await startDemo()
    const setupPath = await server.app.lanchat.accountSetupPath()
    expect(setupPath).toMatch(/^\/#setup=/)
    const ada = await newPerson(browser, 'Ada', { axe: true })
    await ada.page.goto(`${server.origin}${setupPath}`)
    await ada.page.getByRole('heading', { name: 'Make the first admin of this server' }).waitFor()
    await expectAccessible(ada.page, 'the setup screen')
    await ada.page.getByLabel('Admin name').fill('Ada')
    await ada.page.getByLabel('New password', { exact: true }).fill(PASSWORD)
    await ada.page.getByLabel('New password again').fill(PASSWORD)
    await ada.page.getByRole('button', { name: 'Make the admin account' }).click()
    await waitForChat(ada.page)

    const maria = await personWithAccount(server.origin, 'Maria')
    const account = await openAccount(ada)
    await account.getByRole('button', { name: 'Manage accounts' }).click()
    const admin = ada.page.getByRole('dialog', { name: 'Accounts on this server' })
    const row = admin.locator('[data-account="Maria"]')
    await row.getByRole('button', { name: 'Reset link' }).click()
    const link = await admin.getByRole('textbox', { name: 'Reset link' }).inputValue()
    expect(link).toMatch(new RegExp(`^${server.origin}/#reset=`))
    expect(await admin.getByTestId('link-expiry').textContent()).toMatch(/^Works once, until /)
    await expectAccessible(ada.page, 'the admin panel')
    await ada.page.screenshot({ path: join(ensureScreenshotDirectory(), 'web-admin.png') })

    // Maria forgot her password: the reset link, in a fresh browser, sets a new one and signs her devices out.
    const again = await newPerson(browser, 'Maria again', { axe: true })
    await again.page.goto(link)
    await again.page.getByRole('heading', { name: 'Choose a new password' }).waitFor()
    await expectAccessible(again.page, 'the reset screen')
    await again.page.getByLabel('New password', { exact: true }).fill('a new long passphrase')
    await again.page.getByLabel('New password again').fill('a new long passphrase')
    await again.page.getByRole('button', { name: 'Set the password and sign in' }).click()
    await waitForChat(again.page)
    await maria.page.getByRole('heading', { name: 'You were signed out on this device' }).waitFor()

    await row.getByRole('button', { name: 'Make admin' }).click()
    await row.getByText('admin', { exact: true }).waitFor()
    await row.getByRole('button', { name: 'Disable' }).click()
    await admin.getByText('Maria is disabled and signed out everywhere.').waitFor()
    await again.page.getByRole('heading', { name: 'You were signed out on this device' }).waitFor()
    await row.getByRole('button', { name: 'Enable' }).click()
    await row.getByRole('button', { name: 'Delete' }).click()
    await row.getByText('Delete the account of Maria?').waitFor()
    await row.getByRole('button', { name: 'Delete account' }).click()
    await admin.getByText('The account of Maria is deleted.').waitFor()
    await row.waitFor({ state: 'detached' })
  })

  it('should refuse a guest the name of an account, saying whose it is and what to do (in the dark theme)', async () => {
    const server = await startDemo()
    const maria = await personWithAccount(server.origin, 'Maria', { colorScheme: 'dark', axe: true })
    const bob = await newPerson(browser, 'Bob', { colorScheme: 'dark', axe: true })
    await bob.page.goto(`${server.origin}/`)
    await bob.page.getByLabel('Your name').fill('MARIA')
    await bob.page.getByRole('button', { name: 'Continue as guest' }).click()
    await bob.page.getByRole('alert').getByText('The name "MARIA" belongs to an account here; sign in to use it, or pick another.').waitFor()
    await expectAccessible(bob.page, 'the name screen with a refusal, dark')

    // Bob as himself: in the member list Maria carries the account mark, Bob is read as a guest.
    await bob.page.getByLabel('Your name').fill('Bob')
    await bob.page.getByRole('button', { name: 'Continue as guest' }).click()
    await waitForChat(bob.page)
    const members = bob.page.locator('#members-panel')
    await members.locator('.member', { hasText: 'Maria' }).getByRole('img', { name: 'account' }).waitFor()
    expect(await members.locator('.member', { hasText: 'Bob' }).textContent()).toContain('(guest)')
    await sendMessage(maria.page, 'hello from an account')
    const message = await waitForMessage(bob.page, 'hello from an account')
    expect(await message.getAttribute('aria-label')).toBe('Maria, account')
    await expectAccessible(bob.page, 'the chat with account marks, dark')
    await openAccount(maria)
    await expectAccessible(maria.page, 'the account dialog, dark')
  })

  it('should offer only sign-in on a server for accounts only, and say when to wait after too many attempts', async () => {
    const server = await startDemo({ accounts: { policy: 'accounts-only' } })
    const person = await newPerson(browser, 'Visitor', { viewport: PHONE, axe: true })
    await person.page.goto(`${server.origin}/`)
    await person.page.getByText('Only people with an account chat on this server.').waitFor()
    await person.page.getByText('No account yet? Ask an admin of this server').waitFor()
    await person.page.getByText('Forgot your password? Ask an admin of this server for a reset link.').waitFor()
    expect(await person.page.getByRole('button', { name: /guest/ }).count()).toBe(0)
    expect(await person.page.getByLabel('Your name').count()).toBe(0)
    await expectAccessible(person.page, 'the sign-in screen of an accounts-only server')
    await person.page.screenshot({ path: join(ensureScreenshotDirectory(), 'web-sign-in.png') })

    // Guessing is slowed per name: after ten wrong passwords the form says how long to wait.
    const guesser = new LanchatAccounts({ url: `ws://127.0.0.1:${server.port}/ws` })
    for (let attempt = 0; attempt < 10; attempt++) await guesser.login('Maria', `guess ${attempt}`).catch(() => undefined)
    await person.page.getByLabel('Name', { exact: true }).fill('Maria')
    await person.page.getByLabel('Password', { exact: true }).fill('one more guess')
    await person.page.getByRole('form', { name: 'Sign in' }).getByRole('button', { name: 'Sign in' }).click()
    await person.page.getByRole('alert').getByText(/^Too many attempts\. Wait (\d+ seconds|1 minute), then try again\.$/).waitFor()

    // "Use a recovery code" asks for the name, a code and a new password.
    await person.page.getByRole('button', { name: 'Use a recovery code' }).click()
    await person.page.getByRole('textbox', { name: 'Recovery code' }).waitFor()
    await person.page.getByLabel('New password again').waitFor()
  })
})
