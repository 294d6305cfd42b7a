import { describe, expect, it } from 'vitest'
import { linkify } from './linkify.js'

describe('linkify', () => {
  it('should return plain text as one text segment', () => {
    expect(linkify('hello there')).toEqual([{ kind: 'text', text: 'hello there' }])
  })

  it('should turn http and https URLs into links and keep the text around them', () => {
    expect(linkify('see https://example.com/a?b=1 and http://192.168.1.5:5000/')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://192.168.1.5:5000/', href: 'http://192.168.1.5:5000/' },
    ])
  })

  it('should leave trailing punctuation and a closing bracket of the sentence out of the link', () => {
    expect(linkify('(read https://example.com/x).')).toEqual([
      { kind: 'text', text: '(read ' },
      { kind: 'link', text: 'https://example.com/x', href: 'https://example.com/x' },
      { kind: 'text', text: ').' },
    ])
    expect(linkify('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    })
  })

  it('should never make a link of other schemes or of markup', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '<a href="javascript:x">y</a>', 'ftp://example.com']) {
      expect(linkify(text)).toEqual([{ kind: 'text', text }])
    }
  })

  it('should stop a URL at quotes and angle brackets', () => {
    expect(linkify('<https://example.com/"onmouseover=x>')).toEqual([
      { kind: 'text', text: '<' },
      { kind: 'link', text: 'https://example.com/', href: 'https://example.com/' },
      { kind: 'text', text: '"onmouseover=x>' },
    ])
  })
})
