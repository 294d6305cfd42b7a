/** A run of message text: plain text, or a link that is safe to make clickable. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

// A URL starts with http:// or https:// and runs to the next whitespace or quote-like character.
const candidate = /\bhttps?:\/\/[^\s<>"'`]+/gi
const trailingPunctuation = /[.,;:!?*_~]+$/

// Keeps a closing bracket that belongs to the URL (https://en.wikipedia.org/wiki/Foo_(bar)) and drops
// one that closes the sentence around it.
function trimUrl(raw: string): string {
  let url = raw.replace(trailingPunctuation, '')
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (url.endsWith(close) && url.split(open).length < url.split(close).length) {
      url = url.slice(0, -1).replace(trailingPunctuation, '')
    }
  }
  return url
}

function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined
  } catch {
    return undefined
  }
}

/**
 * Splits message text into plain runs and http/https links. Nothing else becomes a link: no
 * `javascript:`, no `data:`. Render the result as text nodes and `<a>` elements, never as HTML.
 *
 * @example
 * ```ts
 * linkify('see https://example.com.')
 * // [{ kind: 'text', text: 'see ' }, { kind: 'link', text: 'https://example.com', href: 'https://example.com/' },
 * //  { kind: 'text', text: '.' }]
 * ```
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = []
  let plainFrom = 0
  for (const match of text.matchAll(candidate)) {
    const url = trimUrl(match[0])
    const href = safeHref(url)
    if (href === undefined) continue
    const start = match.index
    if (start > plainFrom) segments.push({ kind: 'text', text: text.slice(plainFrom, start) })
    segments.push({ kind: 'link', text: url, href })
    plainFrom = start + url.length
  }
  if (plainFrom < text.length) segments.push({ kind: 'text', text: text.slice(plainFrom) })
  return segments
}
