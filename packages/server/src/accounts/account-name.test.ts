import { describe, expect, it } from 'vitest'
import { accountNameKey } from './account-name.js'

describe('accountNameKey', () => {
  it.each([
    'MARIA',
    'maria',
    'M a r i a',
    'Maria\u200b',
    'Мaria', // Cyrillic М
    'Mаria', // Cyrillic а
    'MAR1A',
    'MARlA',
    'Ｍａｒｉａ', // full-width
    '[Maria]',
  ])('should fold %s to the key of Maria', (name) => {
    expect(accountNameKey(name)).toBe(accountNameKey('Maria'))
  })

  it('should keep names apart that read differently', () => {
    expect(accountNameKey('Maria')).not.toBe(accountNameKey('Mario'))
    expect(accountNameKey('Ana')).not.toBe(accountNameKey('Anna'))
    expect(accountNameKey('Pete')).not.toBe(accountNameKey('Peter'))
  })
})
