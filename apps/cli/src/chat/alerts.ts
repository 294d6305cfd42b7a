import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import type { ChatMessage, LanchatClient, NotifyLevel } from '@lanchat/client'
import { sanitizeLine } from '../render/sanitize.js'
import { truncate } from '../render/text-width.js'
import { mentionsName } from './mentions.js'

/** Why a message alerts you: it mentions you, it is in a direct conversation, or its room notifies on everything. */
export type AlertReason = 'mention' | 'direct' | 'message'

/** What decides whether a message alerts. */
export interface AlertFacts {
  /** Your user id and current name. */
  userId: string | undefined
  userName: string | undefined
  /** The room's notification level (`RoomState.notify`). */
  notify: NotifyLevel
  /** The room is a direct conversation. */
  direct: boolean
}

/**
 * Whether a live message alerts you, and why, following the room's notification level: `all`, every message from
 * someone else; `mentions`, a mention of you (`@Name`); `none`, nothing. Never your own messages (from any of your
 * devices) or the room's own notices. Direct conversations notify on `all` unless you changed it.
 *
 * @example
 * ```ts
 * alertFor(message, { userId, userName: 'Ana', notify: 'mentions', direct: false }) // 'mention' for "hi @Ana"
 * ```
 */
export function alertFor(message: ChatMessage, facts: AlertFacts): AlertReason | undefined {
  if (message.kind !== 'user' || message.from.id === facts.userId || facts.notify === 'none') return undefined
  const mention = mentionsName(message.text, facts.userName)
  if (mention) return 'mention'
  if (facts.notify !== 'all') return undefined
  return facts.direct ? 'direct' : 'message'
}

/** How the chat alerts you. */
export interface AlertSettingsResolved {
  /** Write BEL to the terminal. */
  bell: boolean
  /** Show a desktop notification, where there is a way to. */
  notify: boolean
}

/** A desktop notification command: a program on PATH and its arguments (the text as arguments, never through a shell). */
export interface NotifierCommand {
  command: string
  args: string[]
}

type Environment = Readonly<Record<string, string | undefined>>

function onPath(program: string, environment: Environment): string | undefined {
  for (const directory of (environment.PATH ?? '').split(delimiter)) {
    if (directory === '') continue
    const candidate = join(directory, program)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // Not here.
    }
  }
  return undefined
}

/**
 * The desktop's notification command for a title and a body, or `undefined` where there is none: `notify-send` on
 * Linux and the BSDs (when on PATH), `osascript` on macOS. The text goes in as arguments: `osascript` reads it from
 * `argv` inside a fixed script, so nothing a sender writes is ever parsed as code.
 *
 * @example
 * ```ts
 * notifierCommand('linux', process.env)?.('Maria in lobby', 'hi @Ana') // { command: '/usr/bin/notify-send', args: [...] }
 * ```
 */
export function notifierCommand(platform: NodeJS.Platform, environment: Environment): ((title: string, body: string) => NotifierCommand) | undefined {
  if (platform === 'darwin') {
    const osascript = onPath('osascript', environment) ?? '/usr/bin/osascript'
    return (title, body) => ({
      command: osascript,
      args: ['-e', 'on run argv', '-e', 'display notification (item 2 of argv) with title (item 1 of argv)', '-e', 'end run', title, body],
    })
  }
  if (platform === 'win32') return undefined
  const notifySend = onPath('notify-send', environment)
  if (notifySend === undefined) return undefined
  return (title, body) => ({ command: notifySend, args: ['--app-name=lanchat', '--', title, body] })
}

const BEL = '\x07'
/** At most one bell a second, one desktop notification every few seconds: a busy room must not drown you. */
const BELL_INTERVAL_MS = 1_000
const NOTIFY_INTERVAL_MS = 4_000

export interface AlerterOptions {
  settings: AlertSettingsResolved
  /** Where BEL goes (the terminal); `undefined` when the output is not a terminal. */
  bell: ((text: string) => void) | undefined
  /** The desktop's notification command, if any. */
  notifier: ((title: string, body: string) => NotifierCommand) | undefined
  now?: () => number
}

/** Rings and notifies, rate-limited; a notifier that is missing or fails is ignored (and not tried again). */
export class Alerter {
  readonly #options: AlerterOptions
  readonly #now: () => number
  #lastBell = Number.NEGATIVE_INFINITY
  #lastNotify = Number.NEGATIVE_INFINITY
  #notifierBroken = false

  constructor(options: AlerterOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  /** Alerts for one message, as `reason` says. */
  alert(message: ChatMessage, reason: AlertReason, roomLabel: string): void {
    const now = this.#now()
    const { settings } = this.#options
    if (settings.bell && this.#options.bell !== undefined && now - this.#lastBell >= BELL_INTERVAL_MS) {
      this.#lastBell = now
      this.#options.bell(BEL)
    }
    const notifier = this.#options.notifier
    if (!settings.notify || notifier === undefined || this.#notifierBroken || now - this.#lastNotify < NOTIFY_INTERVAL_MS) return
    this.#lastNotify = now
    const who = sanitizeLine(message.from.name)
    const title = truncate(reason === 'direct' ? `${who} (direct message)` : reason === 'mention' ? `${who} mentioned you in ${roomLabel}` : `${who} in ${roomLabel}`, 80)
    const { command, args } = notifier(title, truncate(sanitizeLine(message.text), 200))
    try {
      const child = spawn(command, args, { stdio: 'ignore', shell: false, windowsHide: true })
      child.once('error', () => {
        this.#notifierBroken = true
      })
      child.unref()
    } catch {
      this.#notifierBroken = true
    }
  }
}

/**
 * Alerts for live messages on `client`, per each room's notification level: not for history, nor for what a resume
 * replays or a gap fill brings after a reconnect (those are not news). Returns the unsubscribe function.
 *
 * @example
 * ```ts
 * const stop = watchAlerts(client, alerter, (room) => session.rooms.find((view) => view.id === room)?.label ?? room)
 * ```
 */
export function watchAlerts(client: LanchatClient, alerter: Alerter, roomLabel: (room: string) => string): () => void {
  /** Per room, seqs up to which messages are replays, and the ranges gap fills bring. */
  const replayedUpTo = new Map<string, number>()
  const filled = new Map<string, Array<[number, number]>>()
  const isBackfill = (message: ChatMessage): boolean =>
    message.seq <= (replayedUpTo.get(message.room) ?? 0) ||
    (filled.get(message.room) ?? []).some(([after, before]) => message.seq > after && message.seq < before)
  const stops = [
    client.on('room.resumed', (resumed) => {
      const last = resumed.messages.at(-1)?.seq ?? 0
      replayedUpTo.set(resumed.room.id, Math.max(replayedUpTo.get(resumed.room.id) ?? 0, last))
    }),
    client.on('room.gap', (gap) => {
      if (!gap.filled) return
      const ranges = filled.get(gap.room) ?? []
      ranges.push([gap.after, gap.before])
      filled.set(gap.room, ranges.slice(-20))
    }),
    client.on('message.created', ({ message }) => {
      if (isBackfill(message)) return
      const room = client.rooms.get(message.room)
      const direct = room?.info.direct !== undefined
      const reason = alertFor(message, {
        userId: client.user?.id,
        userName: client.user?.name,
        notify: room?.notify ?? (direct ? 'all' : 'mentions'),
        direct,
      })
      if (reason !== undefined) alerter.alert(message, reason, roomLabel(message.room))
    }),
  ]
  return () => {
    for (const stop of stops) stop()
  }
}
