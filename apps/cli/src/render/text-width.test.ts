import { describe, expect, it } from 'vitest'
import { displayWidth, truncate, wrapText } from './text-width.js'

describe('displayWidth', () => {
  it('should count ASCII and Latin one column each', () => {
    expect(displayWidth('hello')).toBe(5)
    expect(displayWidth('Grüße')).toBe(5)
  })

  it('should count CJK and emoji two columns and combining marks none', () => {
    expect(displayWidth('你好')).toBe(4)
    expect(displayWidth('👍')).toBe(2)
    expect(displayWidth('e\u0301')).toBe(1)
    expect(displayWidth('👍🏽')).toBe(2)
  })
})

describe('truncate', () => {
  it('should keep text that fits and cut text that does not, with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short')
    expect(truncate('a long room name', 8)).toBe('a long …')
    expect(truncate('你好你好', 5)).toBe('你好…')
    expect(truncate('abc', 0)).toBe('')
  })
})

describe('wrapText', () => {
  it('should break at spaces', () => {
    expect(wrapText('the quick brown fox', 10)).toEqual(['the quick', 'brown fox'])
  })

  it('should keep newlines as line breaks', () => {
    expect(wrapText('one\ntwo three', 20)).toEqual(['one', 'two three'])
    expect(wrapText('a\n\nb', 5)).toEqual(['a', '', 'b'])
  })

  it('should split a word longer than the line', () => {
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij'])
    expect(wrapText('hi abcdefghij', 4)).toEqual(['hi', 'abcd', 'efgh', 'ij'])
  })

  it('should never make a line wider than asked', () => {
    for (const line of wrapText('你好世界 lorem ipsum dolor sit amet 👍👍👍 consectetur', 7)) {
      expect(displayWidth(line)).toBeLessThanOrEqual(7)
    }
  })
})
