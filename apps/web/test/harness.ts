import type {} from '@fastify/websocket'
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { onTestFinished } from 'vitest'
import { startServer, type RunningServer, type StartServerOptions } from '../src/server/index.js'

/** Debian's Chromium: the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

const publicIndex = fileURLToPath(new URL('../dist/public/index.html', import.meta.url))

/** Where the screenshots for the README go (the repository's docs/images). */
export const SCREENSHOT_DIRECTORY = fileURLToPath(new URL('../../../docs/images/', import.meta.url))

/** Fails with a clear message when the app or the browser is missing, instead of a timeout later. */
export function assertPrerequisites(): void {
  if (!existsSync(publicIndex)) {
    throw new Error(
      'apps/web/dist/public is missing: build the app first with `pnpm --filter @lanchat/web build` (the root `pnpm test` builds before testing).',
    )
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package with \`apt-get install -y chromium\`.`)
  }
}

/** A headless Chromium with nothing running in the background that could reach the internet. */
export function launchBrowser(): Promise<Browser> {
  assertPrerequisites()
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  })
}

/**
 * The demo server on 127.0.0.1 and a free port, without logs or mDNS, kept in memory; closed when the test ends.
 * `chat` passes options to the chat plugin (`{ maxResumeMessages: 5 }`).
 */
export async function startDemo(chat: StartServerOptions['chat'] = {}): Promise<RunningServer & { origin: string }> {
  const server = await startServer({ port: 0, host: '127.0.0.1', logger: false, advertise: false, memory: true, chat })
  onTestFinished(() => server.close())
  return { ...server, origin: `http://127.0.0.1:${server.port}` }
}

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }

/** One person in their own browser context (own localStorage), with everything the page did recorded. */
export interface Person {
  name: string
  context: BrowserContext
  page: Page
  /** Messages of every alert/confirm/prompt the page opened: there must never be any. */
  dialogs: string[]
  /** Uncaught errors in the page. */
  pageErrors: string[]
  /** Every URL the page requested, to prove nothing comes from the internet. */
  requests: string[]
}

/** Opens a new browser context for a person; closed when the test ends. */
export async function newPerson(
  browser: Browser,
  name: string,
  options: {
    viewport?: { width: number; height: number }
    colorScheme?: 'light' | 'dark'
    /** Lets the accessibility checker's script in past our CSP (see `expectAccessible`). */
    axe?: boolean
  } = {},
): Promise<Person> {
  const context = await browser.newContext({
    ...(options.axe === true ? { bypassCSP: true } : {}),
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: 1,
    ...(options.viewport === PHONE ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  })
  onTestFinished(() => context.close())
  const page = await context.newPage()
  const person: Person = { name, context, page, dialogs: [], pageErrors: [], requests: [] }
  page.on('dialog', (dialog) => {
    person.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  page.on('pageerror', (error) => person.pageErrors.push(error.message))
  page.on('request', (request) => person.requests.push(request.url()))
  return person
}

/** Opens `url`, enters the name on the first-visit screen and waits for the chat. */
export async function enterChat(person: Person, url: string): Promise<void> {
  await person.page.goto(url)
  await person.page.getByLabel('Your name').fill(person.name)
  // "Continue as guest" where the server has accounts (the default), "Join the chat/room" where it has none.
  await person.page.getByRole('button', { name: /^(Join the (chat|room)|Continue as guest)$/ }).click()
  await waitForChat(person.page)
}

/** Waits until the chat is shown and connected. */
export async function waitForChat(page: Page): Promise<void> {
  await page.locator('#composer-input').waitFor()
  await page.locator('.connection-dot.open').waitFor({ state: 'attached' })
}

/** A person who entered the chat at `origin`. */
export async function joinedPerson(
  browser: Browser,
  origin: string,
  name: string,
  options: Parameters<typeof newPerson>[2] = {},
): Promise<Person> {
  const person = await newPerson(browser, name, options)
  await enterChat(person, `${origin}/`)
  return person
}

/**
 * Cuts the connection of the person who connected last and keeps their browser offline, so that it
 * stays cut (Reconnecting… shown) until `person.context.setOffline(false)`.
 */
export async function cutOffline(server: RunningServer, person: Person): Promise<void> {
  const socket = [...server.app.websocketServer.clients].at(-1)
  if (socket === undefined) throw new Error(`${person.name} has no connection to cut`)
  await person.context.setOffline(true)
  socket.terminate()
  await person.page.locator('.connection-banner', { hasText: 'Reconnecting…' }).waitFor()
}

/** Types a message and sends it with Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const field = page.locator('#composer-input')
  await field.fill(text)
  await field.press('Enter')
}

/** The message articles (stored or pending) whose text is exactly `text`. */
export function messages(page: Page, text: string): Locator {
  return page.locator('article.message').filter({
    has: page.locator('.message-text', { hasText: new RegExp(`^${escapeRegExp(text)}$`) }),
  })
}

/** Waits until exactly one stored (sent) message shows `text`. */
export async function waitForMessage(page: Page, text: string): Promise<Locator> {
  const message = messages(page, text).and(page.locator('[data-state="sent"]'))
  await message.waitFor()
  return message
}

/** A timeline notice ("Bob joined"). */
export function notice(page: Page, text: string): Locator {
  return page.locator('.notice', { hasText: new RegExp(`^${escapeRegExp(text)}$`) })
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Creates a room from the sidebar and returns its code and share link, with the share dialog closed. */
export async function createRoom(page: Page, name: string): Promise<{ code: string; link: string }> {
  const openSidebar = page.locator('.menu-button')
  if (await openSidebar.isVisible()) await openSidebar.click()
  await page.getByRole('button', { name: 'New room' }).click()
  // The dialog says how long the room is kept before anyone makes it.
  await page.getByText('deleted with them once everyone has left').waitFor()
  await page.getByLabel('Room name (optional)').fill(name)
  await page.getByRole('button', { name: 'Create room' }).click()
  await page.getByRole('dialog', { name: /^Invite people to / }).waitFor()
  const code = (await page.getByTestId('room-code').textContent()) ?? ''
  const link = await page.getByLabel('Or send them this link').inputValue()
  await page.keyboard.press('Escape')
  await page.locator('dialog[open]').waitFor({ state: 'detached' })
  return { code, link }
}

export function ensureScreenshotDirectory(): string {
  mkdirSync(SCREENSHOT_DIRECTORY, { recursive: true })
  return SCREENSHOT_DIRECTORY
}

/** The password the tests protect names with. */
export const PASSWORD = 'correct horse battery staple'

/** Settings → "Protect your name with a password" → the recovery codes, stored; returns them. */
export async function protectName(person: Person, options: { check?: (dialog: Locator) => Promise<void> } = {}): Promise<string[]> {
  const { page } = person
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('button', { name: 'Protect your name with a password' }).click()
  const dialog = page.getByRole('dialog', { name: 'Protect your name with a password' })
  await dialog.getByText('At least 8 characters, up to 256. Long passphrases are welcome').waitFor()
  await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await dialog.getByLabel('Password again').fill(PASSWORD)
  await dialog.getByRole('button', { name: 'Protect my name' }).click()
  const codesDialog = page.getByRole('dialog', { name: 'Store your recovery codes' })
  await codesDialog.getByTestId('recovery-codes').waitFor()
  const codes = (await codesDialog.getByTestId('recovery-codes').locator('li').allTextContents()).map((code) => code.trim())
  await options.check?.(codesDialog)
  await codesDialog.getByLabel('I have stored them').check()
  await codesDialog.getByRole('button', { name: 'Done' }).click()
  await codesDialog.waitFor({ state: 'detached' })
  await page.locator('.me-label', { hasText: 'Signed in as' }).waitFor()
  return codes
}

