import { describe, expect, it } from 'vitest'
import type { DisplayEntry } from '../chat/display-entries.js'
import type { ChatMessage } from '@lanchat/client'
import { formatEntryLine, type LineStyle } from './format-line.js'
import { coloursFor } from './terminal-colours.js'

const plain: LineStyle = { colours: coloursFor({ NO_COLOR: '1' }, true), environment: {}, light: false }
const coloured: LineStyle = { colours: coloursFor({ FORCE_COLOR: '1' }, false), environment: {}, light: false }
const ts = new Date(2026, 10, 24, 14, 5).getTime()

function message(fields: Partial<ChatMessage> = {}): ChatMessage {
  return { id: 'm1', room: 'lobby', seq: 1, kind: 'user', from: { id: 'u1', name: 'Maria' }, text: 'hello', ts, clientMsgId: 'c1', ...fields }
}

describe('formatEntryLine', () => {
  it('should write a message as time, room, name and text on one line', () => {
    const entry: DisplayEntry = { kind: 'message', key: 'k', message: message({ text: 'one\ntwo\x1b[2J' }), own: false, author: 'Maria', mention: undefined }
    expect(formatEntryLine(entry, 'lobby', plain)).toBe('14:05 [lobby] Maria: one ↵ two')
    expect(formatEntryLine(entry, undefined, plain)).toBe('14:05 Maria: one ↵ two')
    // A name someone else in the room shares is shown with its tag.
    expect(formatEntryLine({ ...entry, author: 'Maria · 4f2a' }, 'lobby', plain)).toBe('14:05 [lobby] Maria · 4f2a: one ↵ two')
  })

  it('should set a mention of you in bold yellow, and leave it readable as it is without colour', () => {
    const entry: DisplayEntry = { kind: 'message', key: 'k', message: message({ text: 'hi @ana!' }), own: false, author: 'Maria', mention: 'Ana' }
    expect(formatEntryLine(entry, 'lobby', plain)).toBe('14:05 [lobby] Maria: hi @ana!')
    expect(formatEntryLine(entry, 'lobby', coloured)).toContain('\x1b[1m\x1b[33m@ana\x1b[39m\x1b[22m!')
  })

  it('should mark system messages and notices', () => {
    const system: DisplayEntry = { kind: 'message', key: 'k', message: message({ kind: 'system', from: { id: 'system', name: 'Bot' } }), own: false, author: 'Bot', mention: undefined }
    expect(formatEntryLine(system, 'lobby', plain)).toBe('14:05 [lobby] ** Bot: hello')
    expect(formatEntryLine({ kind: 'notice', key: 'n', ts, text: 'Pete joined', tone: 'join' }, 'lobby', plain)).toBe('14:05 [lobby] * Pete joined')
    expect(formatEntryLine({ kind: 'notice', key: 'n', ts, text: 'Not sent', tone: 'error' }, undefined, plain)).toBe('14:05 ! Not sent')
  })

  it('should write a failed send and a gap as one line each', () => {
    const failed: DisplayEntry = { kind: 'pending', key: 'p', clientMsgId: 'c', text: 'hi\nthere', ts, failed: 'no such room' }
    expect(formatEntryLine(failed, 'lobby', plain)).toBe('14:05 [lobby] ! Not sent (no such room): hi ↵ there')
    expect(formatEntryLine({ kind: 'gap', key: 'gap:1', missing: 3, loading: false }, 'lobby', plain)).toBe(
      '--:-- [lobby] … 3 earlier messages not shown — /more to load',
    )
  })

  it('should colour the name by user id, and never the text, when colour is on', () => {
    const line = formatEntryLine({ kind: 'message', key: 'k', message: message(), own: true, author: 'Maria', mention: undefined }, 'lobby', coloured)
    expect(line).toMatch(/\x1b\[38;5;\d+mMaria\x1b\[39m/)
    expect(line.endsWith(': hello')).toBe(true)
  })
})
