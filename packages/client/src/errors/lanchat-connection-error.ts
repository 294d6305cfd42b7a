import { LanchatError } from './lanchat-error.js'
import type { ClientErrorCodes } from './client-error-codes.js'

const marker = 'lanchat.error.connection'
const symbol = Symbol.for(marker)

/** The codes a {@link LanchatConnectionError} carries. */
export type ConnectionErrorCode =
  | typeof ClientErrorCodes.CONNECTION_FAILED
  | typeof ClientErrorCodes.CONNECTION_LOST
  | typeof ClientErrorCodes.CONNECTION_CLOSED
  | typeof ClientErrorCodes.SIGNED_OUT
  | typeof ClientErrorCodes.NOT_CONNECTED
  | typeof ClientErrorCodes.NO_WEBSOCKET
  | typeof ClientErrorCodes.CERTIFICATE_MISMATCH
  | typeof ClientErrorCodes.CERTIFICATE_UNTRUSTED

/**
 * The connection could not be made, was lost, or the client is closed. `closeCode` and
 * `closeReason` say how the socket closed, when it did.
 *
 * @example
 * ```ts
 * try {
 *   await client.connect()
 * } catch (error) {
 *   if (LanchatConnectionError.isInstance(error)) console.log('cannot reach the server', error.closeCode)
 * }
 * ```
 */
export class LanchatConnectionError extends LanchatError {
  private readonly [symbol] = true
  override readonly name: string = 'LanchatConnectionError'
  declare readonly code: ConnectionErrorCode
  /** The WebSocket close code, when the socket closed (1006: closed without a close frame). */
  readonly closeCode: number | undefined
  /** The WebSocket close reason, when the socket closed. */
  readonly closeReason: string | undefined

  constructor(options: {
    code: ConnectionErrorCode
    message: string
    cause?: unknown
    closeCode?: number | undefined
    closeReason?: string | undefined
  }) {
    super(options)
    this.closeCode = options.closeCode
    this.closeReason = options.closeReason
  }

  static override isInstance(error: unknown): error is LanchatConnectionError {
    return LanchatError.hasMarker(error, marker)
  }
}
