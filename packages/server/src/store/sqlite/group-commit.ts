import type { Database, Transaction } from 'better-sqlite3'

/** Counters of a {@link GroupCommit}, for tests and metrics. */
export interface GroupCommitStats {
  /** Batches flushed: one transaction each. */
  batches: number
  /** Batches whose transaction committed. */
  commits: number
  /** Batches whose transaction failed to begin or commit: every write in them rejected. */
  failedBatches: number
  /** Writes flushed, in any batch. */
  writes: number
}

interface PendingWrite {
  work: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/**
 * Queues writes and runs everything queued in one tick as one transaction on the next `setImmediate`, so a burst
 * of writes costs one fsync instead of one each. Each write runs in its own SAVEPOINT: its own failure (a missing
 * room, a taken id) rolls back and rejects only that write. When the transaction itself fails to begin or commit
 * (SQLITE_BUSY, SQLITE_FULL, SQLITE_IOERR), every write of the batch rejects and none of it is stored. A write's
 * promise settles only after its transaction committed or failed.
 *
 * @example
 * ```ts
 * const writes = new GroupCommit(db)
 * const [a, b] = await Promise.all([writes.enqueue(() => insertA.run()), writes.enqueue(() => insertB.run())])
 * // one COMMIT for both
 * ```
 */
export class GroupCommit {
  readonly stats: GroupCommitStats = { batches: 0, commits: 0, failedBatches: 0, writes: 0 }
  #queue: PendingWrite[] = []
  #scheduled: NodeJS.Immediate | undefined
  readonly #runBatch: Transaction<(writes: readonly PendingWrite[]) => Outcome[]>

  constructor(db: Database) {
    // Called inside the batch's transaction, better-sqlite3 runs a transaction function as a SAVEPOINT.
    const inSavepoint = db.transaction((work: () => unknown) => work())
    this.#runBatch = db.transaction((writes: readonly PendingWrite[]) =>
      writes.map((write): Outcome => {
        try {
          return { ok: true, value: inSavepoint(write.work) }
        } catch (error) {
          // SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY and SQLITE_NOMEM may roll back the whole transaction, not just
          // the statement; going on would run the rest of the batch in autocommit mode, so fail it all instead.
          if (!db.inTransaction) throw error
          return { ok: false, error }
        }
      }),
    )
  }

  /** Queues a synchronous write; resolves with its result once its batch has committed. */
  enqueue<Result>(work: () => Result): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
      this.#scheduled ??= setImmediate(() => this.flush())
    })
  }

  /** Commits what is queued now, without waiting for the next tick (used by `close()`). Never throws. */
  flush(): void {
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled)
    this.#scheduled = undefined
    const writes = this.#queue
    this.#queue = []
    if (writes.length === 0) return
    this.stats.batches++
    this.stats.writes += writes.length

    let outcomes: Outcome[]
    try {
      // IMMEDIATE takes the write lock up front: a busy database fails the batch before any write ran.
      outcomes = this.#runBatch.immediate(writes)
    } catch (error) {
      this.stats.failedBatches++
      for (const write of writes) write.reject(error)
      return
    }
    this.stats.commits++
    writes.forEach((write, index) => {
      const outcome = outcomes[index]
      if (outcome?.ok) write.resolve(outcome.value)
      else write.reject(outcome?.error)
    })
  }
}
