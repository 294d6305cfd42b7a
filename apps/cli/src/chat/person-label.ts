import type { Member } from '@lanchat/client'

/** The mark after the name of someone signed in to an account: the name is theirs alone. Guests have none. */
export const ACCOUNT_MARK = '✓'

/**
 * How a person is named on screen: their label among look-alike names (`Maria · 4f2a`, from `distinguishNames`),
 * then the {@link ACCOUNT_MARK} when they are signed in to an account. Not sanitized: the renderers do that.
 *
 * @example
 * ```ts
 * personLabel({ id: 'u1', name: 'Maria', account: true }, new Map()) // 'Maria ✓'
 * personLabel({ id: 'u2', name: 'Pete' }, new Map([['u2', 'Pete · 09ab']])) // 'Pete · 09ab'
 * ```
 */
export function personLabel(member: Member, labels: ReadonlyMap<string, string>): string {
  const label = labels.get(member.id) ?? member.name
  return member.account === true ? `${label} ${ACCOUNT_MARK}` : label
}
