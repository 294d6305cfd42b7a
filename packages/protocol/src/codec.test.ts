import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import clientFrames from '../test/fixtures/client-frames.json' with { type: 'json' }
import serverFrames from '../test/fixtures/server-frames.json' with { type: 'json' }
import invalidClientFrames from '../test/fixtures/invalid-client-frames.json' with { type: 'json' }
import { decodeClientMessage, decodeServerMessage, encode, ProtocolError } from './index.js'
import { ClientMessageSchemas } from './messages/client-messages.js'
import { ServerMessageSchemas } from './messages/server-messages.js'
import { ErrorCodes } from './error-codes.js'

describe('decodeClientMessage', () => {
  it.each(clientFrames.map((frame) => [frame.type, frame] as const))('should decode the golden %s frame', (_, frame) => {
    expect(decodeClientMessage(JSON.stringify(frame))).toEqual(frame)
  })

  it('should have a golden frame for every client frame type', () => {
    const covered = new Set(clientFrames.map((frame) => frame.type))
    expect([...covered].sort()).toEqual(Object.keys(ClientMessageSchemas).sort())
  })

  it.each(invalidClientFrames.map((fixture) => [fixture.why, fixture] as const))(
    'should reject a frame with %s',
    (_, fixture) => {
      let thrown: unknown
      try {
        decodeClientMessage(fixture.raw)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(ProtocolError)
      const error = thrown as ProtocolError
      expect(error.code).toBe(fixture.code)
      expect(error.ref).toBe(fixture.ref)
      expect(error.message.length).toBeGreaterThan(0)
    },
  )

  it('should list where a frame broke its schema', () => {
    const error = catchError(() => decodeClientMessage('{"type":"ping","id":"1","admin":true}'))
    expect(error.issues).toEqual([{ path: '/', message: 'must not have property "admin"' }])
    expect(error.message).toBe('Invalid "ping" frame: / must not have property "admin"')
  })

  it('should cap the number of issues it reports', () => {
    const extra = Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`p${index}`, index]))
    const error = catchError(() =>
      decodeClientMessage(JSON.stringify({ type: 'message.send', id: '1', room: 1, text: 2, clientMsgId: 3, ...extra })),
    )
    expect(error.issues.length).toBeLessThanOrEqual(20)
  })

  it('should shorten a long unknown type in its message', () => {
    const error = catchError(() => decodeClientMessage(JSON.stringify({ type: 'x'.repeat(500) })))
    expect(error.message.length).toBeLessThan(100)
  })

  it('should never throw anything but a ProtocolError, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((value) => JSON.stringify(value))), (raw) => {
        try {
          decodeClientMessage(raw)
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('should never accept a frame of a known type with a mutated field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...clientFrames),
        fc.constantFrom('type', 'id', 'room', 'text', 'clientMsgId', 'name', 'protocol'),
        // Integers stay below 1: `hello.protocol` accepts any version from 1 up, so the server can answer an
        // unknown one with UNSUPPORTED_PROTOCOL rather than a schema error.
        fc.oneof(fc.integer({ max: 0 }), fc.constant(null), fc.array(fc.integer()), fc.constant('')),
        (frame, key, value) => {
          if (!(key in frame)) return
          const mutated = { ...frame, [key]: value }
          expect(() => decodeClientMessage(JSON.stringify(mutated))).toThrow(ProtocolError)
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('decodeServerMessage', () => {
  it.each(serverFrames.map((frame, index) => [`${frame.type} #${index}`, frame] as const))(
    'should decode the golden %s frame',
    (_, frame) => {
      expect(decodeServerMessage(JSON.stringify(frame))).toEqual(frame)
    },
  )

  it('should have a golden frame for every server frame type', () => {
    const covered = new Set(serverFrames.map((frame) => frame.type))
    expect([...covered].sort()).toEqual(Object.keys(ServerMessageSchemas).sort())
  })

  it('should reject an error frame whose code is not in the closed list', () => {
    const error = catchError(() => decodeServerMessage('{"type":"error","code":"TEAPOT","message":"no"}'))
    expect(error.code).toBe(ErrorCodes.BAD_REQUEST)
  })
})

describe('encode', () => {
  it('should round-trip every golden frame', () => {
    for (const frame of clientFrames) expect(decodeClientMessage(encode(frame as never))).toEqual(frame)
    for (const frame of serverFrames) expect(decodeServerMessage(encode(frame as never))).toEqual(frame)
  })
})

function catchError(action: () => unknown): ProtocolError {
  try {
    action()
  } catch (error) {
    if (error instanceof ProtocolError) return error
    throw error
  }
  throw new Error('expected a ProtocolError')
}
