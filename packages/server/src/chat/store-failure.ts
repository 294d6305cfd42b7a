/** A store call failed (disk full, I/O error, a locked database, a lost connection): the command changed nothing. */
export class StoreFailedError extends Error {
  override readonly name = 'StoreFailedError'
  constructor(cause: unknown) {
    super('the store failed', { cause })
  }
}

/** Marks a store call's failure as a {@link StoreFailedError}, so the sender is told to retry (`UNAVAILABLE`). */
export async function stored<Result>(call: Promise<Result>): Promise<Result> {
  try {
    return await call
  } catch (error) {
    throw error instanceof StoreFailedError ? error : new StoreFailedError(error)
  }
}
