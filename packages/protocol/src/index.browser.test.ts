import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import futureFrames from '../test/fixtures/future-server-frames.json' with { type: 'json' }
import serverFrames from '../test/fixtures/server-frames.json' with { type: 'json' }
import { decodeServerFrame as compiledFrameDecode, decodeServerMessage as compiledDecode } from './codec.js'
import { ProtocolError } from './protocol-error.js'
import { decodeServerFrame, decodeServerMessage } from './index.browser.js'

/**
 * The verdict of a decoder on a raw frame, without the issues: the frame, or the error's code, ref and the message up
 * to its details (the generated checks say which frame broke, not which field).
 */
function verdict(decode: (raw: string) => unknown, raw: string): unknown {
  const result = outcome(decode, raw) as { frame?: unknown; code?: string; message?: string; ref?: string }
  return 'frame' in result ? result : { code: result.code, ref: result.ref, message: result.message?.split(': ')[0] }
}

/** What a decoder made of a raw frame: the frame, or the error's code, message and issues. */
function outcome(decode: (raw: string) => unknown, raw: string): unknown {
  try {
    return { frame: decode(raw) }
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error
    return { code: error.code, message: error.message, ref: error.ref, issues: error.issues }
  }
}

describe('the browser entry decodeServerMessage', () => {
  const realFunction = globalThis.Function
  const evaluated: unknown[][] = []

  // A strict CSP throws on `new Function` and reports a violation: any use at all is a failure here.
  beforeEach(() => {
    evaluated.length = 0
    globalThis.Function = new Proxy(realFunction, {
      construct(target, args) {
        evaluated.push(args)
        return Reflect.construct(target, args)
      },
      apply(target, self, args) {
        evaluated.push(args)
        return Reflect.apply(target, self, args)
      },
    })
  })
  afterEach(() => {
    globalThis.Function = realFunction
  })

  it('should decode every golden server frame without evaluating code', () => {
    for (const frame of serverFrames) expect(decodeServerMessage(JSON.stringify(frame))).toEqual(frame)
    expect(evaluated).toEqual([])
  })

  it('should accept and refuse exactly what the compiled decoder does, with the same issues', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...serverFrames),
        fc.constantFrom('type', 'ref', 'room', 'message', 'code', 'members', 'seq', 'ts', 'text'),
        fc.oneof(fc.integer({ max: 0 }), fc.constant(null), fc.array(fc.integer()), fc.constant(''), fc.string()),
        (frame, key, value) => {
          const raw = JSON.stringify(key in frame ? { ...frame, [key]: value } : frame)
          expect(outcome(decodeServerMessage, raw)).toEqual(outcome(compiledDecode, raw))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('should decode every golden and future frame tolerantly without evaluating code, as the compiled decoder does', () => {
    const raws = [...serverFrames, ...futureFrames].map((frame) => JSON.stringify(frame))
    const decoded = raws.map((raw) => decodeServerFrame(raw))
    expect(evaluated).toEqual([])
    expect(decoded).toEqual(raws.map((raw) => compiledFrameDecode(raw)))
  })

  it('should accept and refuse tolerantly exactly what the compiled tolerant decoder does, naming the frame type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...serverFrames, ...futureFrames),
        fc.constantFrom('type', 'ref', 'room', 'message', 'code', 'members', 'seq', 'ts', 'text', 'features', 'extra'),
        fc.oneof(fc.integer({ max: 0 }), fc.constant(null), fc.array(fc.integer()), fc.constant(''), fc.string()),
        (frame, key, value) => {
          const raw = JSON.stringify(key in frame || key === 'extra' ? { ...frame, [key]: value } : frame)
          expect(verdict(decodeServerFrame, raw)).toEqual(verdict(compiledFrameDecode, raw))
        },
      ),
      { numRuns: 500 },
    )
  })
})
