import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './axe.js'
import {
  createRoom,
  DESKTOP,
  enterChat,
  ensureScreenshotDirectory,
  joinedPerson,
  launchBrowser,
  newPerson,
  PHONE,
  sendMessage,
  startDemo,
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

async function say(person: Person, text: string, everyone: Person[]): Promise<void> {
  await sendMessage(person.page, text)
  for (const other of everyone) await waitForMessage(other.page, text)
}

describe('the layout', () => {
  it('should fit a phone and a desktop, and write the README screenshots', async () => {
    const server = await startDemo()
    const maria = await joinedPerson(browser, server.origin, 'Maria', { viewport: DESKTOP, axe: true })
    const { link } = await createRoom(maria.page, 'Weekend hike')
    const pete = await newPerson(browser, 'Pete', { viewport: PHONE, axe: true })
    await enterChat(pete, link)
    const sam = await newPerson(browser, 'Sam')
    await enterChat(sam, link)
    const everyone = [maria, pete, sam]

    await say(maria, 'Morning! Who is in for the ridge trail on Saturday?', everyone)
    await say(pete, 'Me! What time do we leave?', everyone)
    await say(maria, 'Meet at the station at 8:30.\nBring water and a warm layer, it gets windy up there.', everyone)
    await say(sam, 'Count me in. Route and forecast: https://example.com/ridge-trail', everyone)
    await say(pete, 'Perfect, see you at 8:30', everyone)
    await say(maria, 'See you all there!', everyone)
    await sam.page.locator('#composer-input').pressSequentially('I can bring sna')
    await maria.page.getByTestId('typing-indicator').filter({ hasText: 'Sam is typing' }).waitFor()
    await pete.page.getByTestId('typing-indicator').filter({ hasText: 'Sam is typing' }).waitFor()

    // Desktop: room list, conversation and member list side by side.
    expect(await maria.page.locator('.sidebar').isVisible()).toBe(true)
    expect(await maria.page.locator('#members-panel').isVisible()).toBe(true)
    expect(await maria.page.locator('.menu-button').isVisible()).toBe(false)

    // Phone: the room list hides behind the menu button; Esc closes it again.
    expect(await pete.page.locator('.sidebar').isVisible()).toBe(false)
    expect(await pete.page.locator('#members-panel').count()).toBe(0)
    const noHorizontalScroll = () => document.documentElement.scrollWidth <= window.innerWidth
    expect(await pete.page.evaluate(noHorizontalScroll)).toBe(true)

    const directory = ensureScreenshotDirectory()
    await maria.page.mouse.move(0, 0)
    await maria.page.screenshot({ path: join(directory, 'web-desktop.png') })
    await pete.page.screenshot({ path: join(directory, 'web-phone.png') })

    // WCAG 2.1 A and AA (axe-core), colour contrast included, on both sizes; then with the room list open.
    await expectAccessible(maria.page, 'the chat on a desktop')
    await expectAccessible(pete.page, 'the chat on a phone')

    await pete.page.getByRole('button', { name: 'Rooms' }).click()
    await pete.page.locator('.sidebar').waitFor({ state: 'visible' })
    await expectAccessible(pete.page, 'the room list on a phone')
    await pete.page.keyboard.press('Escape')
    await pete.page.locator('.sidebar').waitFor({ state: 'hidden' })
  })

  it('should be usable with the keyboard alone: Enter sends, Shift+Enter adds a line, Esc closes dialogs', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const field = alice.page.locator('#composer-input')
    await field.focus()
    await alice.page.keyboard.type('first line')
    await alice.page.keyboard.press('Shift+Enter')
    await alice.page.keyboard.type('second line')
    expect(await field.inputValue()).toBe('first line\nsecond line')
    await alice.page.keyboard.press('Enter')
    await waitForMessage(alice.page, 'first line\nsecond line')
    expect(await field.inputValue()).toBe('')

    await alice.page.getByRole('button', { name: 'Settings' }).click()
    const dialog = alice.page.getByRole('dialog', { name: 'Settings' })
    await dialog.waitFor()
    // Every control in the dialog has a name a screen reader can say.
    for (const control of await dialog.locator('input').all()) {
      expect(await control.evaluate((element) => (element as HTMLInputElement).labels?.length ?? 0)).toBeGreaterThan(0)
    }
    await alice.page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })

  it('should rename a person everywhere and remember the new name', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await joinedPerson(browser, server.origin, 'Bob')
    await alice.page.getByRole('button', { name: 'Settings' }).click()
    const name = alice.page.getByRole('dialog', { name: 'Settings' }).getByLabel('Your name')
    await name.fill('Alicia')
    await name.press('Enter')
    await alice.page.getByText('Saved. Everyone now sees your new name.').waitFor()
    await bob.page.locator('.notice', { hasText: 'Alice is now called Alicia' }).waitFor()
    await bob.page.locator('#members-panel .member-name').filter({ hasText: 'Alicia' }).waitFor()
    await alice.page.keyboard.press('Escape')
    await alice.page.reload()
    await alice.page.locator('.me-value', { hasText: 'Alicia' }).waitFor()
  })
})
