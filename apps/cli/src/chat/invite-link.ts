import { renderUnicodeCompact } from 'uqr'

/** A room and the secret that lets you in, as an invite link carries them. */
export interface InviteTarget {
  room: string
  invite: string
  /** `host:port` of the server the link points at. */
  host: string
}

/**
 * Reads an invite link as the web app and `/invite-link` make them: `http(s)://host:port/#join=<room>&invite=<token>`
 * (a path before the `#` is allowed). Anything else is `undefined`.
 *
 * @example
 * ```ts
 * parseInviteLink('http://10.0.0.2:5000/#join=ops&invite=abc') // { room: 'ops', invite: 'abc', host: '10.0.0.2:5000' }
 * ```
 */
export function parseInviteLink(text: string): InviteTarget | undefined {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  const parameters = new URLSearchParams(url.hash.replace(/^#/, ''))
  const room = parameters.get('join')?.trim()
  const invite = parameters.get('invite')?.trim()
  if (room === undefined || room === '' || invite === undefined || invite === '') return undefined
  return { room: room.toLowerCase(), invite, host: url.host }
}

/**
 * The web address of an invite link for the server behind a chat socket URL.
 *
 * @example
 * ```ts
 * inviteLink('ws://10.0.0.2:5000/ws', 'ops', 'abc') // 'http://10.0.0.2:5000/#join=ops&invite=abc'
 * ```
 */
export function inviteLink(socketUrl: string, room: string, token: string): string {
  const url = new URL(socketUrl)
  const protocol = url.protocol === 'wss:' ? 'https:' : 'http:'
  // The web app is served where the socket's path (`/ws`, `/chat/ws`) lives.
  const base = url.pathname.replace(/\/ws\/?$/, '/')
  return `${protocol}//${url.host}${base}#join=${encodeURIComponent(room)}&invite=${encodeURIComponent(token)}`
}

/** A terminal QR code of `text`, as lines of block characters with a quiet border, indented by two spaces. */
export function qrLines(text: string): string[] {
  return renderUnicodeCompact(text, { border: 2 })
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `  ${line}`)
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** The shortest and longest life of an invite link the protocol allows. */
export const INVITE_LIFETIME = { minMs: 60_000, maxMs: 30 * 86_400_000 } as const

/**
 * Reads how long an invite link works: a number and `m`, `h` or `d` (`30m`, `1h`, `7d`), from a minute to 30 days.
 * Returns the milliseconds, or a sentence saying what is wrong.
 *
 * @example
 * ```ts
 * parseLifetime('1d') // 86400000
 * parseLifetime('2w') // 'give a time such as 30m, 1h, 1d or 7d'
 * ```
 */
export function parseLifetime(value: string): number | string {
  const match = /^\s*(\d+)\s*([mhd])\s*$/i.exec(value)
  if (match === null) return 'give a time such as 30m, 1h, 1d or 7d'
  const milliseconds = Number(match[1]) * UNIT_MS[(match[2] as string).toLowerCase() as keyof typeof UNIT_MS]
  if (milliseconds < INVITE_LIFETIME.minMs || milliseconds > INVITE_LIFETIME.maxMs) return 'give a time from 1m up to 30d'
  return milliseconds
}

/**
 * A short duration for people: `59 min`, `23 h`, `6 days`.
 *
 * @example
 * ```ts
 * roughDuration(90 * 60_000) // '1 h'
 * ```
 */
export function roughDuration(milliseconds: number): string {
  const minutes = Math.max(0, Math.round(milliseconds / 60_000))
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h`
  return `${Math.floor(hours / 24)} days`
}
