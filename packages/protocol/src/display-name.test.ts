import { describe, expect, it } from 'vitest'
import { checkDisplayName, nameKey, textLength } from './display-name.js'

describe('checkDisplayName', () => {
  it('should NFC-normalise and trim a good name', () => {
    expect(checkDisplayName('  Jose\u0301 ')).toEqual({ ok: true, name: 'José' })
  })

  it.each([
    ['a right-to-left override', 'Maria\u202Egnp.exe'],
    ['a left-to-right isolate', '\u2066Maria\u2069'],
    ['a right-to-left mark', 'Maria\u200F'],
    ['an Arabic letter mark', 'Maria\u061C'],
  ])('should refuse %s', (_, name) => {
    expect(checkDisplayName(name)).toEqual({ ok: false, reason: expect.stringMatching(/text-direction/) })
  })

  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a Hangul filler', '\u3164'],
    ['a blank Braille pattern', '\u2800'],
    ['a lone combining mark', '\u0301'],
    ['a word joiner and an ideographic space', '\u2060\u3000'],
  ])('should refuse a name of only %s', (_, name) => {
    expect(checkDisplayName(name)).toEqual({ ok: false, reason: 'A name needs at least one visible character' })
  })

  it.each(['System', 'SYSTEM', ' system ', '[System]', 'Sys tem', 'Ｓｙｓｔｅｍ', 'Server', 'lanchat', 'Admin'])(
    'should refuse the reserved name %j',
    (name) => {
      expect(checkDisplayName(name)).toEqual({ ok: false, reason: expect.stringMatching(/reserved/) })
    },
  )

  it('should refuse a name of only white space', () => {
    expect(checkDisplayName('\u00A0 \u3000')).toEqual({ ok: false, reason: 'Enter a name' })
  })

  it('should allow names that only contain a reserved word', () => {
    expect(checkDisplayName('Systemic Sam')).toEqual({ ok: true, name: 'Systemic Sam' })
  })

  it('should count the length in code points, so 32 emoji fit and 33 do not', () => {
    expect(checkDisplayName('😀'.repeat(32))).toMatchObject({ ok: true })
    expect(checkDisplayName('😀'.repeat(33))).toEqual({ ok: false, reason: expect.stringMatching(/at most 32 characters \(this one has 33\)/) })
  })

  it('should allow emoji joined with a zero-width joiner', () => {
    expect(checkDisplayName('Ana 👩‍💻')).toMatchObject({ ok: true })
  })
})

describe('nameKey', () => {
  it('should fold names that look alike to one key', () => {
    expect(new Set(['Maria', 'maria', 'Maria\u200B', 'M a r i a', 'ＭＡＲＩＡ']).size).toBe(5)
    expect(new Set(['Maria', 'maria', 'Maria\u200B', 'M a r i a', 'ＭＡＲＩＡ'].map(nameKey))).toEqual(new Set(['maria']))
  })
})

describe('textLength', () => {
  it('should count code points', () => {
    expect(textLength('Maria 😀')).toBe(7)
    expect(textLength('')).toBe(0)
  })
})
