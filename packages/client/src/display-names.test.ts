import { describe, expect, it } from 'vitest'
import { distinguishNames, userTag } from './display-names.js'

describe('distinguishNames', () => {
  it('should leave a name nobody else has as it is', () => {
    const labels = distinguishNames([
      { id: 'u1', name: 'Maria' },
      { id: 'u2', name: 'Pete' },
    ])
    expect([...labels]).toEqual([
      ['u1', 'Maria'],
      ['u2', 'Pete'],
    ])
  })

  it('should tag names that look alike with a stable tag from the user id', () => {
    const labels = distinguishNames([
      { id: 'u1', name: 'Maria' },
      { id: 'u2', name: 'maria\u200B' },
      { id: 'u3', name: 'Pete' },
    ])
    expect(labels.get('u1')).toBe(`Maria · ${userTag('u1')}`)
    expect(labels.get('u2')).toBe(`maria\u200B · ${userTag('u2')}`)
    expect(labels.get('u1')).not.toBe(labels.get('u2'))
    expect(labels.get('u3')).toBe('Pete')
  })

  it('should count one person once however often they are passed', () => {
    const labels = distinguishNames([
      { id: 'u1', name: 'Maria' },
      { id: 'u1', name: 'Maria' },
    ])
    expect(labels.get('u1')).toBe('Maria')
  })

  it('should make tags distinct even when the short ones collide', () => {
    const ids = Array.from({ length: 3000 }, (_, index) => `user-${index}`)
    const labels = distinguishNames(ids.map((id) => ({ id, name: 'Sam' })))
    expect(new Set(labels.values()).size).toBe(ids.length)
  })
})
