import type { SessionStore } from '../store.js'
import { sessionFromRow } from './rows.js'
import type { StoreContext } from './store-context.js'

/** Sessions in SQLite. A session of a user the store does not have rejects with a foreign key error. */
export function sqliteSessions({ statements, read, write }: StoreContext): SessionStore {
  return {
    create: async (session) => {
      const values = {
        token_hash: session.tokenHash,
        user_id: session.userId,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      }
      return write(() => {
        statements.upsertSession.run(values)
      })
    },
    get: (tokenHash, now) =>
      read(() => {
        const row = statements.selectLiveSession.get(tokenHash, now)
        return row === undefined ? undefined : sessionFromRow(row)
      }),
    extend: async (tokenHashes, expiresAt) => {
      const hashes = [...tokenHashes]
      return write(() => {
        for (const hash of hashes) statements.extendSession.run(expiresAt, hash)
      })
    },
    delete: (tokenHash) =>
      write(() => {
        statements.deleteSession.run(tokenHash)
      }),
    deleteExpired: (now) => write(() => statements.deleteExpiredSessions.run(now).changes),
  }
}
