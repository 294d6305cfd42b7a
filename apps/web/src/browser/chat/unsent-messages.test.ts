import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LanchatError, type OutgoingMessage } from '@lanchat/client'
import { forgetUnsent, loadUnsent, recordUnsent } from './unsent-messages.js'

// Node has no localStorage; this stands in for the browser's, which the e2e tests use for real.
class MemoryStorage {
  readonly #items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value)
  }
  removeItem(key: string): void {
    this.#items.delete(key)
  }
}

function outgoing(clientMsgId: string, state: OutgoingMessage['state'], error?: LanchatError): OutgoingMessage {
  return { clientMsgId, room: 'lobby', text: `text of ${clientMsgId}`, state, error, acked: Promise.resolve() as never }
}

beforeEach(() => {
  Object.assign(globalThis, { localStorage: new MemoryStorage() })
})

afterEach(() => {
  Reflect.deleteProperty(globalThis, 'localStorage')
})

describe('unsent messages', () => {
  it('should keep pending messages once each, oldest first, and forget them when stored', () => {
    recordUnsent(outgoing('a', 'pending'))
    recordUnsent(outgoing('b', 'pending'))
    recordUnsent(outgoing('a', 'pending'))
    expect(loadUnsent()).toEqual([
      { clientMsgId: 'a', room: 'lobby', text: 'text of a' },
      { clientMsgId: 'b', room: 'lobby', text: 'text of b' },
    ])
    recordUnsent(outgoing('a', 'sent'))
    forgetUnsent('b')
    expect(loadUnsent()).toEqual([])
    expect(localStorage.getItem('lanchat.unsent')).toBeNull()
  })

  it('should keep a message that failed only because the connection closed, and forget one the server refused', () => {
    recordUnsent(outgoing('closed', 'pending'))
    recordUnsent(outgoing('closed', 'failed', new LanchatError({ code: 'CONNECTION_CLOSED', message: 'closed' })))
    recordUnsent(outgoing('refused', 'pending'))
    recordUnsent(outgoing('refused', 'failed', new LanchatError({ code: 'MESSAGE_REJECTED', message: 'no' })))
    expect(loadUnsent().map((message) => message.clientMsgId)).toEqual(['closed'])
  })

  it('should keep at most 200, dropping the oldest', () => {
    for (let index = 0; index < 210; index++) recordUnsent(outgoing(`m${index}`, 'pending'))
    const kept = loadUnsent()
    expect(kept).toHaveLength(200)
    expect(kept[0]?.clientMsgId).toBe('m10')
  })

  it.each([
    'not json',
    '{"clientMsgId":"a"}',
    '[{"clientMsgId":1,"room":"lobby","text":"x"}]',
    '[{"clientMsgId":"not a key!","room":"lobby","text":"x"}]',
    '[null]',
  ])(
    'should ignore what it cannot read: %s',
    (stored) => {
      localStorage.setItem('lanchat.unsent', stored)
      expect(loadUnsent()).toEqual([])
    },
  )
})
