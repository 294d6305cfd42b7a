import { AuthErrorCodes, type AuthErrorCode } from '@lanchat/protocol'

const STATUS: Readonly<Record<AuthErrorCode, number>> = {
  INVALID_CREDENTIALS: 401,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NAME_TAKEN: 409,
  ALREADY_CLAIMED: 409,
  WEAK_PASSWORD: 400,
  INVALID_TOKEN: 400,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  BAD_REQUEST: 400,
}

/** A refusal of the accounts API: its `code`, the HTTP status it goes out with, and words for people. */
export class AccountError extends Error {
  override readonly name = 'AccountError'
  readonly statusCode: number

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** For `RATE_LIMITED`: how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.statusCode = STATUS[code]
  }
}

/** The one answer to a failed sign-in, whether the name exists or not. */
export function invalidCredentials(): AccountError {
  return new AccountError(AuthErrorCodes.INVALID_CREDENTIALS, 'Wrong name or password')
}
