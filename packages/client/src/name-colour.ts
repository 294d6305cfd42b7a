/**
 * Name colours: every user id maps to one of twelve colours, so a person has the same colour in the web app,
 * the CLI and any app built on this SDK. Each colour has a `light` variant (at least 4.5:1 against white and #f3f4f6) and a `dark` variant
 * (at least 4.5:1 against #0f1115 and #1c1f26), so names stay readable in both themes.
 *
 * Changing the palette's order or the hash recolours everyone: treat it as a breaking change.
 */

/** One palette entry: the same hue for light and for dark backgrounds. */
export interface NameColour {
  /** What to call it, for tests and docs. */
  name: string
  /** Hex colour for text on light backgrounds. */
  light: string
  /** Hex colour for text on dark backgrounds. */
  dark: string
}

/** The twelve name colours, in hash order. */
export const NAME_COLOURS: readonly NameColour[] = Object.freeze([
  { name: 'red', light: '#b91c1c', dark: '#f87171' },
  { name: 'orange', light: '#c2410c', dark: '#fb923c' },
  { name: 'amber', light: '#b45309', dark: '#fbbf24' },
  { name: 'green', light: '#15803d', dark: '#4ade80' },
  { name: 'teal', light: '#0f766e', dark: '#2dd4bf' },
  { name: 'cyan', light: '#0e7490', dark: '#22d3ee' },
  { name: 'sky', light: '#0369a1', dark: '#38bdf8' },
  { name: 'blue', light: '#1d4ed8', dark: '#60a5fa' },
  { name: 'indigo', light: '#4f46e5', dark: '#a5b4fc' },
  { name: 'violet', light: '#6d28d9', dark: '#a78bfa' },
  { name: 'fuchsia', light: '#a21caf', dark: '#e879f9' },
  { name: 'pink', light: '#be185d', dark: '#f472b6' },
])

/**
 * 32-bit FNV-1a over the UTF-16 code units of `text`, as an unsigned integer.
 *
 * @example
 * ```ts
 * fnv1a('') // 2166136261
 * ```
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

/**
 * Index into {@link NAME_COLOURS} for a user id: `fnv1a(userId) % 12`. Hash the id, not the name, so a
 * person keeps their colour when they rename themselves.
 *
 * @example
 * ```ts
 * NAME_COLOURS[nameColourIndex(message.from.id)]
 * ```
 */
export function nameColourIndex(userId: string): number {
  return fnv1a(userId) % NAME_COLOURS.length
}

/**
 * The colour of a user id.
 *
 * @example
 * ```ts
 * nameColour('u_42').light // '#0f766e' (for example)
 * ```
 */
export function nameColour(userId: string): NameColour {
  return NAME_COLOURS[nameColourIndex(userId)] as NameColour
}
