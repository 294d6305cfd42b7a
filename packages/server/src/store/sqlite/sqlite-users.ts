import type { UserStore } from '../store.js'
import { userFromRow } from './rows.js'
import type { StoreContext } from './store-context.js'

/** People in SQLite. A taken id rejects with SQLite's primary key constraint error. */
export function sqliteUsers({ statements, read, write }: StoreContext): UserStore {
  return {
    create: async (user) => {
      const values = { id: user.id, name: user.name, created_at: user.createdAt }
      return write(() => {
        statements.insertUser.run(values)
      })
    },
    get: (id) =>
      read(() => {
        const row = statements.selectUser.get(id)
        return row === undefined ? undefined : userFromRow(row)
      }),
    rename: (id, name) => write(() => statements.renameUser.run(name, id).changes > 0),
  }
}
