import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { onTestFinished } from 'vitest'

/** A fresh temporary directory for one test, removed when the test finishes. Test helper. */
export function tempDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lanchat-sqlite-'))
  onTestFinished(() => fs.rmSync(directory, { recursive: true, force: true }))
  return directory
}

/** A path for a database file that does not exist yet, in a fresh temporary directory. Test helper. */
export function tempDatabasePath(name = 'chat.db'): string {
  return path.join(tempDirectory(), name)
}
