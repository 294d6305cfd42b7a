import { describe, expect, it } from 'vitest'
import { Backoff, DEFAULT_BACKOFF } from './backoff.js'

describe('Backoff', () => {
  it('should double the ceiling per attempt up to the cap', () => {
    const backoff = new Backoff({ initialDelayMs: 100, factor: 2, maxDelayMs: 1000 }, () => 0.999_999)
    const delays = Array.from({ length: 7 }, () => backoff.next())
    expect(delays).toEqual([99, 199, 399, 799, 999, 999, 999])
    expect(backoff.attempts).toBe(7)
  })

  it('should pick a uniformly random delay below the ceiling (full jitter)', () => {
    const randoms = [0, 0.5, 0.25]
    const backoff = new Backoff({ initialDelayMs: 1000, factor: 2, maxDelayMs: 10_000 }, () => randoms.shift() ?? 0)
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([0, 1000, 1000])
  })

  it('should start over after reset', () => {
    const backoff = new Backoff({ initialDelayMs: 100 }, () => 0.5)
    backoff.next()
    backoff.next()
    expect(backoff.ceiling()).toBe(400)
    backoff.reset()
    expect(backoff.attempts).toBe(0)
    expect(backoff.next()).toBe(50)
  })

  it('should default to 250 ms, ×2, capped at 10 s', () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialDelayMs: 250, factor: 2, maxDelayMs: 10_000 })
    const backoff = new Backoff({}, () => 0.999_999)
    const ceilings: number[] = []
    for (let attempt = 0; attempt < 8; attempt++) {
      ceilings.push(backoff.ceiling())
      backoff.next()
    }
    expect(ceilings).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000])
  })

  it('should stay finite after very many attempts', () => {
    const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 10_000 }, () => 0.5)
    for (let attempt = 0; attempt < 5000; attempt++) backoff.next()
    expect(backoff.next()).toBe(5000)
  })

  it('should refuse nonsensical options', () => {
    expect(() => new Backoff({ initialDelayMs: -1 })).toThrow(RangeError)
    expect(() => new Backoff({ maxDelayMs: Number.NaN })).toThrow(RangeError)
    expect(() => new Backoff({ factor: 0.5 })).toThrow(/factor/)
  })
})
