import type { ClientCommand, ServerMessage } from '@lanchat/protocol'
import type { LanchatError } from './errors/lanchat-error.js'
import { LanchatTimeoutError } from './errors/lanchat-timeout-error.js'

/** A command waiting for its reply. */
export interface PendingRequest {
  readonly frame: ClientCommand
  /** Whether the frame is on the wire (else it waits for the connection to open). */
  sent: boolean
  resolve(reply: ServerMessage): void
  reject(error: LanchatError): void
}

/**
 * Commands waiting for their reply, by `id`: each settles exactly once, with its reply, an
 * error, or a {@link LanchatTimeoutError} after its timeout (whose timer it owns).
 *
 * @example
 * ```ts
 * const requests = new PendingRequests()
 * const reply = requests.add({ type: 'ping', id: '7' }, 10_000)
 * requests.take('7')?.resolve(pongFrame)
 * ```
 */
export class PendingRequests {
  readonly #pending = new Map<string, PendingRequest & { timer: ReturnType<typeof setTimeout> }>()

  /** Registers `frame` (not yet sent) and returns the promise of its reply. */
  add(frame: ClientCommand, timeoutMs: number): Promise<ServerMessage> {
    return new Promise<ServerMessage>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer)
        this.#pending.delete(frame.id)
      }
      const timer = setTimeout(() => {
        settle()
        reject(new LanchatTimeoutError({ operation: frame.type, timeoutMs }))
      }, timeoutMs)
      this.#pending.set(frame.id, {
        frame,
        sent: false,
        timer,
        resolve: (reply) => {
          settle()
          resolve(reply)
        },
        reject: (error) => {
          settle()
          reject(error)
        },
      })
    })
  }

  /** The request with this id, if it still waits. */
  get(id: string): PendingRequest | undefined {
    return this.#pending.get(id)
  }

  /** Requests not on the wire yet, in the order they were made. */
  unsent(): PendingRequest[] {
    return [...this.#pending.values()].filter((request) => !request.sent)
  }

  /** Rejects every request already on the wire (its reply cannot come any more). */
  rejectSent(error: LanchatError): void {
    for (const request of [...this.#pending.values()]) if (request.sent) request.reject(error)
  }

  /** Rejects every request. */
  rejectAll(error: LanchatError): void {
    for (const request of [...this.#pending.values()]) request.reject(error)
  }

  get size(): number {
    return this.#pending.size
  }
}
