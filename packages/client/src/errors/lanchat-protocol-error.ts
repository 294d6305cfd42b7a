import type { ProtocolIssue } from '@lanchat/protocol'
import { LanchatError } from './lanchat-error.js'
import { ClientErrorCodes } from './client-error-codes.js'

const marker = 'lanchat.error.protocol'
const symbol = Symbol.for(marker)

/** How much of a bad frame an error keeps, for the log. */
const MAX_FRAME_EXCERPT = 200

/**
 * The server sent a frame that is not valid protocol v1 (not JSON, an unknown `type`, a field
 * that breaks its schema, a binary frame, or a reply of the wrong type). The client ignores the
 * frame, emits this error, and keeps the connection.
 *
 * @example
 * ```ts
 * client.on('error', (error) => {
 *   if (LanchatProtocolError.isInstance(error)) console.warn(error.message, error.issues)
 * })
 * ```
 */
export class LanchatProtocolError extends LanchatError {
  private readonly [symbol] = true
  override readonly name = 'LanchatProtocolError'
  declare readonly code: typeof ClientErrorCodes.INVALID_FRAME
  /** Where the frame broke its schema (JSON pointer and message); empty when it was not even an object. */
  readonly issues: readonly ProtocolIssue[]
  /** The start of the offending frame, for logs. */
  readonly frame: string | undefined

  constructor(options: { message: string; issues?: readonly ProtocolIssue[]; frame?: string; cause?: unknown }) {
    super({ code: ClientErrorCodes.INVALID_FRAME, message: options.message, cause: options.cause })
    this.issues = options.issues ?? []
    this.frame =
      options.frame === undefined || options.frame.length <= MAX_FRAME_EXCERPT
        ? options.frame
        : `${options.frame.slice(0, MAX_FRAME_EXCERPT)}…`
  }

  static override isInstance(error: unknown): error is LanchatProtocolError {
    return LanchatError.hasMarker(error, marker)
  }
}
