import type { AppendResult, HistoryPage, HistoryStore, MessageDraft } from '../src/history/history-store.js'
import { MemoryHistoryStore } from '../src/history/memory-history-store.js'

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
 * A real in-memory store whose next call of a method can be paused at a chosen point, to replay the races a slow
 * database causes (a message stored while a join reads history, a fan-out that lands after a join's reply).
 */
export class GatedHistoryStore implements HistoryStore {
  readonly inner = new MemoryHistoryStore()
  readonly #gates = new Map<Method, PendingGate>()

  /** Pauses the next call of `method`. */
  pause(method: Method, when: 'before' | 'after'): Gate {
    let arrive: () => void = () => {}
    let open: () => void = () => {}
    const reached = new Promise<void>((resolve) => (arrive = resolve))
    const wait = new Promise<void>((resolve) => (open = resolve))
    this.#gates.set(method, { when, arrive, wait })
    return { reached, open }
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

  append(draft: MessageDraft): Promise<AppendResult> {
    return this.#gated('append', () => this.inner.append(draft))
  }

  latest(room: string, limit: number): Promise<HistoryPage> {
    return this.#gated('latest', () => this.inner.latest(room, limit))
  }

  before(room: string, seq: number, limit: number): Promise<HistoryPage> {
    return this.inner.before(room, seq, limit)
  }

  after(room: string, seq: number, limit: number): Promise<HistoryPage> {
    return this.#gated('after', () => this.inner.after(room, seq, limit))
  }

  deleteRoom(room: string): Promise<void> {
    return this.inner.deleteRoom(room)
  }

  close(): Promise<void> {
    return this.inner.close()
  }
}
