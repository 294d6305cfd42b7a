/**
 * Splits text longer than the server's limit into pieces that fit, at a space in the second half of a piece
 * when there is one, and never inside a surrogate pair. Pieces that would be only white space are dropped
 * (the server refuses them).
 *
 * @example
 * ```ts
 * splitText('aaaa bbbb cccc', 10) // ['aaaa bbbb ', 'cccc']
 * ```
 */
export function splitText(text: string, maxLength: number): string[] {
  if (maxLength < 2) throw new RangeError('maxLength must be at least 2')
  const pieces: string[] = []
  let rest = text
  while (rest.length > maxLength) {
    let cut = maxLength
    const window = rest.slice(0, maxLength)
    const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'), window.lastIndexOf('\t'))
    if (space >= maxLength / 2) cut = space + 1
    else if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut--
    pieces.push(rest.slice(0, cut))
    rest = rest.slice(cut)
  }
  pieces.push(rest)
  return pieces.filter((piece) => piece.trim() !== '')
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}
