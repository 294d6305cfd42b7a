import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

/** The backup could not be made; the message says why. Nothing was written at the destination. */
export class BackupError extends Error {
  override readonly name = 'BackupError'
  readonly code = 'LANCHAT_ERR_WEB_BACKUP'
}

/** Options of {@link backupDatabase}. */
export interface BackupOptions {
  /** The live database, such as `~/.local/share/lanchat/lanchat.db`. */
  source: string
  /** The file to write the copy to; replaced if it exists. */
  destination: string
  /** Called once the copy's size is known, before the pages are copied. */
  onStart?: (pages: number) => void
}

/** What {@link backupDatabase} made. */
export interface BackupResult {
  destination: string
  pages: number
  bytes: number
}

/**
 * Copies a database that a running server keeps writing to, with SQLite's online backup API, through a second,
 * read-only connection. The copy is one consistent snapshot that holds every write committed before the call, and
 * it is checked (`PRAGMA integrity_check`) before it replaces `destination`: a failed or interrupted backup leaves
 * no half-written file there.
 *
 * @example
 * ```ts
 * await backupDatabase({ source: '/srv/lanchat/lanchat.db', destination: '/backups/lanchat-monday.db' })
 * ```
 */
export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const { source, destination } = options
  if (!existsSync(source)) {
    throw new BackupError(`there is no database at ${source}. Start the server once, or pass the --data-dir it uses.`)
  }
  if (existsSync(destination) && statSync(destination).isDirectory()) {
    throw new BackupError(`${destination} is a directory; give the file to write, such as ${destination}/lanchat-backup.db.`)
  }
  if (!existsSync(dirname(destination))) throw new BackupError(`the directory ${dirname(destination)} does not exist.`)

  const partial = `${destination}.partial-${process.pid}`
  let database: Database.Database | undefined
  let started = false
  try {
    database = new Database(source, { readonly: true, fileMustExist: true, timeout: 5_000 })
    const { totalPages } = await database.backup(partial, {
      progress: ({ totalPages: pages }) => {
        if (!started) options.onStart?.(pages)
        started = true
        // Every page in one step: a step that spans several event loop turns starts over whenever the server
        // commits in between, so under steady chat it might never finish. One step is one read transaction,
        // which in WAL mode never blocks the server's writes.
        return 0x7fffffff
      },
    })
    database.close()
    database = undefined
    verify(partial)
    // A -wal or -shm left next to an older copy would be read as part of the new one.
    for (const suffix of ['-wal', '-shm']) rmSync(`${destination}${suffix}`, { force: true })
    renameSync(partial, destination)
    return { destination, pages: totalPages, bytes: statSync(destination).size }
  } catch (error) {
    database?.close()
    rmSync(partial, { force: true })
    if (error instanceof BackupError) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new BackupError(`could not copy ${source} to ${destination}: ${reason}`, { cause: error })
  }
}

/** Opens the copy on its own and has SQLite check every page and index of it. */
function verify(path: string): void {
  // Not read-only: the copy is in WAL mode, and only a connection that may write removes the -wal and -shm files
  // it makes when it closes. Nothing is written.
  const copy = new Database(path, { fileMustExist: true })
  try {
    const result = copy.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new BackupError(`the copy failed SQLite's integrity check (${String(result)}).`)
  } finally {
    copy.close()
  }
}
