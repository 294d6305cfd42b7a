import { accessSync, constants, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, win32 } from 'node:path'

/** The database file's name inside the data directory. */
export const DATABASE_FILE = 'lanchat.db'

/** The data directory cannot be made or written; the message names it and says why. */
export class DataDirectoryError extends Error {
  override readonly name = 'DataDirectoryError'
  readonly code = 'LANCHAT_ERR_WEB_DATA_DIR'
}

/** Where this machine keeps per-user data: the platform, its environment and the user's home. */
export interface DataHome {
  platform: NodeJS.Platform
  environment: NodeJS.ProcessEnv
  home: string
}

/**
 * The per-user default data directory: `$XDG_DATA_HOME/lanchat` or `~/.local/share/lanchat` on Linux and other
 * Unixes, `~/Library/Application Support/lanchat` on macOS, `%LOCALAPPDATA%\lanchat` on Windows.
 *
 * @example
 * ```ts
 * defaultDataDirectory() // '/home/maria/.local/share/lanchat'
 * ```
 */
export function defaultDataDirectory(
  { platform, environment, home }: DataHome = { platform: process.platform, environment: process.env, home: homedir() },
): string {
  if (platform === 'win32') {
    const localAppData = nonEmpty(environment.LOCALAPPDATA) ?? win32.join(home, 'AppData', 'Local')
    return win32.join(localAppData, 'lanchat')
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'lanchat')
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdgDataHome = nonEmpty(environment.XDG_DATA_HOME)
  if (xdgDataHome !== undefined && xdgDataHome.startsWith('/')) return join(xdgDataHome, 'lanchat')
  return join(home, '.local', 'share', 'lanchat')
}

/** The database file of a data directory. */
export function databasePath(dataDirectory: string): string {
  return join(dataDirectory, DATABASE_FILE)
}

/**
 * Makes the data directory when it is missing (readable by this user only, as it holds every message) and checks
 * that this process may write there. Throws {@link DataDirectoryError} otherwise.
 *
 * @example
 * ```ts
 * prepareDataDirectory('/home/maria/.local/share/lanchat')
 * ```
 */
export function prepareDataDirectory(dataDirectory: string): void {
  try {
    mkdirSync(dataDirectory, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new DataDirectoryError(`cannot create the data directory ${dataDirectory}: ${reason(error)}.`, { cause: error })
  }
  try {
    accessSync(dataDirectory, constants.W_OK | constants.X_OK)
  } catch (error) {
    throw new DataDirectoryError(`cannot write to the data directory ${dataDirectory}: ${reason(error)}.`, { cause: error })
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

/** `EACCES: permission denied, mkdir '/x'` → `permission denied` (the path is already in the sentence). */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message
}
