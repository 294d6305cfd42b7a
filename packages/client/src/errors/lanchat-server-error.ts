import type { ErrorCode, ErrorFrame, ProtocolIssue } from '@lanchat/protocol'
import { LanchatError } from './lanchat-error.js'

const marker = 'lanchat.error.server'
const symbol = Symbol.for(marker)

/**
 * The server answered with an `error` frame. `code` is the wire code (`ROOM_NOT_FOUND`,
 * `NOT_A_MEMBER`, `RATE_LIMITED`, …), `ref` the id of the command it answers (absent for an
 * error about a notification or an unreadable frame), `issues` where a `BAD_REQUEST` frame
 * broke the schema.
 *
 * @example
 * ```ts
 * try {
 *   await client.join('nope42')
 * } catch (error) {
 *   if (LanchatServerError.isInstance(error) && error.code === 'ROOM_NOT_FOUND') showNotFound()
 * }
 * ```
 */
export class LanchatServerError extends LanchatError {
  private readonly [symbol] = true
  override readonly name = 'LanchatServerError'
  declare readonly code: ErrorCode
  /** The `id` of the command this error answers. */
  readonly ref: string | undefined
  /** For `BAD_REQUEST`: where the frame broke the schema. */
  readonly issues: readonly ProtocolIssue[]
  /** For `RATE_LIMITED`: how long to wait, in ms, before the command can succeed (absent when a cap was reached). */
  readonly retryAfterMs: number | undefined

  constructor(options: {
    code: ErrorCode
    message: string
    ref?: string | undefined
    issues?: readonly ProtocolIssue[]
    retryAfterMs?: number | undefined
    cause?: unknown
  }) {
    super({ code: options.code, message: options.message, cause: options.cause })
    this.ref = options.ref
    this.issues = options.issues ?? []
    this.retryAfterMs = options.retryAfterMs
  }

  /** The error an `error` frame stands for. */
  static fromFrame(frame: ErrorFrame): LanchatServerError {
    return new LanchatServerError({
      code: frame.code,
      message: frame.message,
      ref: frame.ref,
      issues: frame.issues ?? [],
      retryAfterMs: frame.retryAfterMs,
    })
  }

  static override isInstance(error: unknown): error is LanchatServerError {
    return LanchatError.hasMarker(error, marker)
  }
}
