import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './axe.js'
import { createRoom, cutOffline, enterChat, joinedPerson, launchBrowser, newPerson, sendMessage, startDemo, waitForMessage, type Person } from './harness.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

interface Shown {
  title: string
  body: string | undefined
  tag: string | undefined
}

/**
 * Before any script of the page: records every Notification the page makes (and keeps it, so a test can click it),
 * and lets the test hide or show the tab as switching to another one would.
 */
function watchNotifications(): void {
  const shown: Array<{ title: string; body: string | undefined; tag: string | undefined }> = []
  const made: Notification[] = []
  const Original = window.Notification
  window.Notification = class extends Original {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options)
      shown.push({ title, body: options?.body, tag: options?.tag })
      made.push(this)
    }
  }
  let hidden = false
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') })
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
  Object.assign(window, {
    shownNotifications: shown,
    madeNotifications: made,
    setTabHidden: (value: boolean) => {
      hidden = value
      document.dispatchEvent(new Event('visibilitychange'))
    },
  })
}

async function shown(page: Page): Promise<Shown[]> {
  return page.evaluate(() => (window as unknown as { shownNotifications: Shown[] }).shownNotifications)
}

async function setTabHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((value) => (window as unknown as { setTabHidden: (value: boolean) => void }).setTabHidden(value), hidden)
}

async function waitForTitle(page: Page, title: string): Promise<void> {
  await page.waitForFunction((expected) => document.title === expected, title)
}

/** A person with notification permission granted and turned on in the settings, the Notification API watched. */
async function notifiedPerson(origin: string, name: string): Promise<Person> {
  const person = await newPerson(browser, name, { axe: true })
  await person.context.grantPermissions(['notifications'], { origin })
  await person.context.addInitScript(watchNotifications)
  await enterChat(person, `${origin}/`)
  await person.page.getByRole('button', { name: 'Settings' }).click()
  const toggle = person.page.getByRole('switch', { name: 'Notifications' })
  await toggle.check()
  expect(await toggle.isChecked()).toBe(true)
  await expectAccessible(person.page, 'the settings with notifications on')
  await person.page.keyboard.press('Escape')
  return person
}

/** Sets the notification level of the room shown, through its menu. */
async function setLevel(page: Page, level: 'All messages' | 'Mentions' | 'Nothing'): Promise<void> {
  await page.getByRole('button', { name: 'Room menu' }).click()
  await page.getByRole('radio', { name: new RegExp(`^${level}`) }).click()
  await page.locator('.popover').waitFor({ state: 'detached' })
}

describe('notifications', () => {
  it('should notify a mention while the tab is hidden, not a plain message in a room set to mentions, and count both in the title', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await notifiedPerson(server.origin, 'Bob')
    await setTabHidden(bob.page, true)

    // The lobby notifies on mentions: a plain message is only counted.
    await sendMessage(alice.page, 'Lunch is ready')
    await waitForTitle(bob.page, '(1) Lobby · lanchat')
    expect(await shown(bob.page)).toEqual([])
    expect(await bob.page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/png;base64,/)

    await sendMessage(alice.page, '@bob are you coming?')
    await waitForTitle(bob.page, '(2 · @1) Lobby · lanchat')
    expect(await shown(bob.page)).toEqual([{ title: 'Alice mentioned you in Lobby', body: '@bob are you coming?', tag: 'lobby' }])
    await bob.page.locator('.room-button[data-room-id="lobby"] .mention-badge', { hasText: '@1' }).waitFor()

    // Back to the tab: everything counts as read, the title and icon are plain again, the mention is highlighted.
    await setTabHidden(bob.page, false)
    await waitForTitle(bob.page, 'Lobby · lanchat')
    expect(await bob.page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg')
    const mention = (await waitForMessage(bob.page, '@bob are you coming?')).locator('mark.mention')
    expect(await mention.textContent()).toBe('@bob')
    expect(await bob.page.locator('article.message.mentions-me').count()).toBe(1)
    await expectAccessible(bob.page, 'a message that mentions you')
    expect(bob.pageErrors).toEqual([])
  })

  it('should notify every message in a room set to all, and none in a room set to nothing', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await notifiedPerson(server.origin, 'Bob')

    await setLevel(bob.page, 'All messages')
    await setTabHidden(bob.page, true)
    await sendMessage(alice.page, 'Anyone here?')
    await waitForTitle(bob.page, '(1) Lobby · lanchat')
    expect(await shown(bob.page)).toEqual([{ title: 'Alice in Lobby', body: 'Anyone here?', tag: 'lobby' }])

    await setTabHidden(bob.page, false)
    await waitForTitle(bob.page, 'Lobby · lanchat')
    await setLevel(bob.page, 'Nothing')
    await setTabHidden(bob.page, true)
    await sendMessage(alice.page, 'Still nobody?')
    await sendMessage(alice.page, '@Bob hello?')
    await waitForTitle(bob.page, '(2) Lobby · lanchat')
    expect(await shown(bob.page)).toHaveLength(1)
  })

  it('should open the room of a notification that is clicked', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await notifiedPerson(server.origin, 'Bob')
    await createRoom(bob.page, 'Side room')
    await bob.page.getByRole('heading', { level: 1, name: 'Side room' }).waitFor({ state: 'attached' })
    await setTabHidden(bob.page, true)

    await sendMessage(alice.page, 'Over here @Bob')
    await bob.page.waitForFunction(() => (window as unknown as { madeNotifications: unknown[] }).madeNotifications.length === 1)
    await bob.page.evaluate(() => {
      const [notification] = (window as unknown as { madeNotifications: Notification[] }).madeNotifications
      notification?.dispatchEvent(new Event('click'))
    })
    await bob.page.getByRole('heading', { level: 1, name: 'Lobby' }).waitFor({ state: 'attached' })
  })

  it('should not notify what a resume replays after a reconnect', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await notifiedPerson(server.origin, 'Bob')
    await setTabHidden(bob.page, true)

    await cutOffline(server, bob)
    await sendMessage(alice.page, '@Bob while you were away')
    await waitForMessage(alice.page, '@Bob while you were away')
    await bob.context.setOffline(false)
    await bob.page.locator('.connection-banner').waitFor({ state: 'detached', timeout: 20_000 })
    await waitForMessage(bob.page, '@Bob while you were away')
    // A live one after it does notify: the replay was not dropped for another reason.
    await sendMessage(alice.page, '@Bob and now?')
    await waitForMessage(bob.page, '@Bob and now?')
    expect((await shown(bob.page)).map((notification) => notification.body)).toEqual(['@Bob and now?'])
  })
})

describe('mentions in the composer', () => {
  it('should suggest members after @, by keyboard and pointer, insert @Name, and highlight it for the one named', async () => {
    const server = await startDemo()
    const maria = await joinedPerson(browser, server.origin, 'Maria')
    await joinedPerson(browser, server.origin, 'Mateo')
    const bob = await joinedPerson(browser, server.origin, 'Bob', { axe: true })
    const field = bob.page.locator('#composer-input')
    const list = bob.page.getByRole('listbox', { name: 'People to mention' })

    await field.pressSequentially('hi @ma')
    await list.waitFor()
    expect(await list.getByRole('option').allTextContents()).toEqual(['@Maria', '@Mateo'])
    expect(await field.getAttribute('aria-controls')).toBe(await list.getAttribute('id'))
    expect(await field.getAttribute('aria-activedescendant')).toBe(await list.getByRole('option', { name: '@Maria' }).getAttribute('id'))
    await expectAccessible(bob.page, 'the mention suggestions')

    // Down to Mateo, up again to Maria, Enter picks her (and does not send).
    await field.press('ArrowDown')
    expect(await list.getByRole('option', { name: '@Mateo' }).getAttribute('aria-selected')).toBe('true')
    await field.press('ArrowUp')
    await field.press('Enter')
    await list.waitFor({ state: 'detached' })
    expect(await field.inputValue()).toBe('hi @Maria ')

    // Escape closes the suggestions and leaves the text; a click on a suggestion picks it.
    await field.pressSequentially('and @m')
    await list.waitFor()
    await field.press('Escape')
    await list.waitFor({ state: 'detached' })
    expect(await field.inputValue()).toBe('hi @Maria and @m')
    await field.press('Backspace')
    await field.pressSequentially('m')
    await list.getByRole('option', { name: '@Mateo' }).click()
    expect(await field.inputValue()).toBe('hi @Maria and @Mateo ')
    await field.press('Enter')

    // Sent as typed, with the space the completion put after the name.
    const message = maria.page.locator('article.message[data-state="sent"]', { hasText: 'hi @Maria and @Mateo' })
    await message.waitFor()
    expect(await message.locator('mark.mention').allTextContents()).toEqual(['@Maria'])
    expect(bob.pageErrors).toEqual([])
  })
})
