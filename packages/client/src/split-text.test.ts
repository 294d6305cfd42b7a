import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { textLength } from '@lanchat/protocol'
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

  it('should count code points, so an emoji counts once', () => {
    expect(splitText('a😀😀😀', 4)).toEqual(['a😀😀😀'])
  })

  it('should never cut a surrogate pair in two', () => {
    expect(splitText('a😀😀😀', 2)).toEqual(['a😀', '😀😀'])
  })

  it('should prefer a paragraph break, then a line break, then a space', () => {
    expect(splitText('one two three\n\nfour five six seven', 20)).toEqual(['one two three', 'four five six seven'])
    expect(splitText('one two three\nfour five six', 20)).toEqual(['one two three', 'four five six'])
  })

  it('should drop pieces that are only white space', () => {
    expect(splitText(`abc${' '.repeat(20)}`, 8)).toEqual(['abc     '])
  })

  it('should keep every piece within the limit and lose no character but blank pieces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 2, max: 40 }), (text, max) => {
        const pieces = splitText(text, max)
        for (const piece of pieces) expect(textLength(piece)).toBeLessThanOrEqual(max)
        expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
      }),
      { numRuns: 300 },
    )
  })
})
