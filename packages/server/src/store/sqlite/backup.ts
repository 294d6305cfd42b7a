import type { Database } from 'better-sqlite3'

/**
 * Copies a live database to `destinationPath` with SQLite's online backup API, a hundred pages per event loop
 * turn, so the server keeps serving. The copy is a consistent snapshot that holds at least every write committed
 * before the backup started. Writes made through the same connection while it runs are carried into the copy.
 */
export async function backupDatabase(db: Database, destinationPath: string): Promise<void> {
  await db.backup(destinationPath)
}
