import type { ChatMessage, LeaveReason, Member, RoomInfo } from '@lanchat/protocol'
import Fastify, { type FastifyPluginAsync } from 'fastify'
import { describe, expectTypeOf, it } from 'vitest'
import lanchat, {
  errorCodes,
  lanchat as namedLanchat,
  MemoryStore,
  type LanchatStore,
  type LanchatPluginOptions,
  type LanchatServer,
  type MessageDraft,
} from './index.js'

describe('@lanchat/server types', () => {
  it('should export the plugin as default and by name', () => {
    expectTypeOf(namedLanchat).toEqualTypeOf(lanchat)
    expectTypeOf(lanchat).toExtend<FastifyPluginAsync<LanchatPluginOptions>>()
  })

  it('should decorate the Fastify instance with app.lanchat', () => {
    const app = Fastify()
    expectTypeOf(app.lanchat).toEqualTypeOf<LanchatServer>()
    expectTypeOf(app.lanchat.rooms()).toEqualTypeOf<RoomInfo[]>()
    expectTypeOf(app.lanchat.room('lobby')).toEqualTypeOf<RoomInfo | undefined>()
    expectTypeOf(app.lanchat.members('lobby')).toEqualTypeOf<Member[]>()
    expectTypeOf(app.lanchat.createRoom({ name: 'General' })).toEqualTypeOf<Promise<RoomInfo>>()
    expectTypeOf(app.lanchat.post('lobby', 'hi', { name: 'Bot' })).toEqualTypeOf<Promise<ChatMessage>>()
    expectTypeOf(app.lanchat.onMessage(() => undefined)).toEqualTypeOf<() => void>()
  })

  it('should type event listeners by event name', () => {
    const app = Fastify()
    app.lanchat.on('message', (message) => expectTypeOf(message).toEqualTypeOf<ChatMessage>())
    app.lanchat.on('room.deleted', (room) => expectTypeOf(room).toEqualTypeOf<RoomInfo>())
    app.lanchat.on('member.left', (event) => {
      expectTypeOf(event.reason).toEqualTypeOf<LeaveReason>()
      expectTypeOf(event.member).toEqualTypeOf<Member>()
    })
    // @ts-expect-error: there is no such event
    app.lanchat.on('message.deleted', () => {})
  })

  it('should let a hook see the draft and refuse it', () => {
    const app = Fastify()
    app.lanchat.onMessage((draft) => {
      expectTypeOf(draft).toEqualTypeOf<Readonly<MessageDraft>>()
      return { reject: 'no' }
    })
    app.lanchat.onMessage(async () => undefined)
    // @ts-expect-error: a refusal carries a reason
    app.lanchat.onMessage(() => ({ reject: 42 }))
  })

  it('should derive the options type from the options schema, documented types kept', () => {
    expectTypeOf<LanchatPluginOptions['store']>().toEqualTypeOf<LanchatStore | string | undefined>()
    expectTypeOf<LanchatPluginOptions['accounts']>().toEqualTypeOf<false | { policy?: 'guests' | 'accounts-only'; sessionTtlMs?: number } | undefined>()
    expectTypeOf<LanchatPluginOptions['commandRates']>().toEqualTypeOf<
      { [Kind in 'typing' | 'rooms' | 'profile' | 'history' | 'ping']?: { perSecond?: number; burst?: number } } | undefined
    >()
    // Fastify's own register options are let through at run time, but are not lanchat's.
    expectTypeOf<LanchatPluginOptions>().not.toHaveProperty('logLevel')
  })

  it('should check the options at compile time', () => {
    const app = Fastify()
    void app.register(lanchat, { prefix: '/chat', lobby: false, rateLimit: { burst: 5 }, advertise: { name: 'Kitchen' } })
    void app.register(lanchat, { store: new MemoryStore(), allowedOrigins: (origin) => origin.endsWith('.lan') })
    void app.register(lanchat, { authenticate: (request) => (request.headers['x-user'] ? { kind: 'user', id: 'u-1' } : undefined) })
    // @ts-expect-error: a principal is a guest or a user with an id
    void app.register(lanchat, { authenticate: () => ({ kind: 'user' }) })
    // @ts-expect-error: lobby is { name } or false
    void app.register(lanchat, { lobby: true })
    // @ts-expect-error: a number of milliseconds
    void app.register(lanchat, { heartbeatIntervalMs: '10s' })
    expectTypeOf(new MemoryStore()).toExtend<LanchatStore>()
  })

  it('should expose error constructors with stable codes', () => {
    expectTypeOf(new errorCodes.LANCHAT_ERR_ROOM_EXISTS('general').code).toEqualTypeOf<'LANCHAT_ERR_ROOM_EXISTS'>()
  })
})
