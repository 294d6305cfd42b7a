/** The client's timers, one per job, so that each can be cleared by name and all of them at once. */
export type TimerName = 'reconnect' | 'handshake' | 'heartbeat' | 'pace' | 'requests' | 'stable'

/**
 * Named one-shot timers. Setting a name that is already running replaces it; a timer forgets
 * itself just before its callback runs, so the callback may set the same name again.
 */
export class Timers {
  readonly #timers = new Map<TimerName, ReturnType<typeof setTimeout>>()

  set(name: TimerName, callback: () => void, delayMs: number): void {
    this.clear(name)
    const timer = setTimeout(() => {
      this.#timers.delete(name)
      callback()
    }, delayMs)
    this.#timers.set(name, timer)
  }

  has(name: TimerName): boolean {
    return this.#timers.has(name)
  }

  clear(name: TimerName): void {
    clearTimeout(this.#timers.get(name))
    this.#timers.delete(name)
  }

  clearAll(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
  }
}
