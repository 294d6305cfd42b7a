import type { Statement } from 'better-sqlite3'
import type { Statements } from './statements.js'

/** What each part of the SQLite store (rooms, log, users, …) works with. */
export interface StoreContext {
  readonly statements: Statements
  /** Prepares a statement of a part's own, once, when the store opens. */
  prepare<Parameters extends unknown[] | object = unknown[], Row = unknown>(sql: string): Statement<Parameters, Row>
  /** Runs a synchronous read now; rejects when the store is closed. Sees every write whose promise resolved. */
  read<Result>(work: () => Result): Promise<Result>
  /** Queues a synchronous write for the next group commit; resolves once it is committed. */
  write<Result>(work: () => Result): Promise<Result>
}
