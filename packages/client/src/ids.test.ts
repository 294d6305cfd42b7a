import { describe, expect, it } from 'vitest'
import { decodeClientMessage, encode } from '@lanchat/protocol'
import { createId, ID_LENGTH, isClientMsgId } from './ids.js'

describe('createId', () => {
  it('should make ids that are valid client message ids', () => {
    for (let index = 0; index < 1000; index++) {
      const clientMsgId = createId()
      expect(clientMsgId).toHaveLength(ID_LENGTH)
      const frame = { type: 'message.send', id: '1', room: 'lobby', text: 'hi', clientMsgId } as const
      expect(decodeClientMessage(encode(frame))).toEqual(frame)
    }
  })

  it('should not repeat itself', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => createId()))
    expect(ids.size).toBe(10_000)
  })

  it('should use every character of its alphabet', () => {
    const seen = new Set(Array.from({ length: 500 }, () => createId()).join(''))
    expect(seen.size).toBe(64)
  })
})

describe('isClientMsgId', () => {
  it.each(['a', 'V1StGXR8_Z5jdHi6B-myT', 'x'.repeat(64), '', 'has space', 'x'.repeat(65), 'é', 'a/b'])(
    'should agree with the protocol about %j',
    (clientMsgId) => {
      const frame = JSON.stringify({ type: 'message.send', id: '1', room: 'lobby', text: 'hi', clientMsgId })
      const valid = (() => {
        try {
          decodeClientMessage(frame)
          return true
        } catch {
          return false
        }
      })()
      expect(isClientMsgId(clientMsgId)).toBe(valid)
    },
  )
})
