/** How long to wait between reconnect attempts. */
export interface BackoffOptions {
  /**
   * Upper bound of the first delay, in ms.
   * @default 250
   */
  initialDelayMs?: number
  /**
   * Each attempt doubles (by default) the upper bound of the delay.
   * @default 2
   */
  factor?: number
  /**
   * The upper bound never grows past this, in ms.
   * @default 10000
   */
  maxDelayMs?: number
}

/** The defaults of {@link BackoffOptions}: a LAN chat should come back fast. */
export const DEFAULT_BACKOFF = { initialDelayMs: 250, factor: 2, maxDelayMs: 10_000 } as const

/**
 * Exponential backoff with full jitter: attempt `n` (from 0) waits a uniformly random time in
 * `[0, min(maxDelayMs, initialDelayMs × factor^n))`. The randomness spreads out the clients of a
 * server that just restarted, so they do not all knock at once.
 *
 * @example
 * ```ts
 * const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 10_000 })
 * setTimeout(reconnect, backoff.next())
 * // … once connected again:
 * backoff.reset()
 * ```
 */
export class Backoff {
  readonly #initialDelayMs: number
  readonly #factor: number
  readonly #maxDelayMs: number
  readonly #random: () => number
  #attempts = 0

  constructor(options: BackoffOptions = {}, random: () => number = Math.random) {
    this.#initialDelayMs = options.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs
    this.#factor = options.factor ?? DEFAULT_BACKOFF.factor
    this.#maxDelayMs = options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs
    this.#random = random
    for (const [name, value] of Object.entries({
      initialDelayMs: this.#initialDelayMs,
      factor: this.#factor,
      maxDelayMs: this.#maxDelayMs,
    })) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`backoff.${name} must be a finite number ≥ 0`)
    }
    if (this.#factor < 1) throw new RangeError('backoff.factor must be ≥ 1')
  }

  /** Attempts made since the last {@link reset}. */
  get attempts(): number {
    return this.#attempts
  }

  /** The upper bound of the next delay, without jitter. */
  ceiling(): number {
    // Cap the exponent's result before it overflows to Infinity after many attempts.
    return Math.min(this.#maxDelayMs, this.#initialDelayMs * this.#factor ** Math.min(this.#attempts, 64))
  }

  /** The delay before the next attempt, in whole ms; counts the attempt. */
  next(): number {
    const delay = Math.floor(this.#random() * this.ceiling())
    this.#attempts += 1
    return delay
  }

  /** Starts over from the initial delay (after a successful connection). */
  reset(): void {
    this.#attempts = 0
  }
}
