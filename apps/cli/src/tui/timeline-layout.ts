import { gapText, type DisplayEntry } from '../chat/display-entries.js'
import { splitMentions } from '../chat/mentions.js'
import { formatTime } from '../render/format-time.js'
import { sanitize, sanitizeLine } from '../render/sanitize.js'
import { nameColourHex } from '../render/terminal-colours.js'
import { displayWidth, truncate, wrapText } from '../render/text-width.js'

/** A run of text with one style. Colours are hex or ink colour names, and only set when colour is on. */
export interface Segment {
  text: string
  color?: string
  bold?: boolean
  dim?: boolean
  italic?: boolean
}

/** One row of the message pane. */
export interface VisualLine {
  key: string
  /** The key of the display entry the row belongs to. */
  entryKey: string
  segments: Segment[]
}

export interface LayoutOptions {
  /** Colour is on (NO_COLOR and friends say otherwise). */
  colour: boolean
  /** Use the light-background variants of the name colours. */
  light: boolean
}

// Names longer than this are cut in the message pane; the full name is in the member list.
const MAX_NAME_COLUMNS = 16

const NOTICE_COLOURS = { info: 'cyan', join: 'green', leave: 'yellow', error: 'red', event: undefined } as const

function styled(options: LayoutOptions, segment: Segment): Segment {
  if (options.colour || segment.color === undefined) return segment
  const { color: _dropped, ...rest } = segment
  return rest
}

/** A row of message text, a mention of you in bold yellow (bold alone without colour). */
function bodySegments(row: string, style: Segment, mention: string | undefined): Segment[] {
  if (mention === undefined) return [{ ...style, text: row }]
  return splitMentions(row, mention).map((part) => (part.mention ? { ...style, text: part.text, bold: true, color: 'yellow' } : { ...style, text: part.text }))
}

/**
 * Lays out one timeline entry as rows of at most `width` columns, irssi style: `HH:MM <Name> text`, with
 * wrapped lines indented under the text. All remote text is sanitized here, at the last step before the
 * screen.
 *
 * @example
 * ```ts
 * layoutEntry(entry, 80, { colour: true, light: false }) // [{ key, segments: [time, name, text] }]
 * ```
 */
export function layoutEntry(entry: DisplayEntry, width: number, options: LayoutOptions): VisualLine[] {
  const time: Segment = { text: entry.kind === 'gap' ? '' : `${formatTime(entry.kind === 'message' ? entry.message.ts : entry.ts)} `, dim: true }
  let prefix: Segment[]
  let body: string
  let bodyStyle: Segment = { text: '' }
  let suffix: Segment | undefined
  let mention: string | undefined

  switch (entry.kind) {
    case 'message': {
      const { message } = entry
      const name = truncate(sanitizeLine(entry.author), MAX_NAME_COLUMNS)
      if (message.kind === 'system') {
        prefix = [time, { text: `* ${name} `, italic: true, color: 'magenta' }]
        bodyStyle = { text: '', italic: true }
      } else {
        const color = nameColourHex(message.from.id, options.light)
        prefix = [time, { text: '<', dim: true }, { text: name, color, bold: entry.own }, { text: '> ', dim: true }]
        if (entry.own) bodyStyle = { text: '', bold: false, color: options.light ? 'blackBright' : 'whiteBright' }
      }
      body = sanitize(message.text)
      mention = entry.mention
      break
    }
    case 'pending':
      prefix = [time, { text: '<', dim: true }, { text: 'you', bold: true }, { text: '> ', dim: true }]
      body = sanitize(entry.text)
      bodyStyle = { text: '', dim: true }
      suffix = entry.failed === undefined ? { text: ' …', dim: true } : { text: ` ✗ not sent: ${entry.failed}`, color: 'red' }
      break
    case 'notice': {
      // Changes to the room are dim; other notices in their colour.
      const colour = NOTICE_COLOURS[entry.tone]
      const look: Omit<Segment, 'text'> = colour === undefined ? { dim: true } : { color: colour }
      prefix = [time, { text: '-!- ', ...look }]
      body = sanitize(entry.text)
      bodyStyle = { text: '', ...look }
      break
    }
    case 'gap':
      prefix = []
      body = gapText(entry, 'PageUp or /more')
      bodyStyle = { text: '', dim: true, italic: true }
      break
  }

  const prefixWidth = displayWidth(prefix.map((segment) => segment.text).join(''))
  // Wrapped rows are indented under the text, unless the prefix would eat half the pane.
  const indent = Math.min(prefixWidth, Math.floor(width / 2))
  const rows = wrapText(body, Math.max(1, width - indent))
  const lines = rows.map((row, index): VisualLine => {
    const lead = index === 0 ? prefix : [{ text: ' '.repeat(indent) }]
    return {
      key: `${entry.key}:${index}`,
      entryKey: entry.key,
      segments: [...lead, ...bodySegments(row, bodyStyle, mention)].map((segment) => styled(options, segment)),
    }
  })
  if (suffix !== undefined) {
    const last = lines.at(-1) as VisualLine
    last.segments.push(styled(options, suffix))
  }
  return lines
}

/**
 * Lays out a whole timeline.
 *
 * @example
 * ```ts
 * const rows = layoutTimeline(session.timeline, paneWidth, options)
 * ```
 */
export function layoutTimeline(entries: readonly DisplayEntry[], width: number, options: LayoutOptions): VisualLine[] {
  return entries.flatMap((entry) => layoutEntry(entry, width, options))
}
