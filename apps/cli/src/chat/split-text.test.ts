import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { splitText } from './split-text.js'

describe('splitText', () => {
  it('should keep text that fits as one piece', () => {
    expect(splitText('hello', 10)).toEqual(['hello'])
    expect(splitText('x'.repeat(10), 10)).toEqual(['x'.repeat(10)])
  })

  it('should split at a space in the second half of a piece', () => {
    expect(splitText('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb ', 'cccc'])
  })

  it('should cut a long word where it must', () => {
    expect(splitText('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl'])
  })

  it('should never cut a surrogate pair in two', () => {
    const pieces = splitText('a😀😀😀', 4)
    expect(pieces).toEqual(['a😀', '😀😀'])
  })

  it('should drop pieces that are only white space', () => {
    expect(splitText(`abc${' '.repeat(20)}`, 8)).toEqual(['abc     '])
  })

  it('should keep every piece within the limit and lose no character but blank pieces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 2, max: 40 }), (text, max) => {
        const pieces = splitText(text, max)
        for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(max)
        expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
      }),
      { numRuns: 300 },
    )
  })
})
