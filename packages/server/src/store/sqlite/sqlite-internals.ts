import type { Database } from 'better-sqlite3'
import type { GroupCommitStats } from './group-commit.js'

/** What tests may reach inside an open SQLite store. */
export interface SqliteStoreInternals {
  readonly db: Database
  readonly stats: Readonly<GroupCommitStats>
}

const internals = new WeakMap<object, SqliteStoreInternals>()

/** @internal Records a store's internals when it opens. */
export function registerInternals(store: object, value: SqliteStoreInternals): void {
  internals.set(store, value)
}

/**
 * @internal The connection and group-commit counters of a store made by `openSqliteStore`, for tests only.
 *
 * @example
 * ```ts
 * const { stats } = sqliteStoreInternals(store)
 * expect(stats.commits).toBeLessThan(stats.writes)
 * ```
 */
export function sqliteStoreInternals(store: object): SqliteStoreInternals {
  const found = internals.get(store)
  if (found === undefined) throw new TypeError('not a store made by openSqliteStore')
  return found
}
