import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import futureFrames from '../test/fixtures/future-server-frames.json' with { type: 'json' }
import serverFrames from '../test/fixtures/server-frames.json' with { type: 'json' }
import { decodeServerFrame, decodeServerMessage, ProtocolError } from './index.js'
import { FEATURES } from './features.js'
import { Feature } from './messages/features.js'
import { ServerMessageSchemas } from './messages/server-messages.js'
import { Check } from 'typebox/schema'

const isKnownType = (type: string): boolean => Object.hasOwn(ServerMessageSchemas, type)
const knownFuture = futureFrames.filter((frame) => isKnownType(frame.type))
const unknownFuture = futureFrames.filter((frame) => !isKnownType(frame.type))
const labelled = <Frame extends { type: string }>(frames: Frame[]) =>
  frames.map((frame, index) => [`${frame.type} #${index}`, frame] as const)

function catchError(action: () => unknown): ProtocolError {
  try {
    action()
  } catch (error) {
    if (error instanceof ProtocolError) return error
    throw error
  }
  throw new Error('expected a ProtocolError')
}

describe('decodeServerFrame', () => {
  it.each(labelled(serverFrames))('should decode the golden %s frame as known', (_, frame) => {
    expect(decodeServerFrame(JSON.stringify(frame))).toEqual({ known: true, frame })
  })

  it.each(labelled(knownFuture))('should decode the future %s frame as known, unknown properties untouched', (_, frame) => {
    expect(decodeServerFrame(JSON.stringify(frame))).toEqual({ known: true, frame })
  })

  it.each(labelled(unknownFuture))('should hand back the future %s frame as unknown', (_, frame) => {
    expect(decodeServerFrame(JSON.stringify(frame))).toEqual({ known: false, frame })
  })

  it('should have a future frame for every server frame type, and some of unknown types', () => {
    expect([...new Set(knownFuture.map((frame) => frame.type))].sort()).toEqual(Object.keys(ServerMessageSchemas).sort())
    expect(unknownFuture.length).toBeGreaterThanOrEqual(3)
  })

  it('should accept an error code added after this version', () => {
    const raw = '{"type":"error","ref":"9","code":"UPLOAD_TOO_LARGE","message":"Too large"}'
    expect(decodeServerFrame(raw)).toMatchObject({ known: true, frame: { type: 'error', code: 'UPLOAD_TOO_LARGE' } })
  })

  it('should accept a type of exactly 64 characters as unknown', () => {
    const type = `x.${'y'.repeat(62)}`
    expect(decodeServerFrame(JSON.stringify({ type }))).toEqual({ known: false, frame: { type } })
  })

  it.each<[string, string, string | undefined]>([
    ['bad JSON', '{"type":', undefined],
    ['an array', '[{"type":"pong"}]', undefined],
    ['null', 'null', undefined],
    ['a number', '42', undefined],
    ['a string', '"pong"', undefined],
    ['no type', '{"ref":"1","ts":1}', undefined],
    ['a non-string type', '{"type":7}', undefined],
    ['a type of 65 characters', JSON.stringify({ type: 'x'.repeat(65) }), undefined],
    ['a huge type', JSON.stringify({ type: 'x'.repeat(1_000_000), id: 'r1' }), 'r1'],
    ['a missing required field', '{"type":"pong","ref":"8"}', undefined],
    ['a known field of the wrong type', '{"type":"pong","ref":"8","ts":"now"}', undefined],
    [
      'a nested field of the wrong type',
      JSON.stringify({ type: 'member.joined', room: 'lobby', member: { id: 'u-1', name: 5, avatar: 'a.png' }, ts: 1 }),
      undefined,
    ],
    [
      'a nested object missing a field',
      JSON.stringify({ type: 'message.created', message: { id: 'm-1', room: 'lobby', seq: 1, kind: 'user', text: 'hi' } }),
      undefined,
    ],
    ['a value outside a closed list', '{"type":"member.left","room":"lobby","member":{"id":"u","name":"A"},"reason":"kicked","ts":1}', undefined],
    ['an error code that is not SCREAMING_SNAKE', '{"type":"error","code":"teapot","message":"no"}', undefined],
    ['a feature name that breaks the pattern', welcomeWith({ features: ['Rooms Create'] }), undefined],
    ['a feature named twice', welcomeWith({ features: ['history', 'history'] }), undefined],
    ['features that are not a list', welcomeWith({ features: 'history' }), undefined],
  ])('should throw a ProtocolError for %s', (_, raw, ref) => {
    const error = catchError(() => decodeServerFrame(raw))
    expect(error.code).toBe('BAD_REQUEST')
    expect(error.ref).toBe(ref)
    expect(error.message.length).toBeLessThan(200)
  })

  it('should say where a known frame broke its schema', () => {
    const error = catchError(() => decodeServerFrame('{"type":"pong","ref":"8","ts":-1,"extra":true}'))
    expect(error.issues).toEqual([{ path: '/ts', message: expect.any(String) }])
  })

  it('should never throw anything but a ProtocolError, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.record({ type: fc.constantFrom(...Object.keys(ServerMessageSchemas), 'x.y'), rest: fc.dictionary(fc.string(), fc.jsonValue()) })
            .map(({ type, rest }) => JSON.stringify({ ...rest, type })),
        ),
        (raw) => {
          try {
            decodeServerFrame(raw)
          } catch (error) {
            expect(error).toBeInstanceOf(ProtocolError)
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('should accept as known every frame the strict decoder accepts, with unknown properties added anywhere', () => {
    fc.assert(
      fc.property(fc.constantFrom(...serverFrames), fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), (frame, key, value) => {
        const raw = JSON.stringify(addEverywhere(structuredClone(frame), `future-${key}`, value))
        expect(decodeServerFrame(raw)).toEqual({ known: true, frame: JSON.parse(raw) })
      }),
      { numRuns: 300 },
    )
  })

  it('should never accept a known frame with a mutated known field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...futureFrames.filter((frame) => isKnownType(frame.type))),
        fc.constantFrom('ref', 'room', 'message', 'member', 'user', 'ts', 'limits', 'members', 'messages', 'typing', 'status'),
        fc.oneof(fc.integer({ max: -1 }), fc.constant(null), fc.array(fc.integer(), { minLength: 1 }), fc.constant({})),
        (frame, key, value) => {
          if (!(key in frame)) return
          expect(() => decodeServerFrame(JSON.stringify({ ...frame, [key]: value }))).toThrow(ProtocolError)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('decodeServerMessage, beside decodeServerFrame', () => {
  it.each(labelled(futureFrames))('should still reject the future %s frame', (_, frame) => {
    expect(() => decodeServerMessage(JSON.stringify(frame))).toThrow(ProtocolError)
  })

  it('should stay strict after the tolerant decoder opened the same types', () => {
    decodeServerFrame('{"type":"pong","ref":"8","ts":1,"extra":true}')
    expect(() => decodeServerMessage('{"type":"pong","ref":"8","ts":1,"extra":true}')).toThrow(ProtocolError)
    expect((ServerMessageSchemas.pong as { additionalProperties?: unknown }).additionalProperties).toBe(false)
  })
})

describe('FEATURES', () => {
  it('should name each feature once, in the wire pattern', () => {
    const names = Object.values(FEATURES)
    expect(new Set(names).size).toBe(names.length)
    for (const name of names) expect(Check(Feature, name)).toBe(true)
  })
})

function welcomeWith(extra: Record<string, unknown>): string {
  const welcome = serverFrames.find((frame) => frame.type === 'welcome')
  return JSON.stringify({ ...welcome, ...extra })
}

/** The value with `key` added to it and to every object inside it. */
function addEverywhere(value: unknown, key: string, extra: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) addEverywhere(item, key, extra)
  } else if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) addEverywhere(inner, key, extra)
    ;(value as Record<string, unknown>)[key] = extra
  }
  return value
}
