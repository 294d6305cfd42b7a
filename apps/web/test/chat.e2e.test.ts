import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRoom,
  enterChat,
  joinedPerson,
  launchBrowser,
  messages,
  newPerson,
  notice,
  sendMessage,
  startDemo,
  waitForMessage,
} from './harness.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('a code room', () => {
  it('should let two people meet through a share link and talk both ways', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const { code, link } = await createRoom(alice.page, 'Study group')
    expect(code).toMatch(/^[A-Z0-9]{6}$/)
    expect(link).toBe(`${server.origin}/?room=${code}`)
    await alice.page.getByRole('heading', { level: 1, name: 'Study group' }).waitFor()

    const bob = await newPerson(browser, 'Bob')
    await bob.page.goto(link)
    await bob.page.getByRole('heading', { name: `You are invited to room ${code}` }).waitFor()
    await enterChat(bob, link)
    await bob.page.getByRole('heading', { level: 1, name: 'Study group' }).waitFor()
    // The code is in the address no longer, so a reload does not rejoin a room left since.
    expect(new URL(bob.page.url()).search).toBe('')
    await notice(alice.page, 'Bob joined').waitFor()

    // Presence: each sees both in the member list.
    for (const person of [alice, bob]) {
      const members = person.page.locator('#members-panel .member-name')
      await members.filter({ hasText: 'Alice' }).waitFor()
      await members.filter({ hasText: 'Bob' }).waitFor()
      expect(await person.page.getByTestId('online-count').textContent()).toBe('2 online')
    }

    await sendMessage(alice.page, 'Hello Bob!')
    const atBob = await waitForMessage(bob.page, 'Hello Bob!')
    const atAlice = await waitForMessage(alice.page, 'Hello Bob!')
    // Alice's own message looks different from how Bob sees it.
    expect(await atAlice.getAttribute('data-own')).toBe('true')
    expect(await atAlice.getAttribute('class')).toContain('own')
    expect(await atBob.getAttribute('data-own')).toBe('false')
    expect(await atBob.locator('.author').textContent()).toBe('Alice')

    // The typing indicator, then Bob's answer.
    await bob.page.locator('#composer-input').pressSequentially('Hi Al')
    await alice.page.getByTestId('typing-indicator').filter({ hasText: 'Bob is typing…' }).waitFor()
    await bob.page.locator('#composer-input').pressSequentially('ice, good to see you')
    await bob.page.locator('#composer-input').press('Enter')
    const answer = await waitForMessage(alice.page, 'Hi Alice, good to see you')
    expect(await answer.getAttribute('data-own')).toBe('false')
    await alice.page.getByTestId('typing-indicator').filter({ hasText: 'typing' }).waitFor({ state: 'detached' })

    // Server timestamps: a machine-readable time with the exact date in its tooltip, on both sides.
    for (const message of [atAlice, atBob, answer]) {
      const time = message.locator('time')
      expect(Date.parse((await time.getAttribute('datetime')) ?? '')).toBeGreaterThan(0)
      expect(await time.getAttribute('title')).toMatch(/\d/)
      expect(await time.textContent()).toBe('now')
    }

    // Bob leaves: Alice sees it in the timeline and the member list.
    await bob.page.getByRole('button', { name: 'Leave room' }).click()
    await bob.page.getByRole('heading', { level: 1, name: 'Lobby' }).waitFor()
    await notice(alice.page, 'Bob left').waitFor()
    await alice.page.locator('#members-panel .member-name').filter({ hasText: 'Bob' }).waitFor({ state: 'detached' })
    expect(await alice.page.getByTestId('online-count').textContent()).toBe('1 online')

    expect([...alice.dialogs, ...bob.dialogs, ...alice.pageErrors, ...bob.pageErrors]).toEqual([])
  })

  it('should join a room by typing its code, in any case, and count unread messages', async () => {
    const server = await startDemo()
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const { code } = await createRoom(alice.page, 'Planning')
    const bob = await joinedPerson(browser, server.origin, 'Bob')
    await bob.page.getByLabel('Join with a code').fill(code.toLowerCase())
    await bob.page.getByRole('button', { name: 'Join room' }).click()
    await bob.page.getByRole('heading', { level: 1, name: 'Planning' }).waitFor()

    // Bob goes back to the lobby; Alice writes in the room: the room shows an unread count, and so does the title.
    await bob.page.locator('.room-button[data-room-id="lobby"]').click()
    await sendMessage(alice.page, 'Are you there?')
    const badge = bob.page.locator(`.room-button[data-room-id="${code.toLowerCase()}"] .badge`)
    await badge.filter({ hasText: '1' }).waitFor()
    await bob.page.waitForFunction(() => document.title.startsWith('(1) '))
    await bob.page.locator(`.room-button[data-room-id="${code.toLowerCase()}"]`).click()
    await waitForMessage(bob.page, 'Are you there?')
    await badge.waitFor({ state: 'detached' })
    expect(await bob.page.title()).toBe('Planning · lanchat')
  })
})

describe('the lobby', () => {
  it('should carry a conversation of three people, and show the history to a fourth who comes late', async () => {
    const server = await startDemo()
    const names = ['Ana', 'Ben', 'Cleo']
    const people = await Promise.all(names.map((name) => joinedPerson(browser, server.origin, name)))
    for (const person of people) {
      await sendMessage(person.page, `${person.name} says hi`)
      await waitForMessage(person.page, `${person.name} says hi`)
    }
    for (const person of people) {
      for (const name of names) {
        await waitForMessage(person.page, `${name} says hi`)
        expect(await messages(person.page, `${name} says hi`).count()).toBe(1)
      }
      expect(await person.page.getByTestId('online-count').textContent()).toBe('3 online')
    }

    const dan = await joinedPerson(browser, server.origin, 'Dan')
    for (const name of names) await waitForMessage(dan.page, `${name} says hi`)
    const texts = await dan.page.locator('article.message .message-text').allTextContents()
    expect(texts).toEqual(['Ana says hi', 'Ben says hi', 'Cleo says hi'])
    for (const person of people) await notice(person.page, 'Dan joined').waitFor()
  })
})

describe('history', () => {
  it('should show the newest messages on join and load older ones when scrolling up, keeping the place', async () => {
    const server = await startDemo()
    const total = 80
    for (let index = 1; index <= total; index++) await server.app.lanchat.post('lobby', `note ${index}`, { name: 'Archive' })
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    await waitForMessage(alice.page, `note ${total}`)
    const shown = alice.page.locator('article.message')
    const firstPage = await shown.count()
    expect(firstPage).toBeLessThan(total)
    const oldestShown = (await shown.first().locator('.message-text').textContent()) ?? ''

    // Scroll to the top: the next page loads above, and the message that was first stays in view.
    await alice.page.locator('.message-scroller').evaluate((element) => element.scrollTo({ top: 0 }))
    await waitForMessage(alice.page, `note ${total - firstPage}`)
    const inView = await messages(alice.page, oldestShown).evaluate((element) => {
      const scroller = element.closest('.message-scroller')?.getBoundingClientRect()
      const box = element.getBoundingClientRect()
      return scroller !== undefined && box.top >= scroller.top && box.bottom <= scroller.bottom
    })
    expect(inView).toBe(true)
    while ((await shown.count()) < total) {
      await alice.page.locator('.message-scroller').evaluate((element) => element.scrollTo({ top: 0 }))
      await alice.page.waitForFunction((count) => document.querySelectorAll('article.message').length > count, await shown.count())
    }
    const texts = await alice.page.locator('article.message .message-text').allTextContents()
    expect(texts).toEqual(Array.from({ length: total }, (_, index) => `note ${index + 1}`))
    await alice.page.getByText('This is the start of Lobby.').waitFor()
  })
})

describe('a message the server refuses', () => {
  it('should show it as not sent with the reason, and send it once on Retry', async () => {
    const server = await startDemo()
    let refusing = true
    server.app.lanchat.onMessage((draft) => (refusing && draft.text.includes('shout') ? { reject: 'No shouting today' } : undefined))
    const alice = await joinedPerson(browser, server.origin, 'Alice')
    const bob = await joinedPerson(browser, server.origin, 'Bob')

    await sendMessage(alice.page, 'I want to shout')
    const failed = messages(alice.page, 'I want to shout').and(alice.page.locator('[data-state="failed"]'))
    await failed.waitFor()
    expect(await failed.locator('.failed-reason').textContent()).toBe('Refused: No shouting today')

    refusing = false
    await failed.getByRole('button', { name: 'Retry' }).click()
    await waitForMessage(alice.page, 'I want to shout')
    await waitForMessage(bob.page, 'I want to shout')
    await sendMessage(alice.page, 'and that was all')
    await waitForMessage(bob.page, 'and that was all')
    expect(await messages(bob.page, 'I want to shout').count()).toBe(1)
    expect(await messages(alice.page, 'I want to shout').count()).toBe(1)
  })
})
