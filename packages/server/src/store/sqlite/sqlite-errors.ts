/** The stable codes of {@link SqliteStoreError}. */
export type SqliteStoreErrorCode =
  /** better-sqlite3, an optional peer dependency, is not installed. */
  | 'LANCHAT_ERR_STORE_DRIVER_MISSING'
  /** The database was written by a newer lanchat; writing to a schema this code does not know could corrupt it. */
  | 'LANCHAT_ERR_STORE_SCHEMA_TOO_NEW'
  /** The store was used after `close()` was called. */
  | 'LANCHAT_ERR_STORE_CLOSED'

/**
 * An error of the SQLite store itself, with a stable `code`. Errors SQLite raises while reading or writing
 * (`SQLITE_FULL`, `SQLITE_IOERR`, `SQLITE_BUSY`, a constraint, …) are passed through as better-sqlite3's
 * `SqliteError`, whose `code` names them. (The store stays free of Fastify, so this is not an `@fastify/error`.)
 *
 * @example
 * ```ts
 * import { openSqliteStore, SqliteStoreError } from '@lanchat/server'
 * try {
 *   await openSqliteStore({ path: './chat.db' })
 * } catch (error) {
 *   if (error instanceof SqliteStoreError && error.code === 'LANCHAT_ERR_STORE_SCHEMA_TOO_NEW') {
 *     console.error('this database needs a newer @lanchat/server')
 *   } else throw error
 * }
 * ```
 */
export class SqliteStoreError extends Error {
  override readonly name = 'SqliteStoreError'
  constructor(
    readonly code: SqliteStoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

export function driverMissingError(cause: unknown): SqliteStoreError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new SqliteStoreError(
    'LANCHAT_ERR_STORE_DRIVER_MISSING',
    `The SQLite store needs the better-sqlite3 package: run \`npm i better-sqlite3\` (${reason})`,
    { cause },
  )
}

export function schemaTooNewError(path: string, found: number, known: number): SqliteStoreError {
  return new SqliteStoreError(
    'LANCHAT_ERR_STORE_SCHEMA_TOO_NEW',
    `The database "${path}" has schema version ${found}, but this lanchat knows versions up to ${known}: upgrade @lanchat/server`,
  )
}

export function storeClosedError(path: string): SqliteStoreError {
  return new SqliteStoreError('LANCHAT_ERR_STORE_CLOSED', `The SQLite store "${path}" is closed`)
}
