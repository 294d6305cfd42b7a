/**
 * Makes remote text safe to print on a terminal. Anything another person typed (message text, names, room
 * names) passes through here before it is shown, so that a message cannot move the cursor, clear the screen,
 * retitle the window, write the clipboard (OSC 52) or reorder what is around it.
 *
 * Removed: C0 controls except `\n` and `\t` (`\t` becomes spaces, `\r\n` becomes `\n`), DEL, C1 controls,
 * whole escape sequences (CSI, OSC, DCS, APC, PM, SOS, and the short `ESC x` forms) in both their 7-bit
 * (`ESC [`) and 8-bit (`U+009B`) spellings, and the bidirectional embedding, override and isolate characters
 * (U+202A–U+202E, U+2066–U+2069) that can make text read differently from what it is.
 */

const ESC = 0x1b
const BEL = 0x07
const DEL = 0x7f
const TAB = 0x09
const NEWLINE = 0x0a

// 8-bit (C1) introducers of the same sequences.
const C1_CSI = 0x9b
const C1_STRING_STARTERS = new Set([0x90 /* DCS */, 0x98 /* SOS */, 0x9d /* OSC */, 0x9e /* PM */, 0x9f /* APC */])
const C1_ST = 0x9c

// The character after ESC that opens a control string: OSC `]`, DCS `P`, SOS `X`, PM `^`, APC `_`.
const STRING_OPENERS = new Set([0x5d, 0x50, 0x58, 0x5e, 0x5f])

/** How many columns a tab advances to (the next multiple of this). */
export const TAB_WIDTH = 4

function isBidiControl(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)
}

/** Index just past a CSI sequence whose parameters start at `start`. */
function skipCsi(text: string, start: number): number {
  let index = start
  // Parameter bytes 0x30–0x3F, then intermediate bytes 0x20–0x2F, then one final byte 0x40–0x7E.
  while (index < text.length && text.charCodeAt(index) >= 0x30 && text.charCodeAt(index) <= 0x3f) index++
  while (index < text.length && text.charCodeAt(index) >= 0x20 && text.charCodeAt(index) <= 0x2f) index++
  if (index < text.length && text.charCodeAt(index) >= 0x40 && text.charCodeAt(index) <= 0x7e) index++
  return index
}

/**
 * Index just past a control string (OSC, DCS, SOS, PM, APC) whose body starts at `start`. It ends at BEL,
 * at ST (`ESC \` or U+009C), or at the end of the text. Any other ESC inside also ends it, the way terminals
 * abort a string there; that ESC is then handled as the start of a new sequence.
 */
function skipControlString(text: string, start: number): number {
  let index = start
  while (index < text.length) {
    const code = text.charCodeAt(index)
    if (code === BEL || code === C1_ST) return index + 1
    if (code === ESC) return text.charCodeAt(index + 1) === 0x5c ? index + 2 : index
    index++
  }
  return index
}

/** Index just past the escape sequence that starts with the ESC at `start`. */
function skipEscape(text: string, start: number): number {
  const next = text.charCodeAt(start + 1) // NaN past the end
  if (next === 0x5b) return skipCsi(text, start + 2)
  if (STRING_OPENERS.has(next)) return skipControlString(text, start + 2)
  let index = start + 1
  // nF sequences: intermediates 0x20–0x2F then a final 0x30–0x7E (`ESC ( B`); Fp/Fe/Fs: one byte 0x30–0x7E (`ESC c`).
  while (index < text.length && text.charCodeAt(index) >= 0x20 && text.charCodeAt(index) <= 0x2f) index++
  if (index < text.length && text.charCodeAt(index) >= 0x30 && text.charCodeAt(index) <= 0x7e) return index + 1
  return index
}

/**
 * Strips every terminal control sequence from remote text, keeping newlines and turning tabs into spaces.
 *
 * @example
 * ```ts
 * sanitize('hi\x1b]0;pwned\x07\x1b[2J there') // 'hi there'
 * sanitize('a\tb') // 'a   b'
 * ```
 */
export function sanitize(text: string): string {
  let output = ''
  let column = 0
  let index = 0
  while (index < text.length) {
    const code = text.charCodeAt(index)
    if (code === ESC) {
      index = skipEscape(text, index)
      continue
    }
    if (code === C1_CSI) {
      index = skipCsi(text, index + 1)
      continue
    }
    if (C1_STRING_STARTERS.has(code)) {
      index = skipControlString(text, index + 1)
      continue
    }
    index++
    if (code === NEWLINE) {
      output += '\n'
      column = 0
    } else if (code === TAB) {
      const spaces = TAB_WIDTH - (column % TAB_WIDTH)
      output += ' '.repeat(spaces)
      column += spaces
    } else if (code < 0x20 || (code >= DEL && code <= 0x9f) || isBidiControl(code)) {
      // Dropped: C0 (including a lone `\r`), DEL, C1, bidi controls.
    } else {
      output += text[index - 1]
      // Count a surrogate pair once; tab stops only need to be roughly right for wide text.
      if (code < 0xdc00 || code > 0xdfff) column++
    }
  }
  return output
}

/**
 * {@link sanitize} for one-line places (names, room names, line mode): newlines become ` ↵ `.
 *
 * @example
 * ```ts
 * sanitizeLine('first\nsecond') // 'first ↵ second'
 * ```
 */
export function sanitizeLine(text: string): string {
  return sanitize(text).replace(/\n/g, ' ↵ ')
}
