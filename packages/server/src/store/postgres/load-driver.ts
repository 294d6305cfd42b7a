import type * as Kysely from 'kysely'
import type * as Pg from 'pg'
import { driverMissingError } from './postgres-errors.js'

/** The two optional peer dependencies the PostgreSQL store runs on. */
export interface PostgresDriver {
  pg: typeof Pg
  kysely: typeof Kysely
}

/**
 * Loads `pg` and `kysely` on first use: they are optional peer dependencies, so hosts on the memory or SQLite store
 * never need them.
 */
export async function loadPostgresDriver(): Promise<PostgresDriver> {
  try {
    const [pg, kysely] = await Promise.all([import('pg'), import('kysely')])
    // pg is CommonJS: its named exports live on the default export.
    return { pg: (pg as unknown as { default?: typeof Pg }).default ?? pg, kysely }
  } catch (error) {
    throw driverMissingError(error)
  }
}
