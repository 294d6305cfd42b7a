import type { Database } from 'better-sqlite3'
import type { DatabaseConstructor } from './load-driver.js'

/** How hard SQLite works to keep a commit across a crash. */
export type SynchronousMode = 'full' | 'normal'

export interface ConnectionSettings {
  path: string
  synchronous: SynchronousMode
  busyTimeoutMs: number
}

/**
 * Opens the database file and sets up the connection: WAL (readers never block the writer, one fsync per
 * commit), the chosen `synchronous` level, foreign keys (they are off by default in SQLite) and a busy timeout.
 */
export function openDatabase(Driver: DatabaseConstructor, settings: ConnectionSettings): Database {
  const db = new Driver(settings.path, { timeout: settings.busyTimeoutMs })
  try {
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${settings.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
    db.pragma('foreign_keys = ON')
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
