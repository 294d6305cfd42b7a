import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRoom,
  cutOffline,
  joinedPerson,
  launchBrowser,
  messages,
  sendMessage,
  startDemo,
  waitForChat,
  waitForMessage,
} from './harness.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('a reload', () => {
  it('should keep the name, the identity and the rooms', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const { code } = await createRoom(alice.page, 'Book club')
    await sendMessage(alice.page, 'before the reload')
    await waitForMessage(alice.page, 'before the reload')
    // Someone else stays, so the room outlives Alice's reload.
    const bob = await joinedPerson(browser, server.origin, 'Bob')
    await bob.page.getByLabel('Join with a code').fill(code)
    await bob.page.getByRole('button', { name: 'Join room' }).click()
    await waitForMessage(bob.page, 'before the reload')

    await alice.page.reload()
    await waitForChat(alice.page)
    // No name screen: straight back into the room she was in, as the same user.
    await alice.page.getByRole('heading', { level: 1, name: 'Book club' }).waitFor()
    expect(await alice.page.locator('.me-value').textContent()).toBe('Alice')
    const mine = await waitForMessage(alice.page, 'before the reload')
    expect(await mine.getAttribute('data-own')).toBe('true')
    await alice.page.locator('.room-button[data-room-id="lobby"]').waitFor()

    await sendMessage(alice.page, 'after the reload')
    const after = await waitForMessage(bob.page, 'after the reload')
    const before = await waitForMessage(bob.page, 'before the reload')
    // Bob sees one Alice: the same user id before and after (so the same name colour), one member entry.
    expect(await after.getAttribute('data-author-id')).toBe(await before.getAttribute('data-author-id'))
    expect(await bob.page.locator('#members-panel .member-name').filter({ hasText: 'Alice' }).count()).toBe(1)
  })
})

describe('a connection cut by the server', () => {
  it('should reconnect, deliver what was missed and send what was typed meanwhile, each exactly once', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await joinedPerson(browser, server.origin, 'Bob')
    await sendMessage(alice.page, 'before the cut')
    await waitForMessage(bob.page, 'before the cut')

    // Bob's is the newest socket the server accepted; he stays offline while both go on writing.
    await cutOffline(server, bob)

    await sendMessage(alice.page, 'during the cut 1')
    await sendMessage(alice.page, 'during the cut 2')
    await waitForMessage(alice.page, 'during the cut 2')
    await sendMessage(bob.page, 'typed while offline')
    // Queued in the SDK's outbox and shown as pending.
    await messages(bob.page, 'typed while offline').and(bob.page.locator('[data-state="pending"]')).waitFor()

    await bob.context.setOffline(false)
    await bob.page.locator('.connection-banner').waitFor({ state: 'detached', timeout: 20_000 })
    await waitForMessage(bob.page, 'during the cut 2')
    await waitForMessage(bob.page, 'typed while offline')
    await waitForMessage(alice.page, 'typed while offline')

    // One more message, then count: a duplicate would have arrived before it.
    await sendMessage(alice.page, 'after the cut')
    await waitForMessage(bob.page, 'after the cut')
    await waitForMessage(alice.page, 'after the cut')
    const expected = ['before the cut', 'during the cut 1', 'during the cut 2', 'typed while offline', 'after the cut']
    for (const person of [alice, bob]) {
      const texts = await person.page.locator('article.message .message-text').allTextContents()
      expect(texts).toEqual(expected)
    }
    expect(await bob.page.locator('article.message[data-state="pending"]').count()).toBe(0)
  })
})

describe('a tab closed while a message was on its way', () => {
  it('should send it on the next visit, exactly once', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await joinedPerson(browser, server.origin, 'Bob')
    await sendMessage(bob.page, 'before the train tunnel')
    await waitForMessage(alice.page, 'before the train tunnel')

    await cutOffline(server, bob)
    await sendMessage(bob.page, 'written in the tunnel')
    await messages(bob.page, 'written in the tunnel').and(bob.page.locator('[data-state="pending"]')).waitFor()
    // Bob closes the tab before the connection came back.
    await bob.page.close()

    await bob.context.setOffline(false)
    const page = await bob.context.newPage()
    await page.goto(`${server.origin}/`)
    await waitForChat(page)
    await waitForMessage(page, 'written in the tunnel')
    await waitForMessage(alice.page, 'written in the tunnel')
    expect(await page.evaluate(() => localStorage.getItem('lanchat.unsent'))).toBeNull()

    // A second visit sends nothing more: the message was forgotten once stored.
    await page.reload()
    await waitForChat(page)
    await sendMessage(alice.page, 'welcome back')
    await waitForMessage(page, 'welcome back')
    const expected = ['before the train tunnel', 'written in the tunnel', 'welcome back']
    for (const view of [alice.page, page]) {
      expect(await view.locator('article.message .message-text').allTextContents()).toEqual(expected)
    }
  })
})

