import type { LanchatError } from './errors/lanchat-error.js'
import { LanchatTimeoutError } from './errors/lanchat-timeout-error.js'
import type { Timers } from './timers.js'
import type { WebSocketLike } from './transport.js'

/** What the heartbeat needs from the client. */
export interface HeartbeatHost {
  /** The socket while the connection is `open`, else `undefined`. */
  openSocket(): WebSocketLike | undefined
  /** Sends a `ping` request that rejects with a `LanchatTimeoutError` after `timeoutMs`. */
  ping(timeoutMs: number): Promise<unknown>
  /** No pong came in time on `socket`: give it up. */
  timedOut(socket: WebSocketLike, error: LanchatTimeoutError): void
}

/**
 * Pings the server `intervalMs` after the connection opened (and after each pong), and gives the
 * socket up when a pong takes longer than `timeoutMs`: a dead link is noticed even when idle.
 */
export class Heartbeat {
  readonly #options: false | { intervalMs: number; timeoutMs: number }
  readonly #timers: Timers
  readonly #host: HeartbeatHost

  constructor(options: false | { intervalMs: number; timeoutMs: number }, timers: Timers, host: HeartbeatHost) {
    this.#options = options
    this.#timers = timers
    this.#host = host
  }

  /** (Re)starts the wait for the next ping. */
  schedule(): void {
    const heartbeat = this.#options
    if (heartbeat === false) return
    this.#timers.set(
      'heartbeat',
      () => {
        const socket = this.#host.openSocket()
        if (socket === undefined) return
        this.#host.ping(heartbeat.timeoutMs).then(
          () => {
            if (socket === this.#host.openSocket()) this.schedule()
          },
          (error: LanchatError) => {
            if (LanchatTimeoutError.isInstance(error)) this.#host.timedOut(socket, error)
          },
        )
      },
      heartbeat.intervalMs,
    )
  }

  stop(): void {
    this.#timers.clear('heartbeat')
  }
}
