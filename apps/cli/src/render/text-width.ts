/**
 * Terminal column widths, for laying out the full-screen view: which characters take two columns (CJK,
 * most emoji), which take none (combining marks, joiners, variation selectors). Close to wcwidth, which is
 * what terminals use; exact agreement on every emoji sequence is not possible, so lines are also truncated
 * by the renderer and a stray column never breaks the layout.
 */

const ZERO_WIDTH: ReadonlyArray<readonly [number, number]> = [
  [0x0300, 0x036f],
  [0x0483, 0x0489],
  [0x0591, 0x05bd],
  [0x0610, 0x061a],
  [0x064b, 0x065f],
  [0x0e31, 0x0e31],
  [0x0e34, 0x0e3a],
  [0x0e47, 0x0e4e],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
  [0xfe20, 0xfe2f],
  [0xfeff, 0xfeff],
  [0x1f3fb, 0x1f3ff], // skin tone modifiers join the emoji before them
  [0xe0000, 0xe007f],
  [0xe0100, 0xe01ef],
]

const DOUBLE_WIDTH: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f5],
  [0x26fa, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f1e6, 0x1f1ff],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f320],
  [0x1f32d, 0x1f335],
  [0x1f337, 0x1f37c],
  [0x1f37e, 0x1f393],
  [0x1f3a0, 0x1f3ca],
  [0x1f3cf, 0x1f3d3],
  [0x1f3e0, 0x1f3f0],
  [0x1f3f4, 0x1f3f4],
  [0x1f3f8, 0x1f43e],
  [0x1f440, 0x1f440],
  [0x1f442, 0x1f4fc],
  [0x1f4ff, 0x1f53d],
  [0x1f54b, 0x1f54e],
  [0x1f550, 0x1f567],
  [0x1f57a, 0x1f57a],
  [0x1f595, 0x1f596],
  [0x1f5a4, 0x1f5a4],
  [0x1f5fb, 0x1f64f],
  [0x1f680, 0x1f6c5],
  [0x1f6cc, 0x1f6cc],
  [0x1f6d0, 0x1f6d2],
  [0x1f6d5, 0x1f6d7],
  [0x1f6dc, 0x1f6df],
  [0x1f6eb, 0x1f6ec],
  [0x1f6f4, 0x1f6fc],
  [0x1f7e0, 0x1f7eb],
  [0x1f7f0, 0x1f7f0],
  [0x1f90c, 0x1f93a],
  [0x1f93c, 0x1f945],
  [0x1f947, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd],
]

function inRanges(code: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  let low = 0
  let high = ranges.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const [start, end] = ranges[middle] as readonly [number, number]
    if (code < start) high = middle - 1
    else if (code > end) low = middle + 1
    else return true
  }
  return false
}

/**
 * Columns one code point takes: 0, 1 or 2.
 *
 * @example
 * ```ts
 * codePointWidth('你'.codePointAt(0)!) // 2
 * ```
 */
export function codePointWidth(code: number): number {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0
  if (code < 0x300) return 1
  if (inRanges(code, ZERO_WIDTH)) return 0
  return inRanges(code, DOUBLE_WIDTH) ? 2 : 1
}

/**
 * Columns a string takes on a terminal (it must hold no escape sequences: sanitize first).
 *
 * @example
 * ```ts
 * displayWidth('hi 你好') // 7
 * ```
 */
export function displayWidth(text: string): number {
  let width = 0
  for (const character of text) width += codePointWidth(character.codePointAt(0) as number)
  return width
}

/**
 * Cuts text to at most `width` columns, ending with `…` when something was cut.
 *
 * @example
 * ```ts
 * truncate('a long room name', 8) // 'a long …'
 * ```
 */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text
  if (width <= 0) return ''
  let output = ''
  let used = 0
  for (const character of text) {
    const columns = codePointWidth(character.codePointAt(0) as number)
    if (used + columns > width - 1) break
    output += character
    used += columns
  }
  return `${output}…`
}

/**
 * Wraps one paragraph (no newlines) into lines of at most `width` columns, breaking at spaces where it can
 * and inside a word only when the word alone is too long.
 */
function wrapParagraph(paragraph: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  let lineWidth = 0
  for (const word of paragraph.split(/(?<= )/)) {
    const wordWidth = displayWidth(word)
    const trimmedWidth = displayWidth(word.trimEnd())
    if (lineWidth + trimmedWidth <= width) {
      line += word
      lineWidth += wordWidth
      continue
    }
    if (line !== '') {
      lines.push(line.trimEnd())
      line = ''
      lineWidth = 0
    }
    if (trimmedWidth <= width) {
      line = word
      lineWidth = wordWidth
      continue
    }
    // A word longer than a line: split it by columns.
    for (const character of word) {
      const columns = codePointWidth(character.codePointAt(0) as number)
      if (lineWidth + columns > width && line !== '') {
        lines.push(line)
        line = ''
        lineWidth = 0
      }
      line += character
      lineWidth += columns
    }
  }
  lines.push(line.trimEnd())
  return lines
}

/**
 * Wraps text (which may hold newlines) into lines of at most `width` columns.
 *
 * @example
 * ```ts
 * wrapText('the quick brown fox', 10) // ['the quick', 'brown fox']
 * ```
 */
export function wrapText(text: string, width: number): string[] {
  const safeWidth = Math.max(1, width)
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, safeWidth))
}
