import { describe, expect, it } from 'vitest'
import { formatTime, typingText } from './format-time.js'

describe('formatTime', () => {
  it('should show local hours and minutes with leading zeros', () => {
    expect(formatTime(new Date(2026, 0, 2, 3, 4, 59).getTime())).toBe('03:04')
    expect(formatTime(new Date(2026, 0, 2, 23, 45).getTime())).toBe('23:45')
  })
})

describe('typingText', () => {
  it('should name up to three people and count more', () => {
    expect(typingText([])).toBe('')
    expect(typingText(['Maria'])).toBe('Maria is typing…')
    expect(typingText(['Maria', 'Pete'])).toBe('Maria and Pete are typing…')
    expect(typingText(['Maria', 'Pete', 'Ann'])).toBe('Maria, Pete and Ann are typing…')
    expect(typingText(['a', 'b', 'c', 'd'])).toBe('4 people are typing…')
  })
})
