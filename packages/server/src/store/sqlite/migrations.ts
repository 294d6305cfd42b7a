import type { Database } from 'better-sqlite3'
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_V3 } from './schema.js'
import { schemaTooNewError } from './sqlite-errors.js'

/**
 * Every schema change, oldest first: migration `n` (1-based) brings a database from `user_version` n-1 to n.
 * Append only; never edit a migration that has shipped.
 */
export const MIGRATIONS: readonly string[] = [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3]

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Brings the database up to {@link SCHEMA_VERSION}, each migration in its own transaction together with its
 * `PRAGMA user_version`, so a crash leaves the database at the last completed version. Refuses a database from
 * a newer lanchat rather than writing to a schema it does not know.
 */
export function migrate(db: Database, migrations: readonly string[] = MIGRATIONS): void {
  const check = (version: number): void => {
    if (version > migrations.length) {
      throw schemaTooNewError(db.name, version, migrations.length)
    }
  }
  const found = userVersion(db)
  check(found)
  for (let target = found + 1; target <= migrations.length; target++) {
    const sql = migrations[target - 1] ?? ''
    // IMMEDIATE takes the write lock before the version is read again, so two processes opening the same new
    // file cannot both run a migration.
    db.transaction(() => {
      const current = userVersion(db)
      check(current)
      if (current >= target) return
      db.exec(sql)
      db.pragma(`user_version = ${target}`)
    }).immediate()
  }
}

function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}
