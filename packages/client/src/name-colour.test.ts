import { describe, expect, it } from 'vitest'
import { fnv1a, NAME_COLOURS, nameColour, nameColourIndex } from './name-colour.js'

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255)
  const [red, green, blue] = channels.map((value) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ]
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue
}

function contrast(first: string, second: string): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

describe('name colours', () => {
  it('should hash with 32-bit FNV-1a ', () => {
    expect(fnv1a('')).toBe(0x811c9dc5)
    expect(fnv1a('a')).toBe(0xe40c292c)
    expect(fnv1a('foobar')).toBe(0xbf9cf968)
  })

  it('should give a user id the same colour every time, from twelve', () => {
    expect(NAME_COLOURS).toHaveLength(12)
    expect(nameColourIndex('u_42')).toBe(fnv1a('u_42') % 12)
    expect(nameColour('u_42')).toBe(nameColour('u_42'))
    const used = new Set(Array.from({ length: 200 }, (_, index) => nameColourIndex(`user-${index}`)))
    expect(used.size).toBe(12)
  })

  it('should keep every colour readable (WCAG AA, 4.5:1) on the light and dark backgrounds', () => {
    for (const colour of NAME_COLOURS) {
      for (const background of ['#ffffff', '#f3f4f6', '#f6f7fb']) expect(contrast(colour.light, background)).toBeGreaterThanOrEqual(4.5)
      for (const background of ['#0f1115', '#171a21', '#1c1f26']) expect(contrast(colour.dark, background)).toBeGreaterThanOrEqual(4.5)
    }
  })
})
