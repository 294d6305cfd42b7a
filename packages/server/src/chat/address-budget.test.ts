import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCodes } from '@lanchat/protocol'
import { startCore } from '../../test/core-harness.js'
import { FakePeer, greet } from '../../test/fake-peer.js'
import { AddressBudget } from './address-budget.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('AddressBudget', () => {
  it('should let a burst through per address, then one per interval, and keep addresses apart', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const budget = new AddressBudget({ perSecond: 0.5, burst: 3 })
    expect([budget.take('a'), budget.take('a'), budget.take('a')]).toEqual([0, 0, 0])
    expect(budget.take('a')).toBe(2_000)
    expect(budget.take('b')).toBe(0)
    vi.advanceTimersByTime(2_000)
    expect(budget.take('a')).toBe(0)
  })
})

describe('ChatCore new users per address', () => {
  it('should refuse new guests from one address past the budget with retryAfterMs, but let sessions resume', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const core = await startCore({ newUsersPerAddress: { perSecond: 0.5, burst: 2 } })
    const first = await greet(core, 'One', { address: '10.0.0.7' })
    await greet(core, 'Two', { address: '10.0.0.7' })
    const third = new FakePeer(core, { address: '10.0.0.7' })
    expect(await third.command({ type: 'hello', id: 'h', protocol: 1, name: 'Three' })).toMatchObject({
      type: 'error',
      code: ErrorCodes.RATE_LIMITED,
      retryAfterMs: 2_000,
    })
    if (first.welcome.type !== 'welcome') return
    // Someone coming back with their session is not a new user.
    expect((await greet(core, 'One', { address: '10.0.0.7', session: first.welcome.session })).welcome).toMatchObject({
      sessionResumed: true,
    })
    expect((await greet(core, 'Elsewhere', { address: '10.0.0.8' })).welcome.type).toBe('welcome')
    vi.advanceTimersByTime(2_000)
    expect(await third.command({ type: 'hello', id: 'h2', protocol: 1, name: 'Three' })).toMatchObject({ type: 'welcome' })
  })
})
