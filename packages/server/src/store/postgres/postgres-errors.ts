/** The stable codes of {@link PostgresStoreError}. */
export type PostgresStoreErrorCode =
  /** `pg` or `kysely`, optional peer dependencies, are not installed. */
  | 'LANCHAT_ERR_STORE_DRIVER_MISSING'
  /** The server could not be reached, or refused the connection, when the store opened. */
  | 'LANCHAT_ERR_STORE_UNREACHABLE'
  /** The database was migrated by a newer lanchat; this code does not know its schema. */
  | 'LANCHAT_ERR_STORE_SCHEMA_TOO_NEW'
  /** The store was used after `close()` was called. */
  | 'LANCHAT_ERR_STORE_CLOSED'

/**
 * An error of the PostgreSQL store itself, with a stable `code`. Errors PostgreSQL raises while reading or writing
 * (a constraint, a lost connection, a full disk) are passed through as `pg`'s `DatabaseError`, whose `code` is the
 * SQLSTATE.
 */
export class PostgresStoreError extends Error {
  override readonly name = 'PostgresStoreError'
  constructor(
    readonly code: PostgresStoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

export function driverMissingError(cause: unknown): PostgresStoreError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new PostgresStoreError(
    'LANCHAT_ERR_STORE_DRIVER_MISSING',
    `The PostgreSQL store needs the pg and kysely packages: run \`npm i pg@8 kysely@0.28\` (${reason})`,
    { cause },
  )
}

export function unreachableError(where: string, cause: unknown): PostgresStoreError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new PostgresStoreError('LANCHAT_ERR_STORE_UNREACHABLE', `Cannot reach PostgreSQL at ${where}: ${reason}`, { cause })
}

export function schemaTooNewError(where: string, unknown: readonly string[]): PostgresStoreError {
  return new PostgresStoreError(
    'LANCHAT_ERR_STORE_SCHEMA_TOO_NEW',
    `The database at ${where} has migrations this lanchat does not know (${unknown.join(', ')}): upgrade @lanchat/server`,
  )
}

export function storeClosedError(where: string): PostgresStoreError {
  return new PostgresStoreError('LANCHAT_ERR_STORE_CLOSED', `The PostgreSQL store at ${where} is closed`)
}

/** The connection string without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the given connection string'
  }
}
