import type BetterSqlite3 from 'better-sqlite3'
import { driverMissingError } from './sqlite-errors.js'

/** better-sqlite3's `Database` constructor. */
export type DatabaseConstructor = typeof BetterSqlite3

/**
 * Loads better-sqlite3 on first use. It is an optional peer dependency with a native build, so hosts that keep
 * only the memory store never need a compiler or a prebuilt binary.
 */
export async function loadDriver(): Promise<DatabaseConstructor> {
  try {
    const driver = await import('better-sqlite3')
    return driver.default
  } catch (error) {
    throw driverMissingError(error)
  }
}
