import { LanchatError } from './lanchat-error.js'
import { ClientErrorCodes } from './client-error-codes.js'

const marker = 'lanchat.error.timeout'
const symbol = Symbol.for(marker)

/**
 * Something got no answer in time: a request (`operation` is its type), the handshake
 * (`hello`), or a heartbeat (`ping`, after which the client reconnects).
 *
 * @example
 * ```ts
 * await client.request('ping', {}, { timeoutMs: 1000 }).catch((error) => {
 *   if (LanchatTimeoutError.isInstance(error)) console.log(`${error.operation}: no reply in ${error.timeoutMs} ms`)
 * })
 * ```
 */
export class LanchatTimeoutError extends LanchatError {
  private readonly [symbol] = true
  override readonly name = 'LanchatTimeoutError'
  declare readonly code: typeof ClientErrorCodes.TIMEOUT
  /** What timed out: a command type such as `room.join`, or `hello` for the handshake. */
  readonly operation: string
  /** How long the client waited, in ms. */
  readonly timeoutMs: number

  constructor(options: { operation: string; timeoutMs: number; message?: string; cause?: unknown }) {
    super({
      code: ClientErrorCodes.TIMEOUT,
      message: options.message ?? `No reply to "${options.operation}" within ${options.timeoutMs} ms`,
      cause: options.cause,
    })
    this.operation = options.operation
    this.timeoutMs = options.timeoutMs
  }

  static override isInstance(error: unknown): error is LanchatTimeoutError {
    return LanchatError.hasMarker(error, marker)
  }
}
