// The same rule as the CLI's (apps/cli/src/chat/mentions.ts): one meaning of "a mention of you" everywhere.
/** A run of message text, and whether it is a mention of you. */
export interface MentionPart {
  text: string
  mention: boolean
}

const patterns = new Map<string, RegExp>()

/**
 * `@Name` of `name`, in any case, as a word of its own: not inside an address (`a@Name`) or a longer name (`@Names`).
 * Names may hold spaces (`@Ana Lima`).
 */
function mentionPattern(name: string): RegExp | undefined {
  const trimmed = name.trim()
  if (trimmed === '') return undefined
  let pattern = patterns.get(trimmed)
  if (pattern === undefined) {
    const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_@])@${escaped}(?![\\p{L}\\p{N}_])`, 'giu')
    if (patterns.size > 64) patterns.clear()
    patterns.set(trimmed, pattern)
  }
  pattern.lastIndex = 0
  return pattern
}

/**
 * Whether `text` mentions `name` (`@Name`, any case, a word of its own).
 *
 * @example
 * ```ts
 * mentionsName('hi @ana!', 'Ana')     // true
 * mentionsName('mail ana@ana.org', 'Ana') // false
 * ```
 */
export function mentionsName(text: string, name: string | undefined): boolean {
  if (name === undefined) return false
  const pattern = mentionPattern(name)
  return pattern !== undefined && pattern.test(text)
}

/**
 * `text` cut into runs, the mentions of `name` apart, for highlighting; nothing is added or dropped.
 *
 * @example
 * ```ts
 * splitMentions('hi @Ana, look', 'ana') // [{ text: 'hi ', mention: false }, { text: '@Ana', mention: true }, { text: ', look', mention: false }]
 * ```
 */
export function splitMentions(text: string, name: string | undefined): MentionPart[] {
  const pattern = name === undefined ? undefined : mentionPattern(name)
  if (pattern === undefined) return [{ text, mention: false }]
  const parts: MentionPart[] = []
  let last = 0
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), mention: false })
    parts.push({ text: match[0], mention: true })
    last = match.index + match[0].length
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last), mention: false })
  return parts
}
