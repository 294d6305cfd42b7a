/** Why an upgrade is refused: too many sockets from its address (HTTP 429), or in all (HTTP 503). */
export type ConnectionRefusal = 'address' | 'total'

/**
 * Counts open sockets, in all and per address, against their caps. The routes check {@link refusal} before the
 * upgrade, so a client over a cap gets a plain HTTP answer instead of a socket that opens and closes; a socket is
 * counted from {@link open} (right after its upgrade) until the release `open` returns is called.
 *
 * @example
 * ```ts
 * const limits = new ConnectionLimits({ maxConnections: 10_000, maxConnectionsPerAddress: 256 })
 * if (limits.refusal(ip) === undefined) {
 *   const release = limits.open(ip)
 *   socket.once('close', release)
 * }
 * ```
 */
export class ConnectionLimits {
  readonly #maxConnections: number
  readonly #maxPerAddress: number
  readonly #byAddress = new Map<string, number>()
  #total = 0

  constructor(options: { maxConnections: number; maxConnectionsPerAddress: number }) {
    this.#maxConnections = options.maxConnections
    this.#maxPerAddress = options.maxConnectionsPerAddress
  }

  get size(): number {
    return this.#total
  }

  /** Why one more socket from `address` is refused, or undefined when it may open. */
  refusal(address: string): ConnectionRefusal | undefined {
    if ((this.#byAddress.get(address) ?? 0) >= this.#maxPerAddress) return 'address'
    if (this.#total >= this.#maxConnections) return 'total'
    return undefined
  }

  /** Counts a socket that opened; returns its release (safe to call twice). */
  open(address: string): () => void {
    this.#total++
    this.#byAddress.set(address, (this.#byAddress.get(address) ?? 0) + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      this.#total--
      const left = (this.#byAddress.get(address) ?? 1) - 1
      if (left <= 0) this.#byAddress.delete(address)
      else this.#byAddress.set(address, left)
    }
  }
}

/** Seconds a refused client is told to wait (`Retry-After`) before it tries again. */
export const CONNECTION_RETRY_AFTER_S = 10
