import { MemoryStore, openPostgresStore, openSqliteStore, type LanchatStore } from '@lanchat/server'
import type { Durability } from './cli-options.js'
import { databasePath, defaultDataDirectory, prepareDataDirectory } from './data-directory.js'
import { lockDataDirectory } from './data-directory-lock.js'

/** Where the demo keeps its rooms, messages, users and sessions. */
export interface ChatStoreOptions {
  /** The directory holding `lanchat.db`; made (mode 0700) when missing. Default: the per-user data directory. */
  dataDir?: string | undefined
  /** Keep everything in memory and write nothing. `dataDir` is then ignored. Default `false`. */
  memory?: boolean | undefined
  /** What an acknowledged message survives: `full` a power loss, `normal` a crash of the process. Default `full`. */
  synchronous?: Durability | undefined
  /** A PostgreSQL connection string: keep the chat there (shared by several servers). `dataDir` is then ignored. */
  postgres?: string | undefined
}

/** An open store and where it keeps its data. */
export interface OpenChatStore {
  store: LanchatStore
  /** The SQLite file; undefined for a memory store. */
  databasePath: string | undefined
  /** Closes the store and gives the data directory free for another server. */
  close(): Promise<void>
}

/**
 * Opens the demo's store: SQLite in `<dataDir>/lanchat.db`, or a `MemoryStore` with `memory`. The caller owns it
 * and closes it after the server. Throws `DataDirectoryError` when the directory cannot be made or written, or
 * another server uses it.
 *
 * @example
 * ```ts
 * const { store, databasePath } = await openChatStore({ dataDir: '/srv/lanchat' })
 * ```
 */
export async function openChatStore(options: ChatStoreOptions = {}): Promise<OpenChatStore> {
  if (options.postgres !== undefined) {
    const store = await openPostgresStore({ url: options.postgres })
    return { store, databasePath: undefined, close: () => store.close() }
  }
  if (options.memory === true) {
    const store = new MemoryStore()
    return { store, databasePath: undefined, close: () => store.close() }
  }
  const dataDir = options.dataDir ?? defaultDataDirectory()
  prepareDataDirectory(dataDir)
  const release = lockDataDirectory(dataDir)
  const path = databasePath(dataDir)
  let store: LanchatStore
  try {
    store = await openSqliteStore({ path, synchronous: options.synchronous ?? 'full' })
  } catch (error) {
    release()
    throw error
  }
  return {
    store,
    databasePath: path,
    close: async () => {
      try {
        await store.close()
      } finally {
        release()
      }
    },
  }
}
