/** The accounts API's constants, apart from its schemas so an app can use them without the schema library. */

/** Longest password accepted, in characters: long passphrases are welcome; anything longer is refused before hashing. */
export const MAX_PASSWORD_LENGTH = 256
/** Shortest password accepted (OWASP: at least 8; no composition rules). */
export const MIN_PASSWORD_LENGTH = 8

/** The `code` of an accounts API error. */
export const AuthErrorCodes = {
  /** Wrong name or password (the same answer whether the name exists or not). */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** No valid session came with the request, or it ended. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** Signed in, but not allowed (not an admin, the account is disabled). */
  FORBIDDEN: 'FORBIDDEN',
  /** The name belongs to an account already (or looks like one that does). */
  NAME_TAKEN: 'NAME_TAKEN',
  /** This user has an account already. */
  ALREADY_CLAIMED: 'ALREADY_CLAIMED',
  /** The password is too short or too long. */
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  /** The link or code was used already, expired, or never existed. */
  INVALID_TOKEN: 'INVALID_TOKEN',
  /** No such account. */
  NOT_FOUND: 'NOT_FOUND',
  /** Too many attempts: wait `Retry-After` seconds. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Too many sign-ins at once; retry in a moment. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** The request body does not match its schema. */
  BAD_REQUEST: 'BAD_REQUEST',
} as const
export type AuthErrorCode = (typeof AuthErrorCodes)[keyof typeof AuthErrorCodes]
