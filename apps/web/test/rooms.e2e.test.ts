import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './axe.js'
import {
  cutOffline,
  enterChat,
  ensureScreenshotDirectory,
  joinedPerson,
  launchBrowser,
  newPerson,
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

/** A guest who entered the chat and protected their name; the page is reloaded so the socket is the account's. */
async function personWithAccount(origin: string, name: string, options: Parameters<typeof newPerson>[2] = {}): Promise<Person> {
  const person = await newPerson(browser, name, options)
  await enterChat(person, `${origin}/`)
  await protectName(person)
  await person.page.reload()
  await waitForChat(person.page)
  return person
}

/** Opens the room list drawer on a phone (on a wide screen it is always there). */
async function showSidebar(page: Page): Promise<void> {
  const menu = page.locator('.menu-button')
  if (await menu.isVisible()) await menu.click()
}

/** The sidebar's entry of a room, by its title. */
function roomEntry(page: Page, title: string) {
  return page.locator('.room-button', { has: page.locator('.room-name', { hasText: new RegExp(`^${title}$`) }) })
}

/**
 * "New room" → a public or private room with `name`; returns its id. What follows stays open: the share dialog of a
 * public room, the invite links of a private one.
 */
async function createManagedRoom(page: Page, name: string, access: 'public' | 'private', code?: string): Promise<string> {
  await showSidebar(page)
  await page.getByRole('button', { name: 'New room' }).click()
  const dialog = page.getByRole('dialog', { name: 'New room' })
  await dialog.getByRole('radio', { name: access === 'public' ? 'Public room' : 'Private room' }).check()
  await dialog.getByLabel('Room name', { exact: true }).fill(name)
  if (code !== undefined) await dialog.getByLabel(/^Code \(optional\)/).fill(code)
  await dialog.getByRole('button', { name: 'Create room' }).click()
  await page.getByRole('dialog', { name: access === 'public' ? `Invite people to ${name}` : `${name} settings` }).waitFor()
  await page.getByRole('heading', { level: 1, name }).waitFor({ state: 'attached' })
  return (await page.locator('.room-button[aria-current="page"]').getAttribute('data-room-id')) ?? ''
}

/** Opens the current room's settings through the room menu. */
async function openRoomSettings(page: Page, title: string) {
  await page.getByRole('button', { name: 'Room menu' }).click()
  await page.getByRole('button', { name: 'Room settings' }).click()
  await page.getByRole('dialog', { name: `${title} settings` }).waitFor()
  // Its title follows the room's name, which the dialog may change.
  return page.getByRole('dialog')
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape')
  await page.locator('dialog[open]').waitFor({ state: 'detached' })
}

describe('rooms, direct messages and invites in the web app', () => {
  it('should let two people write to each other directly, unseen by a third, and start a group conversation', async () => {
    const server = await startDemo()
    const maria = await personWithAccount(server.origin, 'Maria', { axe: true })
    const pete = await personWithAccount(server.origin, 'Pete')
    const tom = await joinedPerson(browser, server.origin, 'Tom')

    // Maria clicks Pete's name on his message in the lobby: the member list offers "Message".
    await sendMessage(pete.page, 'hello lobby')
    await (await waitForMessage(maria.page, 'hello lobby')).getByRole('button', { name: 'Pete: message or more' }).click()
    await maria.page.getByRole('group', { name: 'Actions for Pete' }).getByRole('button', { name: 'Message' }).click()
    await maria.page.getByRole('heading', { level: 1, name: 'Pete' }).waitFor()
    expect(await maria.page.locator('.chat-subtitle').textContent()).toContain('Direct message')
    await sendMessage(maria.page, 'psst, lunch at noon?')
    await waitForMessage(maria.page, 'psst, lunch at noon?')

    // Pete has the conversation under "Direct messages", named after Maria, with an unread mark.
    const atPete = roomEntry(pete.page, 'Maria')
    await atPete.locator('.badge').waitFor()
    expect(await atPete.getAttribute('data-direct')).toBe('true')
    await atPete.click()
    await waitForMessage(pete.page, 'psst, lunch at noon?')
    await sendMessage(pete.page, 'yes!')
    await waitForMessage(maria.page, 'yes!')

    // Tom sees neither the conversation nor its messages.
    await tom.page.waitForTimeout(300)
    expect(await tom.page.locator('.room-button[data-direct="true"]').count()).toBe(0)
    expect(await tom.page.getByText('psst, lunch at noon?').count()).toBe(0)

    // "New message" with Pete again opens the same conversation; with Pete and Tom, a group one.
    await maria.page.getByRole('button', { name: 'New message' }).click()
    const dialog = maria.page.getByRole('dialog', { name: 'New message' })
    await dialog.getByLabel('Pete').waitFor()
    await expectAccessible(maria.page, 'the new message dialog')
    await dialog.getByLabel('Pete').check()
    await dialog.getByLabel('Tom').check()
    await dialog.getByRole('button', { name: 'Message 2 people' }).click()
    await maria.page.getByRole('heading', { level: 1, name: /^(Pete, Tom|Tom, Pete)$/ }).waitFor()
    expect(await maria.page.locator('.room-button[data-direct="true"]').count()).toBe(2)
    await sendMessage(maria.page, 'all three of us')
    await roomEntry(tom.page, '(Maria, Pete|Pete, Maria)').click()
    await waitForMessage(tom.page, 'all three of us')
    expect([...maria.pageErrors, ...pete.pageErrors, ...tom.pageErrors]).toEqual([])
  })

  it('should join a private room with an invite link, and refuse the link once revoked', async () => {
    const server = await startDemo()
    const maria = await joinedPerson(browser, server.origin, 'Maria', { axe: true })
    const roomId = await createManagedRoom(maria.page, 'Physics', 'private')
    expect(roomId).not.toBe('')

    // A private room opens its invite links: 1 day, for 5 people.
    const settings = maria.page.getByRole('dialog', { name: 'Physics settings' })
    await settings.getByRole('tab', { name: 'Invite links', selected: true }).waitFor()
    await settings.getByLabel('Expires after').selectOption({ label: '1 day' })
    await settings.getByLabel('Works for').selectOption({ label: '5 people' })
    await settings.getByRole('button', { name: 'Make an invite link' }).click()
    const link = await settings.getByLabel('Invite link', { exact: true }).inputValue()
    expect(link).toMatch(new RegExp(`^${server.origin}/#join=${roomId}&invite=[^&]+$`))
    await settings.getByRole('img', { name: `QR code of the link ${link}` }).waitFor()
    await settings.locator('[data-invite-id]').getByText(/0 of 5 uses/).waitFor()
    await expectAccessible(maria.page, 'the invite links')
    await maria.page.screenshot({ path: join(ensureScreenshotDirectory(), 'web-invite-link.png') })
    await closeDialog(maria.page)

    // Pete opens the link in a fresh browser: a name, and he is in the room; the secret leaves the address bar.
    const pete = await newPerson(browser, 'Pete')
    await pete.page.goto(link)
    await pete.page.getByRole('heading', { name: 'You are invited to a private room' }).waitFor()
    await pete.page.getByLabel('Your name').fill('Pete')
    await pete.page.getByRole('button', { name: /^(Join the room|Continue as guest)$/ }).click()
    await waitForChat(pete.page)
    await pete.page.getByRole('heading', { level: 1, name: 'Physics' }).waitFor()
    expect(new URL(pete.page.url()).hash).toBe('')
    await sendMessage(pete.page, 'thanks for the invite')
    await waitForMessage(maria.page, 'thanks for the invite')

    // Maria revokes it; Tom, who got the link too late, is refused and never sees the room.
    const again = await openRoomSettings(maria.page, 'Physics')
    await again.getByRole('tab', { name: 'Invite links' }).click()
    await again.getByRole('button', { name: /^Revoke the link by Maria/ }).click()
    await again.getByText('The link is revoked: it does not work any more.').waitFor()
    await again.getByText(/^None\./).waitFor()
    await closeDialog(maria.page)

    const tom = await newPerson(browser, 'Tom')
    await tom.page.goto(link)
    await tom.page.getByLabel('Your name').fill('Tom')
    await tom.page.getByRole('button', { name: /^(Join the room|Continue as guest)$/ }).click()
    await waitForChat(tom.page)
    await tom.page.getByRole('alert').getByText(/This invite link does not work any more/).waitFor()
    expect(await tom.page.locator(`.room-button[data-room-id="${roomId}"]`).count()).toBe(0)
    expect(await tom.page.getByRole('heading', { level: 1 }).textContent()).toBe('Lobby')

    // A new link, opened in the tab Tom chats in (only the address's fragment changes), lets him in.
    const third = await openRoomSettings(maria.page, 'Physics')
    await third.getByRole('tab', { name: 'Invite links' }).click()
    await third.getByRole('button', { name: 'Make an invite link' }).click()
    const fresh = await third.getByLabel('Invite link', { exact: true }).inputValue()
    expect(fresh).not.toBe(link)
    await tom.page.goto(fresh)
    await tom.page.getByRole('heading', { level: 1, name: 'Physics' }).waitFor()
    expect(new URL(tom.page.url()).hash).toBe('')
    expect([...maria.pageErrors, ...pete.pageErrors, ...tom.pageErrors]).toEqual([])
  })

  it('should list public rooms only in the directory, search it, and join from it', { timeout: 120_000 }, async () => {
    const server = await startDemo()
    const maria = await joinedPerson(browser, server.origin, 'Maria')
    await createManagedRoom(maria.page, 'Chess club', 'public', 'chess')
    await closeDialog(maria.page)
    await createManagedRoom(maria.page, 'Board secrets', 'private')
    await closeDialog(maria.page)

    for (const [scheme, viewport] of [
      ['light', undefined],
      ['dark', undefined],
      ['light', PHONE],
    ] as const) {
      const tom = await joinedPerson(browser, server.origin, `Tom ${scheme}${viewport === undefined ? '' : ' phone'}`, {
        axe: true,
        colorScheme: scheme,
        ...(viewport === undefined ? {} : { viewport }),
      })
      await showSidebar(tom.page)
      await tom.page.getByRole('button', { name: 'Browse rooms' }).click()
      const directory = tom.page.getByRole('dialog', { name: 'Browse rooms' })
      const rooms = directory.locator('.directory-room')
      await rooms.first().waitFor()
      expect(await rooms.locator('.directory-name').allTextContents()).toEqual(['Chess club'])
      // Maria alone at first; each Tom before this one joined and left (still a member, not online).
      await directory.getByText(/^\d+ members? · 1 online$/).waitFor()
      await expectAccessible(tom.page, `the room directory (${scheme}${viewport === undefined ? '' : ', phone'})`)
      if (scheme === 'light' && viewport === undefined) {
        await tom.page.screenshot({ path: join(ensureScreenshotDirectory(), 'web-directory.png') })
        // A search that matches nothing says so; the private room is not found by its name either.
        await directory.getByLabel('Search public rooms').fill('secrets')
        await directory.getByText('No public room matches “secrets”.').waitFor()
        await directory.getByLabel('Search public rooms').fill('CHE')
        await rooms.first().waitFor()
        await directory.getByRole('button', { name: 'Join Chess club' }).click()
        await tom.page.getByRole('heading', { level: 1, name: 'Chess club' }).waitFor()
      }
      await tom.context.close()
    }
  })

  it('should show a rename and a topic to a member who was offline, and tell a removed member', async () => {
    const server = await startDemo()
    const maria = await joinedPerson(browser, server.origin, 'Maria', { axe: true })
    const roomId = await createManagedRoom(maria.page, 'Chess club', 'public', 'chess')
    await closeDialog(maria.page)
    const tom = await joinedPerson(browser, server.origin, 'Tom')
    await tom.page.locator('#join-code').fill('chess')
    await tom.page.getByRole('button', { name: 'Join room' }).click()
    await tom.page.getByRole('heading', { level: 1, name: 'Chess club' }).waitFor()
    // Pete connects last, so his is the socket cut below.
    const pete = await joinedPerson(browser, server.origin, 'Pete')
    await pete.page.locator('#join-code').fill('chess')
    await pete.page.getByRole('button', { name: 'Join room' }).click()
    await pete.page.getByRole('heading', { level: 1, name: 'Chess club' }).waitFor()

    await cutOffline(server, pete)
    const settings = await openRoomSettings(maria.page, 'Chess club')
    await expectAccessible(maria.page, 'the room settings')
    await settings.getByLabel('Room name').fill('Chess and Go')
    await settings.getByLabel(/^Topic/).fill('Sundays at three, bring a board')
    await settings.getByRole('button', { name: 'Save' }).click()
    await settings.getByText('Saved. Everyone in the room sees the change.').waitFor()

    // The members tab: Tom becomes a moderator (a badge), then Maria removes him.
    await settings.getByRole('tab', { name: 'Members' }).click()
    await settings.getByRole('button', { name: 'Manage Tom' }).click()
    await settings.getByRole('button', { name: 'Make moderator' }).click()
    await settings.locator('[data-member-id]', { hasText: 'Tom' }).getByText('moderator').waitFor()
    await expectAccessible(maria.page, 'the room members')
    await maria.page.screenshot({ path: join(ensureScreenshotDirectory(), 'web-room-settings.png') })
    await settings.getByRole('button', { name: 'Manage Tom' }).click()
    await settings.getByRole('button', { name: 'Remove' }).click()
    await closeDialog(maria.page)
    await tom.page.getByText('You were removed from Chess and Go by Maria.').waitFor()
    expect(await tom.page.locator(`.room-button[data-room-id="${roomId}"]`).count()).toBe(0)

    // Pete comes back: the new name, the topic, and the changes as lines in the room.
    await pete.context.setOffline(false)
    await pete.page.locator('.connection-banner').waitFor({ state: 'detached', timeout: 20_000 })
    await pete.page.getByRole('heading', { level: 1, name: 'Chess and Go' }).waitFor()
    expect(await pete.page.getByTestId('room-topic').textContent()).toContain('Sundays at three, bring a board')
    await pete.page.locator('.notice.room-event[data-event="room.renamed"]').waitFor()
    await pete.page.locator('.notice.room-event[data-event="room.topic"]').waitFor()
    await pete.page.locator('.notice.room-event[data-event="member.removed"]').waitFor()
    await roomEntry(pete.page, 'Chess and Go').waitFor()
    expect([...maria.pageErrors, ...pete.pageErrors, ...tom.pageErrors]).toEqual([])
  })

  it('should let the owner mute a member from the member list, and delete the room after confirming', async () => {
    const server = await startDemo()
    const maria = await joinedPerson(browser, server.origin, 'Maria')
    const roomId = await createManagedRoom(maria.page, 'Study hall', 'public', 'study')
    await closeDialog(maria.page)
    const pete = await joinedPerson(browser, server.origin, 'Pete')
    await pete.page.locator('#join-code').fill('study')
    await pete.page.getByRole('button', { name: 'Join room' }).click()
    await pete.page.getByRole('heading', { level: 1, name: 'Study hall' }).waitFor()

    // Pete's name in Maria's member list: Mute. He sees the change, and his message is refused.
    const member = maria.page.locator('#members-panel .member', { hasText: 'Pete' })
    await member.getByRole('button', { name: 'Pete' }).click()
    await member.getByRole('button', { name: 'Mute' }).click()
    await member.getByText('muted').waitFor()
    await pete.page.locator('.notice.room-event[data-event="member.muted"]').waitFor()
    await sendMessage(pete.page, 'can anyone hear me?')
    await pete.page.locator('article.message[data-state="failed"]').waitFor()

    // Deleting asks first; then Pete is told, and the room leaves both sidebars.
    const settings = await openRoomSettings(maria.page, 'Study hall')
    await settings.getByRole('button', { name: 'Delete room…' }).click()
    await settings.getByRole('group', { name: 'Delete Study hall?' }).getByRole('button', { name: 'Delete for everyone' }).click()
    await maria.page.locator('dialog[open]').waitFor({ state: 'detached' })
    await pete.page.getByText('Study hall was deleted by Maria.').waitFor()
    for (const person of [maria, pete]) {
      await person.page.getByRole('heading', { level: 1, name: 'Lobby' }).waitFor()
      expect(await person.page.locator(`.room-button[data-room-id="${roomId}"]`).count()).toBe(0)
    }
    expect([...maria.pageErrors, ...pete.pageErrors]).toEqual([])
  })

  it('should keep a room’s notification level, and be accessible on a phone in the dark', async () => {
    const server = await startDemo()
    const maria = await joinedPerson(browser, server.origin, 'Maria', { viewport: PHONE, colorScheme: 'dark', axe: true })
    await createManagedRoom(maria.page, 'Night owls', 'public')
    await closeDialog(maria.page)
    await maria.page.getByRole('button', { name: 'Room menu' }).click()
    await expectAccessible(maria.page, 'the room menu on a phone')
    expect(await maria.page.getByRole('radio', { name: /^Mentions/ }).isChecked()).toBe(true)
    // Picking a level closes the menu.
    await maria.page.getByRole('radio', { name: /^Nothing/ }).click()
    await maria.page.getByRole('group', { name: 'Menu of Night owls' }).waitFor({ state: 'detached' })
    // The room list marks it (on a phone, in the drawer).
    await maria.page.locator('.room-button[aria-current="page"] .room-muted').waitFor({ state: 'attached' })

    // Kept by the server: after a reload the level is still "Nothing".
    await maria.page.reload()
    await waitForChat(maria.page)
    await maria.page.getByRole('heading', { level: 1, name: 'Night owls' }).waitFor()
    await maria.page.getByRole('button', { name: 'Room menu' }).click()
    expect(await maria.page.getByRole('radio', { name: /^Nothing/ }).isChecked()).toBe(true)
    await maria.page.keyboard.press('Escape')

    await openRoomSettings(maria.page, 'Night owls')
    await expectAccessible(maria.page, 'the room settings on a phone in the dark')
    await closeDialog(maria.page)
    await showSidebar(maria.page)
    await maria.page.getByRole('button', { name: 'New room' }).click()
    await maria.page.getByRole('dialog', { name: 'New room' }).waitFor()
    await expectAccessible(maria.page, 'the new room dialog on a phone in the dark')
  })
})
