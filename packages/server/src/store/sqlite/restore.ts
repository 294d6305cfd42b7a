import { randomBytes } from 'node:crypto'
import { copyFile, rename, rm, stat } from 'node:fs/promises'
import { openSqliteStore, type SqliteStore } from './sqlite-store.js'

/** Options of {@link restoreSqliteBackup}. */
export interface RestoreOptions {
  /** The backup to restore, as `store.backup()` or the demo's `backup` command wrote it. */
  backup: string
  /** The database file to replace, such as `<data-dir>/lanchat.db`. The server using it must be stopped. */
  path: string
}

/** What {@link restoreSqliteBackup} did. */
export interface RestoreResult {
  /** How many rooms came back; each has a new epoch. */
  rooms: number
}

/**
 * Puts a backup in place of a database, for a stopped server. Every room gets a new epoch: the messages written
 * after the backup are lost, and the seqs they had will be given to new messages, so a client that saw the lost
 * ones must not resume from its old `lastSeq` as if nothing happened. With the new epoch it answers
 * `recovered: false`, and the client reloads the room. Sessions, users and rooms come back as they were in the
 * backup. The old database's `-wal` and `-shm` files are removed (they belong to the replaced file), and the
 * backup is checked by opening it before anything is replaced.
 *
 * @example
 * ```ts
 * import { restoreSqliteBackup } from '@lanchat/server'
 *
 * await restoreSqliteBackup({ backup: '/backups/lanchat-monday.db', path: '/srv/lanchat/lanchat.db' })
 * ```
 */
export async function restoreSqliteBackup(options: RestoreOptions): Promise<RestoreResult> {
  await stat(options.backup)
  const staged = `${options.path}.restoring-${process.pid}`
  await copyFile(options.backup, staged)
  let store: SqliteStore | undefined
  try {
    // Opening runs the migrations, so an older backup is brought up to date before it goes in place.
    store = await openSqliteStore({ path: staged })
    const rooms = await store.rooms.list()
    await Promise.all(rooms.map((room) => store?.rooms.setEpoch(room.id, randomBytes(6).toString('base64url'))))
    await store.close()
    store = undefined
    for (const suffix of ['', '-wal', '-shm']) await rm(`${options.path}${suffix}`, { force: true })
    await rename(staged, options.path)
    return { rooms: rooms.length }
  } catch (error) {
    await store?.close().catch(() => undefined)
    for (const suffix of ['', '-wal', '-shm']) await rm(`${staged}${suffix}`, { force: true })
    throw error
  }
}
