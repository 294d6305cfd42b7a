import type { Database } from 'better-sqlite3'
import type { DatabaseConstructor } from './load-driver.js'

// 10 000 pages of 4 KiB.
const WAL_AUTOCHECKPOINT_PAGES = 10_000
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024

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
    // Checkpoint the WAL into the database file every ~40 MB rather than every ~4 MB: a room's hot pages are
    // written back once per checkpoint, however often they changed, so rarer checkpoints write (and sync) far less.
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)
    // After a checkpoint, a WAL grown past this is truncated back, so a burst does not leave a huge file behind.
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
