import { nameKey } from '@lanchat/protocol'

// Letters that look like others in common fonts (a subset of Unicode's confusables, UTS #39): Cyrillic and Greek
// look-alikes of Latin letters, the usual tools of an impostor, and the i/l/1 and o/0 families. Folded to one
// letter, so "Мaria" (Cyrillic М), "MAR1A" and "Maria" are one account name.
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'l',
  ї: 'l', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ү: 'y', һ: 'h', ӏ: 'l', ɡ: 'g',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'l', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ζ: 'z', μ: 'u',
  // Capital I, small l and the digit 1 are one stroke in many fonts ("AIice", "A1ice", "Alice"): one letter here.
  i: 'l', ı: 'l', '1': 'l', ł: 'l',
  '0': 'o',
}
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu')

/**
 * The key that makes account names unique: the protocol's {@link nameKey} (NFKC, lower case, no spaces,
 * punctuation or invisible characters), then look-alike letters of Cyrillic and Greek, and the digits 0 and 1,
 * folded to the Latin letters they imitate (i, l and 1 to one letter, o and 0 to another). "Maria", "MARIA",
 * "M a r i a", "Mаria" (Cyrillic а) and "Mar1a" all have one key, so no one can claim a name that reads as
 * someone else's.
 *
 * @example
 * ```ts
 * accountNameKey('Мaria') === accountNameKey('Maria') // true: the М is Cyrillic
 * ```
 */
export function accountNameKey(name: string): string {
  return nameKey(name).replace(LOOK_ALIKE, (letter) => LOOK_ALIKES[letter] ?? letter)
}
