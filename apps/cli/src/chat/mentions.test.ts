import { describe, expect, it } from 'vitest'
import { mentionsName, splitMentions } from './mentions.js'

describe('mentionsName', () => {
  it('should find @Name in any case, as a word of its own', () => {
    expect(mentionsName('hi @ana!', 'Ana')).toBe(true)
    expect(mentionsName('@ANA', 'Ana')).toBe(true)
    expect(mentionsName('ask @Ana Lima about it', 'Ana Lima')).toBe(true)
    expect(mentionsName('Ana, hi', 'Ana')).toBe(false)
    expect(mentionsName('@Anabel', 'Ana')).toBe(false)
    expect(mentionsName('mail ana@ana.org', 'Ana')).toBe(false)
    expect(mentionsName('@@Ana', 'Ana')).toBe(false)
    expect(mentionsName('(@Zoë)', 'zoë')).toBe(true)
    expect(mentionsName('a.b @a.b', 'a.b')).toBe(true)
    expect(mentionsName('@axb', 'a.b')).toBe(false)
  })
})

describe('splitMentions', () => {
  it('should cut the text around each mention, keeping every character', () => {
    const parts = splitMentions('hi @Ana, and @ana again', 'Ana')
    expect(parts).toEqual([
      { text: 'hi ', mention: false },
      { text: '@Ana', mention: true },
      { text: ', and ', mention: false },
      { text: '@ana', mention: true },
      { text: ' again', mention: false },
    ])
    expect(parts.map((part) => part.text).join('')).toBe('hi @Ana, and @ana again')
    expect(splitMentions('nothing here', 'Ana')).toEqual([{ text: 'nothing here', mention: false }])
    expect(splitMentions('', 'Ana')).toEqual([{ text: '', mention: false }])
  })
})
