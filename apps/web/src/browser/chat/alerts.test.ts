import type { ChatMessage } from '@lanchat/client'
import { describe, expect, it } from 'vitest'
import { alertFor, type AlertFacts } from './alerts.js'

function message(text: string, from = 'u-maria', kind: ChatMessage['kind'] = 'user'): ChatMessage {
  return { id: 'm-1', seq: 1, room: 'lobby', from: { id: from, name: 'Maria' }, text, ts: 0, clientMsgId: 'c-1', kind } as ChatMessage
}

const facts = (overrides: Partial<AlertFacts> = {}): AlertFacts => ({ userId: 'u-ana', userName: 'Ana', notify: 'mentions', direct: false, ...overrides })

describe('alertFor', () => {
  it('should alert a mention of you under mentions and all, and nothing under none', () => {
    expect(alertFor(message('hi @ana!'), facts())).toBe('mention')
    expect(alertFor(message('hi @Ana'), facts({ notify: 'all' }))).toBe('mention')
    expect(alertFor(message('hi @Ana'), facts({ notify: 'none' }))).toBeUndefined()
  })

  it('should alert a plain message only under all', () => {
    expect(alertFor(message('lunch'), facts())).toBeUndefined()
    expect(alertFor(message('lunch'), facts({ notify: 'all' }))).toBe('message')
  })

  it('should alert every message of a direct conversation at its default level, and only mentions once lowered', () => {
    expect(alertFor(message('lunch'), facts({ direct: true, notify: 'all' }))).toBe('direct')
    expect(alertFor(message('lunch'), facts({ direct: true }))).toBeUndefined()
    expect(alertFor(message('lunch @Ana'), facts({ direct: true }))).toBe('mention')
    expect(alertFor(message('lunch'), facts({ direct: true, notify: 'none' }))).toBeUndefined()
  })

  it('should never alert your own messages, notices, or an address that only looks like a mention', () => {
    expect(alertFor(message('@Ana note to self', 'u-ana'), facts({ notify: 'all' }))).toBeUndefined()
    expect(alertFor(message('@Ana', 'system', 'system'), facts({ notify: 'all' }))).toBeUndefined()
    expect(alertFor(message('write to ana@Ana.org'), facts())).toBeUndefined()
    expect(alertFor(message('@Anabel hi'), facts())).toBeUndefined()
  })
})
