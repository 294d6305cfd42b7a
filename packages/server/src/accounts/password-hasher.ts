/**
 * argon2id parameters from the OWASP Password Storage Cheat Sheet (its first option: 19 MiB of memory, two
 * passes, one lane). They are written into every hash (PHC string format), so a hash made under older parameters
 * still verifies, and is replaced by one under these at the next successful sign-in.
 */
export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

/** Hashes computed at once, at most: each takes 19 MiB and a core for tens of ms. */
const DEFAULT_CONCURRENCY = 2
/** Hashes waiting for a turn, at most; more are refused at once (the server is busy) instead of piling up. */
const DEFAULT_QUEUE = 64

/** Too many hashes wait already: the sign-in is refused, to be retried in a moment. */
export class HasherBusyError extends Error {
  override readonly name = 'HasherBusyError'
  constructor() {
    super('too many password checks at once')
  }
}

interface Argon2 {
  hash(password: string, options: { algorithm: number; memoryCost: number; timeCost: number; parallelism: number }): Promise<string>
  verify(hash: string, password: string): Promise<boolean>
}

/** argon2id from `@node-rs/argon2`, loaded on first use so a server without accounts never loads the native module. */
let argon2: Promise<Argon2> | undefined
const ARGON2ID = 2

function loadArgon2(): Promise<Argon2> {
  argon2 ??= import('@node-rs/argon2') as Promise<Argon2>
  return argon2
}

/**
 * Hashes and verifies passwords with argon2id, a bounded number at a time: a burst of sign-ins queues (up to a
 * bound, then is refused) instead of exhausting memory or starving the chat of CPU.
 *
 * @example
 * ```ts
 * const hasher = new PasswordHasher()
 * const hash = await hasher.hash('correct horse battery staple')
 * const { ok, rehash } = await hasher.verify(hash, 'correct horse battery staple')
 * ```
 */
export class PasswordHasher {
  readonly #concurrency: number
  readonly #maxQueue: number
  readonly #waiting: Array<() => void> = []
  #running = 0

  constructor(options: { concurrency?: number; maxQueue?: number } = {}) {
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
    this.#maxQueue = options.maxQueue ?? DEFAULT_QUEUE
  }

  /** A new hash of `password` under {@link ARGON2_PARAMETERS}. Rejects with {@link HasherBusyError} when too many wait. */
  hash(password: string): Promise<string> {
    return this.#turn(async () => (await loadArgon2()).hash(password, { algorithm: ARGON2ID, ...ARGON2_PARAMETERS }))
  }

  /**
   * Whether `password` matches `hash`, and whether the hash should be replaced (its parameters are not the current
   * ones). A malformed hash does not match.
   */
  verify(hash: string, password: string): Promise<{ ok: boolean; rehash: boolean }> {
    return this.#turn(async () => {
      const ok = await (await loadArgon2()).verify(hash, password).catch(() => false)
      return { ok, rehash: ok && !hasCurrentParameters(hash) }
    })
  }

  async #turn<Result>(work: () => Promise<Result>): Promise<Result> {
    if (this.#running >= this.#concurrency) {
      if (this.#waiting.length >= this.#maxQueue) throw new HasherBusyError()
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    } else {
      this.#running += 1
    }
    try {
      return await work()
    } finally {
      const next = this.#waiting.shift()
      // The turn passes straight to the next waiter; `running` only drops when nobody waits.
      if (next === undefined) this.#running -= 1
      else next()
    }
  }
}

/** Whether a PHC string was made with argon2id under the current parameters. */
export function hasCurrentParameters(hash: string): boolean {
  const { memoryCost, timeCost, parallelism } = ARGON2_PARAMETERS
  return hash.startsWith(`$argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$`)
}
