import type { ErrorCodes } from './error-codes.js'

/** Where a frame broke its schema. */
export interface ProtocolIssue {
  /** JSON pointer into the frame, `/` for the frame itself. */
  path: string
  message: string
}

/**
 * A frame could not be decoded. `code` is the wire error code to answer with, and
 * `ref` the frame's `id` when one could be read, so the sender can match the error.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError'
  readonly code: typeof ErrorCodes.BAD_REQUEST | typeof ErrorCodes.FRAME_TOO_LARGE
  readonly ref: string | undefined
  readonly issues: ProtocolIssue[]

  constructor(
    code: ProtocolError['code'],
    message: string,
    options: { ref?: string | undefined; issues?: ProtocolIssue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.ref = options.ref
    this.issues = options.issues ?? []
  }
}
