import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cutOffline, joinedPerson, launchBrowser, sendMessage, startDemo, waitForMessage } from './harness.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('messages missed while away', () => {
  it('should show more than a resume replays as a gap, and load them in order with its button', async () => {
    // A resume replays at most 5 messages; past that the server sends the newest 10 and the rest is a gap.
    const server = await startDemo({ maxResumeMessages: 5, joinHistory: 10 })
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    for (let index = 1; index <= 3; index++) await server.app.lanchat.post('lobby', `before ${index}`, { name: 'Archive' })
    await waitForMessage(alice.page, 'before 3')

    await cutOffline(server, alice)
    const away = 40
    for (let index = 1; index <= away; index++) await server.app.lanchat.post('lobby', `away ${index}`, { name: 'Archive' })
    await alice.context.setOffline(false)
    await alice.page.locator('.connection-banner').waitFor({ state: 'detached', timeout: 20_000 })
    await waitForMessage(alice.page, `away ${away}`)

    // Between what she had and the newest page: one gap, saying how many messages it stands for.
    const gap = alice.page.getByTestId('timeline-gap')
    const load = gap.getByRole('button', { name: `Load ${away - 10} missed messages` })
    await load.waitFor()
    expect(await alice.page.getByTestId('timeline-gap').count()).toBe(1)
    const before = await alice.page.locator('article.message .message-text').allTextContents()
    expect(before).toEqual([
      'before 1',
      'before 2',
      'before 3',
      ...Array.from({ length: 10 }, (_, index) => `away ${away - 9 + index}`),
    ])

    await load.click()
    await gap.waitFor({ state: 'detached' })
    const texts = await alice.page.locator('article.message .message-text').allTextContents()
    expect(texts).toEqual([
      'before 1',
      'before 2',
      'before 3',
      ...Array.from({ length: away }, (_, index) => `away ${index + 1}`),
    ])
    expect(alice.pageErrors).toEqual([])
  })
})

describe('unread messages in the open room', () => {
  it('should count what comes while the person reads older messages, and mark it read at the bottom', async () => {
    const server = await startDemo()
    for (let index = 1; index <= 30; index++) await server.app.lanchat.post('lobby', `earlier ${index}`, { name: 'Archive' })
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await joinedPerson(browser, server.origin, 'Bob')
    await waitForMessage(bob.page, 'earlier 30')

    // Bob scrolls up to read: what Alice writes now is unread, although his room is open.
    await bob.page.locator('.message-scroller').evaluate((element) => element.scrollTo({ top: 0 }))
    await bob.page.getByText('This is the start of Lobby.').waitFor()
    await sendMessage(alice.page, 'first while you read')
    await sendMessage(alice.page, 'second while you read')
    await waitForMessage(bob.page, 'second while you read')

    const jump = bob.page.getByRole('button', { name: '2 new messages' })
    await jump.waitFor()
    const badge = bob.page.locator('.room-button[data-room-id="lobby"] .badge')
    await badge.filter({ hasText: '2' }).waitFor()
    await bob.page.waitForFunction(() => document.title === '(2) Lobby · lanchat')
    // The "New messages" line sits right before the first of them.
    const divider = bob.page.getByTestId('new-messages-divider')
    expect(await divider.textContent()).toBe('New messages')
    expect(await bob.page.locator('[data-testid="new-messages-divider"] + article.message .message-text').textContent()).toBe(
      'first while you read',
    )

    // The button takes him to the newest message: read, and the line stays to show where the new ones began.
    await jump.click()
    await jump.waitFor({ state: 'detached' })
    await badge.waitFor({ state: 'detached' })
    await bob.page.waitForFunction(() => document.title === 'Lobby · lanchat')
    await divider.waitFor()

    // At the bottom, new messages are read as they come.
    await sendMessage(alice.page, 'while you watch')
    await waitForMessage(bob.page, 'while you watch')
    expect(await badge.count()).toBe(0)
    expect(await bob.page.title()).toBe('Lobby · lanchat')
    expect([...alice.pageErrors, ...bob.pageErrors]).toEqual([])
  })
})
