import { gapText, type DisplayEntry } from '../chat/display-entries.js'
import { splitMentions } from '../chat/mentions.js'
import { formatTime } from './format-time.js'
import { sanitizeLine } from './sanitize.js'
import { paintHex, nameColourHex, type Colours } from './terminal-colours.js'

/** How line mode paints. */
export interface LineStyle {
  colours: Colours
  environment: Readonly<Record<string, string | undefined>>
  /** The terminal has a light background. */
  light: boolean
}

/**
 * One display entry as one line of line mode: `HH:MM [room] Name: text`. Remote text is sanitized and its
 * newlines shown as ` ↵ `, so one event is always one line (for screen readers, logs and `grep`). A gap has no
 * time of its own: it is shown as `--:--`.
 *
 * @example
 * ```ts
 * formatEntryLine(entry, 'lobby', style) // '14:05 [lobby] Maria: hello'
 * ```
 */
export function formatEntryLine(entry: DisplayEntry, roomLabel: string | undefined, style: LineStyle): string {
  const { colours } = style
  const time = colours.dim(entry.kind === 'gap' ? '--:--' : formatTime(entry.kind === 'message' ? entry.message.ts : entry.ts))
  const room = roomLabel === undefined ? '' : ` ${colours.dim(`[${roomLabel}]`)}`
  switch (entry.kind) {
    case 'message': {
      const { message } = entry
      const name = sanitizeLine(entry.author)
      const painted = paintHex(name, nameColourHex(message.from.id, style.light), colours, style.environment)
      const text = sanitizeLine(message.text)
      if (message.kind === 'system') return `${time}${room} ${colours.italic(`** ${name}: ${text}`)}`
      // A mention of you stands out in bold colour; without colour the `@Name` is still there to read.
      const shown = splitMentions(text, entry.mention)
        .map((part) => (part.mention ? colours.bold(colours.yellow(part.text)) : part.text))
        .join('')
      return `${time}${room} ${entry.own ? colours.bold(painted) : painted}: ${shown}`
    }
    case 'pending':
      if (entry.failed !== undefined) return `${time}${room} ${colours.red(`! Not sent (${entry.failed}): ${sanitizeLine(entry.text)}`)}`
      return `${time}${room} ${colours.dim(`(sending) ${sanitizeLine(entry.text)}`)}`
    case 'gap':
      return `${time}${room} ${colours.dim(gapText(entry, '/more'))}`
    case 'notice': {
      const paint =
        entry.tone === 'error'
          ? colours.red
          : entry.tone === 'join'
            ? colours.green
            : entry.tone === 'leave'
              ? colours.yellow
              : entry.tone === 'event'
                ? colours.dim
                : colours.cyan
      const marker = entry.tone === 'error' ? '!' : '*'
      return `${time}${room} ${paint(`${marker} ${entry.text}`)}`
    }
  }
}
