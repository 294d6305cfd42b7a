import type { AuthErrorCode, ErrorCode } from '@lanchat/protocol'
import type { ClientErrorCode } from './client-error-codes.js'

const marker = 'lanchat.error'
const symbol = Symbol.for(marker)

/** What every {@link LanchatError} is built from. */
export interface LanchatErrorOptions<Code extends string = ClientErrorCode | ErrorCode | AuthErrorCode> {
  code: Code
  message: string
  cause?: unknown
}

/**
 * The base of every error the client raises. `code` is stable: switch on it, not on the
 * message. Use {@link LanchatError.isInstance} rather than `instanceof`, which fails when two
 * copies of the package are loaded (a bundle and a dependency, say).
 *
 * @example
 * ```ts
 * try {
 *   await client.join('K7M2QX')
 * } catch (error) {
 *   if (LanchatError.isInstance(error)) console.log(error.code) // 'ROOM_NOT_FOUND'
 * }
 * ```
 */
export class LanchatError extends Error {
  private readonly [symbol] = true
  override readonly name: string = 'LanchatError'
  /** A stable code: one of `ClientErrorCodes`, a wire `ErrorCode` for server errors, or an `AuthErrorCode` from the accounts API. */
  readonly code: ClientErrorCode | ErrorCode | AuthErrorCode

  constructor({ code, message, cause }: LanchatErrorOptions) {
    super(message, cause === undefined ? undefined : { cause })
    this.code = code
  }

  /** Whether `error` is a {@link LanchatError} (of any copy of this package). */
  static isInstance(error: unknown): error is LanchatError {
    return LanchatError.hasMarker(error, marker)
  }

  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName)
    return (
      typeof error === 'object' &&
      error !== null &&
      markerSymbol in error &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    )
  }
}

/** Turns anything thrown into an `Error` for a `cause` that prints well. */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(typeof thrown === 'string' ? thrown : String(thrown))
}
