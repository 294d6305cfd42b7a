import { MemoryStore } from '../src/store/memory-store.js'
import type { LanchatStore, RoomLogStore } from '../src/store/store.js'

/** A paused store call: `reached` resolves when a call is waiting at the gate; `open()` lets it go on. */
export interface Gate {
  reached: Promise<void>
  open(): void
}

type Method = 'append' | 'latest' | 'after'

interface PendingGate {
  /** `before`: the call waits, then does its work (it sees what was stored meanwhile). `after`: it does its work, then waits. */
  when: 'before' | 'after'
  arrive(): void
  wait: Promise<void>
}

/**
 * A real in-memory store whose next call of a log method can be paused at a chosen point, to replay the races a
 * slow database causes (a message stored while a join reads history, a fan-out that lands after a join's reply).
 */
export class GatedStore implements LanchatStore {
  readonly inner = new MemoryStore()
  readonly rooms = this.inner.rooms
  readonly users = this.inner.users
  readonly sessions = this.inner.sessions
  readonly memberships = this.inner.memberships
  readonly accounts = this.inner.accounts
  readonly credentials = this.inner.credentials
  readonly log: RoomLogStore
  readonly #gates = new Map<Method, PendingGate>()

  constructor() {
    const log = this.inner.log
    this.log = {
      append: (draft) => this.#gated('append', () => log.append(draft)),
      latest: (room, limit) => this.#gated('latest', () => log.latest(room, limit)),
      before: (room, seq, limit) => log.before(room, seq, limit),
      after: (room, seq, limit) => this.#gated('after', () => log.after(room, seq, limit)),
    }
  }

  /** Pauses the next call of `method`. */
  pause(method: Method, when: 'before' | 'after'): Gate {
    let arrive: () => void = () => {}
    let open: () => void = () => {}
    const reached = new Promise<void>((resolve) => (arrive = resolve))
    const wait = new Promise<void>((resolve) => (open = resolve))
    this.#gates.set(method, { when, arrive, wait })
    return { reached, open }
  }

  close(): Promise<void> {
    return this.inner.close()
  }

  async #gated<Result>(method: Method, work: () => Promise<Result>): Promise<Result> {
    const gate = this.#gates.get(method)
    if (gate === undefined) return work()
    this.#gates.delete(method)
    if (gate.when === 'before') {
      gate.arrive()
      await gate.wait
      return work()
    }
    const result = await work()
    gate.arrive()
    await gate.wait
    return result
  }
}
