import type { Rate } from './command-budget.js'
import { TokenBucket } from './token-bucket.js'

/** Most addresses tracked at once; past it, buckets that have refilled completely are forgotten first. */
const MAX_TRACKED_ADDRESSES = 10_000

/**
 * A token bucket per network address, for what must be bounded per machine rather than per connection: a script
 * that reconnects in a loop gets a new connection (and would get a new guest user) every time. Addresses whose
 * bucket is full again are forgotten, so the map stays small.
 *
 * @example
 * ```ts
 * const newUsers = new AddressBudget({ perSecond: 0.5, burst: 30 })
 * const waitMs = newUsers.take('192.168.1.20')
 * if (waitMs > 0) reply({ type: 'error', code: 'RATE_LIMITED', retryAfterMs: waitMs, … })
 * ```
 */
export class AddressBudget {
  readonly #rate: Rate
  readonly #buckets = new Map<string, TokenBucket>()

  constructor(rate: Rate) {
    this.#rate = rate
  }

  /** How many ms until `address` has a token, without spending one (0: it has one now). */
  peek(address: string): number {
    return this.#buckets.get(address)?.waitMs() ?? 0
  }

  /** Spends one token of `address`: 0 when it had one, else how many ms until it has. */
  take(address: string): number {
    let bucket = this.#buckets.get(address)
    if (bucket === undefined) {
      if (this.#buckets.size >= MAX_TRACKED_ADDRESSES) this.#forgetRefilled()
      bucket = new TokenBucket(this.#rate.perSecond, this.#rate.burst)
      this.#buckets.set(address, bucket)
    }
    const waitMs = bucket.waitMs()
    if (waitMs > 0) return waitMs
    bucket.take()
    return 0
  }

  #forgetRefilled(): void {
    for (const [address, bucket] of this.#buckets) if (bucket.isFull()) this.#buckets.delete(address)
  }
}
