import type { AuthErrorCode } from '@lanchat/protocol'
import { LanchatError } from './lanchat-error.js'

const marker = 'lanchat.error.account'
const symbol = Symbol.for(marker)

/**
 * The accounts API refused a request: `code` says why (`INVALID_CREDENTIALS`, `NAME_TAKEN`, `WEAK_PASSWORD`,
 * `INVALID_TOKEN`, `RATE_LIMITED`, …), `status` is the HTTP status, `retryAfterMs` how long to wait after
 * `RATE_LIMITED` or `UNAVAILABLE`. A request that never got an answer rejects with `CONNECTION_FAILED` instead.
 *
 * @example
 * ```ts
 * try {
 *   await accounts.login('Maria', password)
 * } catch (error) {
 *   if (LanchatAccountError.isInstance(error) && error.code === 'INVALID_CREDENTIALS') showWrongPassword()
 * }
 * ```
 */
export class LanchatAccountError extends LanchatError {
  private readonly [symbol] = true
  override readonly name = 'LanchatAccountError'
  declare readonly code: AuthErrorCode
  readonly status: number
  readonly retryAfterMs: number | undefined

  constructor(options: { code: AuthErrorCode; message: string; status: number; retryAfterMs?: number | undefined }) {
    super({ code: options.code, message: options.message })
    this.status = options.status
    this.retryAfterMs = options.retryAfterMs
  }

  static override isInstance(error: unknown): error is LanchatAccountError {
    return LanchatError.hasMarker(error, marker)
  }
}
