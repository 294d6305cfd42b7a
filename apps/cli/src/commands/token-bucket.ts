/**
 * Paces sends below the server's rate limit (a token bucket like the server's), so a fast pipe is not
 * answered with RATE_LIMITED. Waiting uses one timer at a time, cleared when it fires.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket(10, 20)
 * await bucket.take()
 * client.send(room, line)
 * ```
 */
export class TokenBucket {
  readonly #perSecond: number
  readonly #capacity: number
  #tokens: number
  #updatedAt = Date.now()

  constructor(perSecond: number, capacity: number) {
    this.#perSecond = Math.max(perSecond, 0.1)
    this.#capacity = Math.max(capacity, 1)
    this.#tokens = this.#capacity
  }

  /** Resolves when a token is free, and takes it. */
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now()
      this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#updatedAt) / 1000) * this.#perSecond)
      this.#updatedAt = now
      if (this.#tokens >= 1) {
        this.#tokens -= 1
        return
      }
      const waitMs = Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000)
      await new Promise((resolve) => setTimeout(resolve, waitMs))
    }
  }
}
