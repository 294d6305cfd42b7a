import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway PostgreSQL of this test run (scripts/vitest-services.mjs). */
    postgresUrl: string
    /** The throwaway Redis of this test run. */
    redisUrl: string
  }
}

/** The test run's PostgreSQL: `postgres://lanchat@127.0.0.1:PORT/lanchat`. */
export function postgresUrl(): string {
  return inject('postgresUrl')
}

/** The test run's Redis: `redis://127.0.0.1:PORT`. */
export function redisUrl(): string {
  return inject('redisUrl')
}

/** A schema name no other test uses, so each PostgreSQL store starts empty. */
export function freshSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`
}
