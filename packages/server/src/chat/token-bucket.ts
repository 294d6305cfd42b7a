/**
 * A token bucket: holds up to `burst` tokens and refills `ratePerSecond` of them per second. Each `take()` spends
 * one. Time comes from `Date.now()` so tests can drive it with fake timers.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket(10, 20)
 * if (!bucket.take()) reply({ type: 'error', code: 'RATE_LIMITED', … })
 * ```
 */
export class TokenBucket {
  readonly #ratePerMs: number
  readonly #burst: number
  #tokens: number
  #updatedAt: number

  constructor(ratePerSecond: number, burst: number) {
    this.#ratePerMs = ratePerSecond / 1000
    this.#burst = burst
    this.#tokens = burst
    this.#updatedAt = Date.now()
  }

  /** Spends one token; false when the bucket is empty. */
  take(): boolean {
    this.#refill()
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** Milliseconds until a token is there (0 when one is there now). */
  waitMs(): number {
    this.#refill()
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#ratePerMs)
  }

  /** True when the bucket holds its whole burst again: it can be forgotten and made anew. */
  isFull(): boolean {
    this.#refill()
    return this.#tokens >= this.#burst
  }

  #refill(): void {
    const now = Date.now()
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#updatedAt) * this.#ratePerMs)
    this.#updatedAt = now
  }
}
