import type { Welcome } from '@lanchat/protocol'
import type { LanchatError } from './errors/lanchat-error.js'

interface ConnectWaiter {
  resolve(welcome: Welcome): void
  reject(error: LanchatError): void
}

/** The `connect()` calls waiting for the next `welcome` (or for the attempt to fail). */
export class ConnectWaiters {
  #waiters: ConnectWaiter[] = []

  /** Resolves with the next `welcome`, or rejects when connecting fails or the client closes. */
  wait(): Promise<Welcome> {
    return new Promise<Welcome>((resolve, reject) => this.#waiters.push({ resolve, reject }))
  }

  get size(): number {
    return this.#waiters.length
  }

  resolve(welcome: Welcome): void {
    for (const waiter of this.#take()) waiter.resolve(welcome)
  }

  reject(error: LanchatError): void {
    for (const waiter of this.#take()) waiter.reject(error)
  }

  #take(): ConnectWaiter[] {
    const waiters = this.#waiters
    this.#waiters = []
    return waiters
  }
}
