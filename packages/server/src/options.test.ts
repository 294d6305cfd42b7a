import { describe, expect, it } from 'vitest'
import { errorCodes } from './errors.js'
import { MemoryHistoryStore } from './history/memory-history-store.js'
import { resolveOptions } from './options.js'

describe('resolveOptions', () => {
  it('should fill in the defaults of the core slice contract and freeze the result', () => {
    const options = resolveOptions({})
    expect(options).toMatchObject({
      prefix: '',
      lobby: { name: 'Lobby' },
      allowedOrigins: 'same-host',
      maxFrameBytes: 65_536,
      heartbeatIntervalMs: 10_000,
      handshakeTimeoutMs: 10_000,
      maxBufferedBytes: 1_048_576,
      joinHistory: 50,
      maxResumeMessages: 500,
      typingTimeoutMs: 6_000,
      rateLimit: { messagesPerSecond: 10, burst: 20 },
      emptyRoomGraceMs: 60_000,
      sessionTtlMs: 86_400_000,
      advertise: false,
    })
    expect(options.history).toBeInstanceOf(MemoryHistoryStore)
    expect(Object.isFrozen(options)).toBe(true)
    expect(Object.isFrozen(options.rateLimit)).toBe(true)
    expect(resolveOptions({}).history).not.toBe(options.history)
  })

  it('should keep what was given, merge a partial rate limit and trim a trailing slash off the prefix', () => {
    const history = new MemoryHistoryStore()
    const origins = ['http://a.example']
    const options = resolveOptions({
      prefix: '/chat/',
      history,
      lobby: false,
      allowedOrigins: origins,
      rateLimit: { burst: 5 },
      advertise: true,
    })
    expect(options).toMatchObject({ prefix: '/chat', lobby: false, rateLimit: { messagesPerSecond: 10, burst: 5 } })
    expect(options.history).toBe(history)
    expect(options.advertise).toEqual({ name: undefined })
    origins.push('http://b.example')
    expect(options.allowedOrigins).toEqual(['http://a.example'])
    expect(resolveOptions({ advertise: { name: 'Kitchen' } }).advertise).toEqual({ name: 'Kitchen' })
  })

  it('should accept the register options Fastify adds', () => {
    expect(() => resolveOptions({ logLevel: 'warn', prefix: '' })).not.toThrow()
  })

  it.each<[Record<string, unknown>, string]>([
    [{ joinHistory: -1 }, 'Invalid lanchat option "joinHistory": must be >= 0'],
    [{ rateLimit: { messagesPerSecond: 0 } }, 'Invalid lanchat option "rateLimit.messagesPerSecond"'],
    [{ rateLimit: { perSecond: 1 } }, 'Invalid lanchat option "rateLimit.perSecond": is not a known field'],
    [{ typo: 1 }, 'Invalid lanchat option "typo": is not a lanchat option'],
    [{ history: { append() {} } }, 'must be a HistoryStore (missing latest, before, after, deleteRoom, close)'],
    [{ lobby: { name: '' } }, 'Invalid lanchat option "lobby"'],
  ])('should explain what is wrong with %j', (input, message) => {
    let thrown: unknown
    try {
      resolveOptions(input)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(errorCodes.LANCHAT_ERR_OPTIONS_INVALID)
    expect((thrown as Error).message).toContain(message)
  })
})
