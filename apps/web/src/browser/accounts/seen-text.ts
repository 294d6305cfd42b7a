import { relativeTime } from '../time-format.js'

/**
 * When something last happened, as a phrase after "Last seen" or "signed in": "just now", "5 min ago", "at 14:03",
 * "on Tue 24 Nov, 14:03".
 *
 * @example
 * ```ts
 * seenText(Date.now() - 120_000, Date.now()) // '2 min ago'
 * ```
 */
export function seenText(timestamp: number, now: number): string {
  const short = relativeTime(timestamp, now)
  if (short === 'now') return 'just now'
  if (short.endsWith(' min')) return `${short} ago`
  return short.includes(',') ? `on ${short}` : `at ${short}`
}
