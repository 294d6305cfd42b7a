import { describe, expect, it } from 'vitest'
import type { DisplayEntry } from '../chat/display-entries.js'
import { displayWidth } from '../render/text-width.js'
import { layoutEntry, type VisualLine } from './timeline-layout.js'

const ts = new Date(2026, 10, 24, 9, 30).getTime()
const text = (line: VisualLine) => line.segments.map((segment) => segment.text).join('')

function chat(body: string, own = false, mention?: string): DisplayEntry {
  return {
    kind: 'message',
    key: 'm',
    own,
    author: 'Maria',
    mention,
    message: { id: 'm', room: 'lobby', seq: 1, kind: 'user', from: { id: 'u1', name: 'Maria' }, text: body, ts, clientMsgId: 'c' },
  }
}

describe('layoutEntry', () => {
  it('should lay out a message irssi style and indent wrapped rows under the text', () => {
    const lines = layoutEntry(chat('the quick brown fox jumps over the lazy dog'), 30, { colour: true, light: false })
    expect(lines.map(text)).toEqual(['09:30 <Maria> the quick brown', '              fox jumps over', '              the lazy dog'])
    for (const line of lines) expect(displayWidth(text(line))).toBeLessThanOrEqual(30)
  })

  it('should sanitize remote text and keep its line breaks as rows', () => {
    expect(layoutEntry(chat('a\x1b]0;x\x07b\nc'), 40, { colour: true, light: false }).map(text)).toEqual(['09:30 <Maria> ab', '              c'])
  })

  it('should colour the name by user id, bold for your own, and drop colours when colour is off', () => {
    const [own] = layoutEntry(chat('hi', true), 40, { colour: true, light: false })
    expect(own?.segments[2]).toMatchObject({ text: 'Maria', bold: true, color: expect.stringMatching(/^#[0-9a-f]{6}$/) })
    const [plain] = layoutEntry(chat('hi', true), 40, { colour: false, light: false })
    expect(plain?.segments.some((segment) => segment.color !== undefined)).toBe(false)
  })

  it('should set a mention of you in bold colour, bold alone without colour, and keep the text', () => {
    const [line] = layoutEntry(chat('hi @ana, see this', false, 'Ana'), 60, { colour: true, light: false })
    expect(line && text(line)).toBe('09:30 <Maria> hi @ana, see this')
    expect(line?.segments.find((segment) => segment.text === '@ana')).toMatchObject({ bold: true, color: 'yellow' })
    const [plain] = layoutEntry(chat('hi @ana', false, 'Ana'), 60, { colour: false, light: false })
    expect(plain?.segments.find((segment) => segment.text === '@ana')).toEqual({ text: '@ana', bold: true })
  })

  it('should mark a message that is on its way, and one that failed', () => {
    const pending: DisplayEntry = { kind: 'pending', key: 'p', clientMsgId: 'c', text: 'hi', ts, failed: undefined }
    expect(layoutEntry(pending, 40, { colour: true, light: false }).map(text)).toEqual(['09:30 <you> hi …'])
    expect(layoutEntry({ ...pending, failed: 'no such room' }, 60, { colour: true, light: false }).map(text)).toEqual([
      '09:30 <you> hi ✗ not sent: no such room',
    ])
  })

  it('should show a gap as a line that says how to load it, with a row key that names the gap', () => {
    const rows = layoutEntry({ kind: 'gap', key: 'gap:4', missing: 18, loading: false }, 80, { colour: true, light: false })
    expect(rows.map(text)).toEqual(['… 18 earlier messages not shown — PageUp or /more to load'])
    expect(rows[0]?.entryKey).toBe('gap:4')
  })

  it('should show notices with -!-', () => {
    const notice: DisplayEntry = { kind: 'notice', key: 'n', ts, text: 'Pete joined', tone: 'join' }
    expect(layoutEntry(notice, 40, { colour: true, light: false }).map(text)).toEqual(['09:30 -!- Pete joined'])
  })
})
