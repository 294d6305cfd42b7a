import { LIMITS } from '@lanchat/protocol'

// Mirrors the protocol's DisplayName rule, so the form can say what is wrong before the server does.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/

/**
 * Whether a trimmed name is acceptable: 1–32 characters, no control characters.
 *
 * @example
 * ```ts
 * validName('Maria') // true
 * ```
 */
export function validName(name: string): boolean {
  return name.length >= 1 && name.length <= LIMITS.maxNameLength && !controlCharacters.test(name)
}
