/** Options of {@link TypingTracker}. */
export interface TypingTrackerOptions {
  /** A typing notice ends by itself this long after the last `start`. */
  timeoutMs: number
  /** A repeated `start` within this window refreshes the notice without telling anyone again. */
  throttleMs: number
  /** Called when someone starts (again, after the throttle window) or stops typing. */
  onChange(userId: string, typing: boolean): void
}

interface TypingEntry {
  timer: ReturnType<typeof setTimeout>
  announcedAt: number
}

/**
 * Who is typing in one room. Repeats inside the throttle window are absorbed, and every notice expires unless
 * refreshed, so a client that vanishes mid-sentence does not leave "typing…" behind.
 *
 * @example
 * ```ts
 * const typing = new TypingTracker({ timeoutMs: 6000, throttleMs: 2000, onChange: (user, on) => broadcast(user, on) })
 * typing.start('u-1') // onChange('u-1', true)
 * typing.start('u-1') // absorbed
 * typing.stop('u-1')  // onChange('u-1', false)
 * ```
 */
export class TypingTracker {
  readonly #options: TypingTrackerOptions
  readonly #entries = new Map<string, TypingEntry>()

  constructor(options: TypingTrackerOptions) {
    this.#options = options
  }

  start(userId: string): void {
    const now = Date.now()
    const entry = this.#entries.get(userId)
    const timer = setTimeout(() => this.stop(userId), this.#options.timeoutMs)
    if (entry === undefined) {
      this.#entries.set(userId, { timer, announcedAt: now })
      this.#options.onChange(userId, true)
      return
    }
    clearTimeout(entry.timer)
    entry.timer = timer
    if (now - entry.announcedAt >= this.#options.throttleMs) {
      entry.announcedAt = now
      this.#options.onChange(userId, true)
    }
  }

  /** Ends a notice; tells others only if there was one. */
  stop(userId: string): void {
    const entry = this.#entries.get(userId)
    if (entry === undefined) return
    clearTimeout(entry.timer)
    this.#entries.delete(userId)
    this.#options.onChange(userId, false)
  }

  isTyping(userId: string): boolean {
    return this.#entries.has(userId)
  }

  /** Clears every timer without telling anyone (the room is going away). */
  dispose(): void {
    for (const entry of this.#entries.values()) clearTimeout(entry.timer)
    this.#entries.clear()
  }
}
