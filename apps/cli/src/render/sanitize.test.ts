import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sanitize, sanitizeLine } from './sanitize.js'

// Nothing a terminal acts on may survive: C0 but \n, DEL, C1, bidi embedding/override/isolate.
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u

describe('sanitize', () => {
  it('should keep plain text, Unicode and emoji as they are', () => {
    expect(sanitize('Hello, world! Grüße — 你好 👩‍💻 🇳🇱')).toBe('Hello, world! Grüße — 你好 👩‍💻 🇳🇱')
  })

  it('should keep newlines and turn CRLF into LF', () => {
    expect(sanitize('one\ntwo\r\nthree')).toBe('one\ntwo\nthree')
  })

  it('should expand tabs to the next tab stop of 4 columns', () => {
    expect(sanitize('\tx')).toBe('    x')
    expect(sanitize('ab\tc')).toBe('ab  c')
    expect(sanitize('abcd\te')).toBe('abcd    e')
    expect(sanitize('ab\ncd\te')).toBe('ab\ncd  e')
  })

  it('should remove the window-title and clear-screen attack from the issue', () => {
    expect(sanitize('before\x1b]0;pwned\x07\x1b[2Jafter')).toBe('beforeafter')
  })

  it.each([
    ['cursor movement', 'a\x1b[10;20Hb', 'ab'],
    ['colour', '\x1b[1;31mred\x1b[0m', 'red'],
    ['private mode (alternate screen)', '\x1b[?1049hx', 'x'],
    ['CSI with intermediates', 'a\x1b[1 qb', 'ab'],
    ['erase line', 'a\x1b[Kb', 'ab'],
    ['unfinished CSI at the end', 'a\x1b[12', 'a'],
  ])('should remove CSI sequences: %s', (_, input, expected) => {
    expect(sanitize(input)).toBe(expected)
  })

  it.each([
    ['OSC ended by BEL', 'a\x1b]2;title\x07b', 'ab'],
    ['OSC ended by ESC \\', 'a\x1b]2;title\x1b\\b', 'ab'],
    ['OSC 52 clipboard write', 'a\x1b]52;c;cm0gLXJmIH4=\x07b', 'ab'],
    ['OSC 8 hyperlink', '\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\', 'click'],
    ['unterminated OSC swallows the rest', 'a\x1b]0;pwned', 'a'],
    ['DCS', 'a\x1bP1$tx\x1b\\b', 'ab'],
    ['APC', 'a\x1b_Gf=100;AAAA\x1b\\b', 'ab'],
    ['PM', 'a\x1b^private\x1b\\b', 'ab'],
    ['SOS', 'a\x1bXstring\x1b\\b', 'ab'],
  ])('should remove control strings: %s', (_, input, expected) => {
    expect(sanitize(input)).toBe(expected)
  })

  it('should end a control string at an ESC that starts another sequence and remove that one too', () => {
    expect(sanitize('a\x1b]0;x\x1b[2Jb')).toBe('ab')
  })

  it.each([
    ['full reset', 'a\x1bcb', 'ab'],
    ['save cursor', 'a\x1b7b', 'ab'],
    ['charset designation', 'a\x1b(0b', 'ab'],
    ['keypad mode', 'a\x1b=b', 'ab'],
    ['a lone ESC at the end', 'a\x1b', 'a'],
    ['ESC before a non-ASCII character', 'a\x1bé', 'aé'],
    ['two ESCs', 'a\x1b\x1b[31mb', 'ab'],
  ])('should remove short escape sequences: %s', (_, input, expected) => {
    expect(sanitize(input)).toBe(expected)
  })

  it.each([
    ['8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['8-bit OSC ended by 8-bit ST', 'a\u009d0;pwned\u009cb', 'ab'],
    ['8-bit OSC ended by BEL', 'a\u009d0;pwned\u0007b', 'ab'],
    ['8-bit DCS', 'a\u0090qpayload\u009cb', 'ab'],
    ['8-bit APC', 'a\u009fpayload\u009cb', 'ab'],
    ['other C1 (NEL, IND)', 'a\u0085\u0084b', 'ab'],
  ])('should remove C1 controls and sequences: %s', (_, input, expected) => {
    expect(sanitize(input)).toBe(expected)
  })

  it('should remove every C0 control except newline and tab, and DEL', () => {
    const controls = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join('') + '\x7f'
    // The tab after `a` pads to column 4; the newline stays; everything else goes.
    expect(sanitize(`a${controls}b`)).toBe('a   \nb')
  })

  it('should remove backspace, carriage return and bell that could overwrite or ring', () => {
    expect(sanitize('secret\b\b\b\b\b\bpublic')).toBe('secretpublic')
    expect(sanitize('fake\rreal')).toBe('fakereal')
    expect(sanitize('ding\x07')).toBe('ding')
  })

  it('should remove bidi embeddings, overrides and isolates but keep other marks', () => {
    expect(sanitize('a\u202eevil\u202cb')).toBe('aevilb')
    expect(sanitize('\u202a\u202b\u202c\u202d\u202ex\u2066\u2067\u2068\u2069')).toBe('x')
    expect(sanitize('a\u200fb')).toBe('a\u200fb')
  })

  it('should never leave a control character, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        expect(sanitize(input)).not.toMatch(FORBIDDEN)
      }),
      { numRuns: 500 },
    )
  })

  it('should never leave a control character in text built from escape fragments', () => {
    const fragment = fc.constantFrom('\x1b', '[', ']', '0;', 'P', '_', '^', 'X', '\x07', '\\', '\u009b', '\u009d', '\u009c', '2J', 'a', '\n', '\t', '\r')
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        expect(sanitize(parts.join(''))).not.toMatch(FORBIDDEN)
      }),
      { numRuns: 500 },
    )
  })

  it('should leave text that has no controls unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (input) => {
        fc.pre(!FORBIDDEN.test(input))
        expect(sanitize(input)).toBe(input)
      }),
      { numRuns: 1_000 },
    )
  })
})

describe('sanitizeLine', () => {
  it('should show newlines as a return symbol so one event stays on one line', () => {
    expect(sanitizeLine('first\nsecond\x1b[2J')).toBe('first ↵ second')
  })
})
