import { textLength } from '@lanchat/protocol'

/**
 * Splits a text longer than `maxLength` (in code points, the unit of `limits.maxTextLength`) into pieces that fit,
 * in order: at the last paragraph break in the second half of a piece if there is one, else the last line break,
 * else the last space or tab, else at the limit (never inside a surrogate pair). The line breaks a piece is cut at
 * are dropped, and so are pieces that would be only white space (the server refuses them). Sending the pieces one after another keeps the text's order.
 *
 * @example
 * ```ts
 * splitText('aaaa bbbb cccc', 10) // ['aaaa bbbb ', 'cccc']
 * const pieces = splitText(text, client.limits?.maxTextLength ?? LIMITS.maxTextLength)
 * for (const piece of pieces) client.send(room, piece)
 * ```
 */
export function splitText(text: string, maxLength: number): string[] {
  if (maxLength < 2) throw new RangeError('maxLength must be at least 2')
  const pieces: string[] = []
  let rest = text
  while (textLength(rest) > maxLength) {
    const window = Array.from(rest).slice(0, maxLength).join('')
    const half = window.length / 2
    let cut = window.length
    let lineBreak = false
    for (const [index, boundary] of [window.lastIndexOf('\n\n') + 1, window.lastIndexOf('\n'), lastSpace(window)].entries()) {
      if (boundary >= half) {
        cut = boundary + 1
        lineBreak = index < 2
        break
      }
    }
    // A piece cut at a line or paragraph break does not end with the break: each message shows without a blank tail.
    pieces.push(lineBreak ? rest.slice(0, cut).replace(/\n+$/, '') : rest.slice(0, cut))
    rest = rest.slice(cut)
  }
  pieces.push(rest)
  return pieces.filter((piece) => piece.trim() !== '')
}

function lastSpace(text: string): number {
  return Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'))
}
