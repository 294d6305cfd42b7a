import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type * as cliModule from './name-colour.js'
import { NAME_COLOURS, fnv1a, nameColour, nameColourIndex } from './name-colour.js'
import { colourEnabled, coloursFor, paintHex, prefersLightBackground, xterm256 } from './terminal-colours.js'

const SAMPLE_IDS = ['u_1', 'u_42', 'maria', 'pete', 'Zm9vYmFy', '', 'ü-ñ-你', '0123456789abcdef0123456789abcdef', 'x'.repeat(64)]

// The web app's module is the reference; the CLI must colour every id the same way.
const webModuleUrl = new URL('../../../web/src/browser/name-colour.ts', import.meta.url)
const webModuleExists = existsSync(fileURLToPath(webModuleUrl))

describe('nameColour', () => {
  it('should hash with 32-bit FNV-1a', () => {
    expect(fnv1a('')).toBe(0x811c9dc5)
    expect(fnv1a('a')).toBe(0xe40c292c)
    expect(fnv1a('foobar')).toBe(0xbf9cf968)
  })

  it('should give one id the same colour every time, from the twelve', () => {
    for (const id of SAMPLE_IDS) {
      expect(nameColour(id)).toBe(nameColour(id))
      expect(NAME_COLOURS).toContain(nameColour(id))
    }
  })

  it('should spread ids over the palette', () => {
    const used = new Set(Array.from({ length: 200 }, (_, index) => nameColourIndex(`user-${index}`)))
    expect(used.size).toBe(NAME_COLOURS.length)
  })

  it.skipIf(!webModuleExists)('should give every sample id the same colour as the web app', async () => {
    const web = (await import(/* @vite-ignore */ webModuleUrl.href)) as typeof cliModule
    expect(NAME_COLOURS).toEqual(web.NAME_COLOURS)
    for (const id of [...SAMPLE_IDS, ...Array.from({ length: 100 }, (_, index) => `id-${index}`)]) {
      expect(nameColour(id), id).toEqual(web.nameColour(id))
    }
  })
})

describe('terminal colours', () => {
  it('should follow NO_COLOR and FORCE_COLOR', () => {
    expect(colourEnabled({}, true)).toBe(true)
    expect(colourEnabled({}, false)).toBe(false)
    expect(colourEnabled({ NO_COLOR: '1' }, true)).toBe(false)
    expect(colourEnabled({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false)
    expect(colourEnabled({ FORCE_COLOR: '1' }, false)).toBe(true)
    expect(colourEnabled({ FORCE_COLOR: '0' }, true)).toBe(false)
    expect(colourEnabled({ TERM: 'dumb' }, true)).toBe(false)
  })

  it('should paint in 24-bit colour only where COLORTERM says so, and not at all when colour is off', () => {
    const on = coloursFor({ FORCE_COLOR: '1' }, false)
    expect(paintHex('Ann', '#ff0000', on, { COLORTERM: 'truecolor' })).toBe('\x1b[38;2;255;0;0mAnn\x1b[39m')
    expect(paintHex('Ann', '#ff0000', on, {})).toBe('\x1b[38;5;196mAnn\x1b[39m')
    expect(paintHex('Ann', '#ff0000', coloursFor({ NO_COLOR: '1' }, true), {})).toBe('Ann')
  })

  it('should map hex colours to the nearest xterm colour', () => {
    expect(xterm256('#000000')).toBe(16)
    expect(xterm256('#ffffff')).toBe(231)
    expect(xterm256('#5f87af')).toBe(67)
  })

  it('should read a light background from COLORFGBG', () => {
    expect(prefersLightBackground({ COLORFGBG: '0;15' })).toBe(true)
    expect(prefersLightBackground({ COLORFGBG: '15;0' })).toBe(false)
    expect(prefersLightBackground({})).toBe(false)
  })
})
