/** A listener of the event `Name` of an event map. */
export type Listener<Payload> = (payload: Payload) => void

/**
 * A tiny typed event emitter: one payload per event, `on` returns its own unsubscribe
 * function, and a listener that throws never breaks the emitter or the caller of `emit`
 * (the throw goes to {@link Emitter.onListenerError}). Works the same in browsers and Node.
 *
 * @example
 * ```ts
 * class Clock extends Emitter<{ tick: number }> {
 *   start() { setInterval(() => this.emit('tick', Date.now()), 1000) }
 * }
 * const off = new Clock().on('tick', (now) => console.log(now))
 * off()
 * ```
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>()

  /**
   * Calls `listener` with the payload of every `name` event, until the returned function is called.
   */
  on<Name extends keyof Events>(name: Name, listener: Listener<Events[Name]>): () => void {
    let listeners = this.#listeners.get(name)
    if (listeners === undefined) {
      listeners = new Set()
      this.#listeners.set(name, listeners)
    }
    // Wrap so that the same function can be subscribed twice and unsubscribed independently.
    const entry: Listener<Events[Name]> = (payload) => listener(payload)
    listeners.add(entry as Listener<never>)
    return () => {
      listeners.delete(entry as Listener<never>)
    }
  }

  /** Like {@link on}, for the next `name` event only. */
  once<Name extends keyof Events>(name: Name, listener: Listener<Events[Name]>): () => void {
    const off = this.on(name, (payload) => {
      off()
      listener(payload)
    })
    return off
  }

  /** How many listeners `name` has. */
  listenerCount(name: keyof Events): number {
    return this.#listeners.get(name)?.size ?? 0
  }

  /** Calls every listener of `name` in subscription order; listeners added meanwhile wait for the next event. */
  protected emit<Name extends keyof Events>(name: Name, payload: Events[Name]): void {
    const listeners = this.#listeners.get(name)
    if (listeners === undefined || listeners.size === 0) return
    for (const listener of [...listeners]) {
      // A listener removed by an earlier one in this round is not called.
      if (!listeners.has(listener)) continue
      try {
        ;(listener as Listener<Events[Name]>)(payload)
      } catch (error) {
        this.onListenerError(error, name)
      }
    }
  }

  /** Where a throwing listener's error goes. Subclasses report it; the default drops it. */
  protected onListenerError(_error: unknown, _name: keyof Events): void {}
}
