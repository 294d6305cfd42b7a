import { LIMITS } from './limits.js'

/**
 * Names a user may not take, compared after {@link nameKey} folding ("System", "SYSTEM", "[system]", "Sys tem" all
 * count): they belong to the server's own notices and to whoever runs it. The host app may still post under them
 * (`app.lanchat.post(room, text, { name: 'System' })`).
 */
export const RESERVED_NAMES: readonly string[] = Object.freeze(['system', 'server', 'lanchat', 'admin', 'administrator', 'moderator'])

/** The outcome of {@link checkDisplayName}: the name to use, or why it cannot be used. */
export type DisplayNameCheck = { ok: true; name: string } | { ok: false; reason: string }

// Bidirectional controls (embeddings, overrides, isolates, marks): they reorder what follows and can make a name
// read as something else, so they are refused anywhere in a name.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u
// Control characters (C0, DEL, C1): the wire schema refuses them too.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u
// What shows nothing on its own: white space, format characters, default-ignorables (zero-width space, Hangul
// fillers, variation selectors, tags…), combining marks without a base, and the blank Braille pattern.
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/gu
const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g
// Everything but letters and digits, for comparing names the way people read them.
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu

/**
 * The length of a name or text as lanchat counts it: in Unicode code points, so an emoji such as 😀 counts once
 * (JSON Schema's `maxLength`, which the protocol schemas use, counts the same way).
 *
 * @example
 * ```ts
 * textLength('Maria 😀') // 7
 * ```
 */
export function textLength(text: string): number {
  return text.length - (text.match(SURROGATE_PAIR)?.length ?? 0)
}

/**
 * Folds a name to the form people compare by eye: compatibility-normalised (NFKC), lower case, with white space,
 * invisible characters and punctuation removed. Two names with the same key look alike ("Maria", "maria",
 * "Maria\u200b", "M a r i a").
 *
 * @example
 * ```ts
 * nameKey('  [SYSTEM] ') // 'system'
 * ```
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(INVISIBLE, '').replace(NOT_LETTER_OR_DIGIT, '')
}

/**
 * Normalises and validates a display name chosen by a user: NFC, trimmed, 1–{@link LIMITS.maxNameLength} code
 * points, no control or bidirectional control characters, at least one visible character, and not one of the
 * {@link RESERVED_NAMES}. The server runs it on `hello` and `profile.update`; clients run it to explain a refusal
 * before the server does.
 *
 * @example
 * ```ts
 * checkDisplayName('  Maria ') // { ok: true, name: 'Maria' }
 * checkDisplayName('System') // { ok: false, reason: 'The name "System" is reserved for the server' }
 * ```
 */
export function checkDisplayName(input: string): DisplayNameCheck {
  const name = input.normalize('NFC').trim()
  if (name === '') return { ok: false, reason: 'Enter a name' }
  if (CONTROL_CHARACTERS.test(name)) return { ok: false, reason: 'A name cannot contain control characters' }
  if (BIDI_CONTROLS.test(name)) {
    return { ok: false, reason: 'A name cannot contain text-direction control characters (such as U+202E)' }
  }
  if (name.replace(INVISIBLE, '') === '') return { ok: false, reason: 'A name needs at least one visible character' }
  const length = textLength(name)
  if (length > LIMITS.maxNameLength) {
    return { ok: false, reason: `A name can be at most ${LIMITS.maxNameLength} characters (this one has ${length})` }
  }
  if (RESERVED_NAMES.includes(nameKey(name))) return { ok: false, reason: `The name "${name}" is reserved for the server` }
  return { ok: true, name }
}
