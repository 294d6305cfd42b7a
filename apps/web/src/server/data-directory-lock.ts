import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DataDirectoryError } from './data-directory.js'

/** The lock file's name inside the data directory: it holds the pid of the server using the directory. */
export const LOCK_FILE = 'lanchat.pid'

/**
 * Claims a data directory for this process, so two servers never share one database: each would trust its own
 * view of the rooms' seqs and presence. A lock left by a process that is gone (a crash, `kill -9`) is taken over.
 * Returns the function that releases it. Throws {@link DataDirectoryError} when a live server holds it.
 *
 * @example
 * ```ts
 * const release = lockDataDirectory('/srv/lanchat')
 * // … serve …
 * release()
 * ```
 */
export function lockDataDirectory(dataDirectory: string): () => void {
  const path = join(dataDirectory, LOCK_FILE)
  const mine = String(process.pid)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, mine, { flag: 'wx', mode: 0o600 })
      return () => {
        if (readPid(path) === process.pid) rmSync(path, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DataDirectoryError(`cannot lock the data directory ${dataDirectory}: ${String(error)}.`, { cause: error })
      }
    }
    const holder = readPid(path)
    if (holder !== undefined && holder !== process.pid && isRunning(holder)) {
      throw new DataDirectoryError(
        `another lanchat server (pid ${holder}) is using the data directory ${dataDirectory}. Stop it, or start this one with another --data-dir.`,
      )
    }
    // A stale lock: its process is gone. Remove it and claim the directory again.
    rmSync(path, { force: true })
  }
  throw new DataDirectoryError(`cannot lock the data directory ${dataDirectory}: another process keeps claiming it.`)
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
