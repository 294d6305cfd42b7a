import { describe, expect, it } from 'vitest'
import { errorCodes } from './errors.js'
import { MemoryStore } from './store/memory-store.js'
import { resolveOptions } from './options.js'

/** A store of the time before accounts. */
function storeWithoutAccounts() {
  const store = new MemoryStore()
  const { accounts: _accounts, credentials: _credentials, ...parts } = store
  return { ...parts, close: () => store.close() }
}

describe('resolveOptions', () => {
  it('should turn accounts on with guests allowed, and off when the host authenticates', () => {
    expect(resolveOptions({}).accounts).toEqual({ policy: 'guests', sessionTtlMs: 30 * 86_400_000 })
    expect(resolveOptions({ authenticate: () => undefined }).accounts).toBe(false)
    expect(resolveOptions({ accounts: { policy: 'accounts-only' } }).accounts).toMatchObject({ policy: 'accounts-only' })
    expect(resolveOptions({ store: storeWithoutAccounts(), accounts: false }).accounts).toBe(false)
  })

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
    expect(options.store).toBeUndefined()
    expect(Object.isFrozen(options)).toBe(true)
    expect(Object.isFrozen(options.rateLimit)).toBe(true)
  })

  it('should keep what was given, merge a partial rate limit and trim a trailing slash off the prefix', () => {
    const store = new MemoryStore()
    const authenticate = () => ({ kind: 'guest' as const })
    const origins = ['http://a.example']
    const options = resolveOptions({
      prefix: '/chat/',
      store,
      authenticate,
      lobby: false,
      allowedOrigins: origins,
      rateLimit: { burst: 5 },
      advertise: true,
    })
    expect(options).toMatchObject({ prefix: '/chat', lobby: false, rateLimit: { messagesPerSecond: 10, burst: 5 } })
    expect(options.store).toBe(store)
    expect(options.authenticate).toBe(authenticate)
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
    [{ history: new MemoryStore() }, 'Invalid lanchat option "history": is not a lanchat option'],
    [
      { store: { log: { append() {} }, close() {} } },
      'must be a LanchatStore (missing rooms.create, rooms.get, rooms.list, rooms.rename, rooms.update, rooms.setEpoch, rooms.delete, log.latest',
    ],
    [{ fanout: { broadcast() {} } }, 'must be a FanoutAdapter (missing init, presence, close)'],
    [{ authenticate: 'yes' }, 'Invalid lanchat option "authenticate": must be a function'],
    [{ lobby: { name: '' } }, 'Invalid lanchat option "lobby"'],
    [{ accounts: { policy: 'admins' } }, 'Invalid lanchat option "accounts": must be false or'],
    [{ authenticate: () => undefined, accounts: {} }, 'Invalid lanchat option "accounts": cannot be used with authenticate'],
    [
      { store: storeWithoutAccounts() },
      'Invalid lanchat option "store": cannot keep accounts (missing accounts.create',
    ],
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
