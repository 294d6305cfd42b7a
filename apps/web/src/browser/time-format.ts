const MINUTE = 60_000
const HOUR = 60 * MINUTE

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' })
const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' })
const dividerFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' })

function sameDay(first: Date, second: Date): boolean {
  return first.toDateString() === second.toDateString()
}

/**
 * A short time for the message list: "now", "5 min", then the clock time, then the day.
 *
 * @example
 * ```ts
 * relativeTime(Date.now() - 120_000, Date.now()) // '2 min'
 * ```
 */
export function relativeTime(timestamp: number, now: number): string {
  const age = now - timestamp
  if (age < MINUTE) return 'now'
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min`
  const date = new Date(timestamp)
  if (sameDay(date, new Date(now))) return clockFormat.format(date)
  return `${dayFormat.format(date)}, ${clockFormat.format(date)}`
}

/**
 * The full date and time, for a tooltip.
 *
 * @example
 * ```ts
 * exactTime(message.ts) // 'Tuesday, 24 November 2026 at 14:03:12'
 * ```
 */
export function exactTime(timestamp: number): string {
  return exactFormat.format(new Date(timestamp))
}

/**
 * The label of a day divider: "Today", "Yesterday", or the date.
 *
 * @example
 * ```ts
 * dayLabel(message.ts, Date.now()) // 'Today'
 * ```
 */
export function dayLabel(timestamp: number, now: number): string {
  const date = new Date(timestamp)
  const today = new Date(now)
  if (sameDay(date, today)) return 'Today'
  const yesterday = new Date(now)
  yesterday.setDate(today.getDate() - 1)
  if (sameDay(date, yesterday)) return 'Yesterday'
  return dividerFormat.format(date)
}

/** Whether two timestamps fall on different calendar days, where a divider goes. */
export function isNewDay(previous: number, next: number): boolean {
  return !sameDay(new Date(previous), new Date(next))
}
