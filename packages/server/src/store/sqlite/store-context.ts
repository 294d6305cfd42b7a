import type { Statements } from './statements.js'

/** What each part of the SQLite store (rooms, log, users, …) works with. */
export interface StoreContext {
  readonly statements: Statements
  /** Runs a synchronous read now; rejects when the store is closed. Sees every write whose promise resolved. */
  read<Result>(work: () => Result): Promise<Result>
  /** Queues a synchronous write for the next group commit; resolves once it is committed. */
  write<Result>(work: () => Result): Promise<Result>
}
