/**
 * A server timestamp as local `HH:MM`, the way chat clients show it.
 *
 * @example
 * ```ts
 * formatTime(Date.now()) // '14:05'
 * ```
 */
export function formatTime(ts: number): string {
  const date = new Date(ts)
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`
}

/**
 * Who is typing, in words, or '' when nobody is.
 *
 * @example
 * ```ts
 * typingText(['Maria']) // 'Maria is typing…'
 * typingText(['Maria', 'Pete', 'Ann']) // 'Maria, Pete and Ann are typing…'
 * ```
 */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return ''
  if (names.length === 1) return `${names[0]} is typing…`
  if (names.length > 3) return `${names.length} people are typing…`
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`
}
