import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cutOffline, joinedPerson, launchBrowser, newPerson, notice, sendMessage, startDemo, waitForChat, waitForMessage } from './harness.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('a text longer than one message', () => {
  it('should say so plainly and offer to send it as several messages, in order', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await joinedPerson(browser, server.origin, 'Bob')
    const first = `First part. ${'word '.repeat(700)}`.trim()
    const second = `Second part. ${'more '.repeat(300)}`.trim()
    const text = `${first}\n\n${second}`
    expect(text.length).toBeGreaterThan(4000)

    await alice.page.locator('#composer-input').fill(text)
    const offer = alice.page.locator('.composer-too-long')
    await offer.getByText(`This text has ${text.length.toLocaleString('en')} characters; one message can have at most 4,000.`).waitFor()
    // Enter does not send it as one: the server would refuse it.
    await alice.page.locator('#composer-input').press('Enter')
    expect(await alice.page.locator('#composer-input').inputValue()).toBe(text)

    await offer.getByRole('button', { name: 'Send as 2 messages' }).click()
    await waitForMessage(bob.page, first)
    await waitForMessage(bob.page, second)
    const texts = await bob.page.locator('article.message .message-text').allTextContents()
    expect(texts.slice(-2).map((piece) => piece.trim())).toEqual([first, second])
    expect(await alice.page.locator('#composer-input').inputValue()).toBe('')
    await offer.waitFor({ state: 'detached' })
  })
})

describe('names', () => {
  it('should refuse a name with a right-to-left override or only invisible characters, saying why', async () => {
    const server = await startDemo()
    const person = await newPerson(browser, 'Mallory')
    await person.page.goto(`${server.origin}/`)
    await person.page.getByLabel('Your name').fill('\u200B\u200B')
    await person.page.getByRole('button', { name: 'Continue as guest' }).click()
    await person.page.getByRole('alert').getByText('A name needs at least one visible character.').waitFor()
    await person.page.getByLabel('Your name').fill('Mallory\u202Etxt.exe')
    await person.page.getByRole('button', { name: 'Continue as guest' }).click()
    await person.page.getByRole('alert').getByText(/text-direction control characters/).waitFor()
    await person.page.getByLabel('Your name').fill('System')
    await person.page.getByRole('button', { name: 'Continue as guest' }).click()
    await person.page.getByRole('alert').getByText('The name "System" is reserved for the server.').waitFor()
  })

  it('should show two people with the same name differently, in the member list and on their messages', async () => {
    const server = await startDemo()
    const bob = await joinedPerson(browser, server.origin, 'Bob')
    const maria = await joinedPerson(browser, server.origin, 'Maria')
    const impostor = await joinedPerson(browser, server.origin, 'maria')
    const members = bob.page.locator('#members-panel .member-name')
    await members.filter({ hasText: /^maria · [0-9a-f]{4}$/ }).waitFor()
    const labels = (await members.allTextContents()).filter((label) => /maria/i.test(label))
    expect(labels).toHaveLength(2)
    expect(labels[0]).toMatch(/^(M|m)aria · [0-9a-f]{4}$/)
    expect(new Set(labels).size).toBe(2)

    await sendMessage(maria.page, 'I am the real one')
    await sendMessage(impostor.page, 'No, I am')
    const real = await waitForMessage(bob.page, 'I am the real one')
    const fake = await waitForMessage(bob.page, 'No, I am')
    const realAuthor = await real.locator('.author').textContent()
    const fakeAuthor = await fake.locator('.author').textContent()
    expect(realAuthor).toMatch(/^Maria · [0-9a-f]{4}$/)
    expect(fakeAuthor).toMatch(/^maria · [0-9a-f]{4}$/)
    expect(labels).toContain(realAuthor)
    expect(labels).toContain(fakeAuthor)
  })
})

describe('presence', () => {
  it('should show a member whose connection is down as away, and add no left/joined notices when they are back', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await joinedPerson(browser, server.origin, 'Bob')
    await notice(alice.page, 'Bob joined').waitFor()
    const bobInList = alice.page.locator('#members-panel .member', { hasText: 'Bob' })

    await cutOffline(server, bob)
    await bobInList.and(alice.page.locator('[data-status="away"]')).waitFor()
    expect(await bobInList.locator('.member-status').textContent()).toBe('away')
    expect(await alice.page.getByTestId('online-count').textContent()).toBe('1 online')

    await bob.context.setOffline(false)
    await waitForChat(bob.page)
    await bobInList.and(alice.page.locator('[data-status="online"]')).waitFor()
    expect(await alice.page.getByTestId('online-count').textContent()).toBe('2 online')

    // A reload: the page goes away and comes back with the same session.
    await bob.page.reload()
    await waitForChat(bob.page)
    await sendMessage(bob.page, 'back after a reload')
    await waitForMessage(alice.page, 'back after a reload')
    await bobInList.and(alice.page.locator('[data-status="online"]')).waitFor()
    expect(await alice.page.locator('.notice').allTextContents()).toEqual([expect.stringMatching(/^Bob joined/)])
  })
})
