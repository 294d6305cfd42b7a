// A vitest globalSetup: starts one throwaway PostgreSQL and one Redis (scripts/test-services.mjs) for the whole
// run and provides their URLs to the tests as `inject('postgresUrl')` and `inject('redisUrl')`. Several projects
// list it; they share the one pair (kept on globalThis of vitest's main process), stopped after the last project.
import { startPostgres, startRedis } from './test-services.mjs'

const KEY = Symbol.for('lanchat.testServices')

export default async function setup({ provide }) {
  const shared = (globalThis[KEY] ??= { users: 0, services: undefined })
  shared.users++
  shared.services ??= Promise.allSettled([startPostgres(), startRedis()]).then(async (started) => {
    const failed = started.find((result) => result.status === 'rejected')
    if (failed === undefined) return started.map((result) => result.value)
    // One started, the other did not: stop the one, so nothing outlives the run.
    await Promise.allSettled(started.filter((result) => result.status === 'fulfilled').map((result) => result.value.stop()))
    throw failed.reason
  })
  let postgres
  let redis
  try {
    ;[postgres, redis] = await shared.services
  } catch (error) {
    shared.users--
    throw new Error(`the test services did not start: ${error.message}`, { cause: error })
  }
  provide('postgresUrl', postgres.url)
  provide('redisUrl', redis.url)
  return async () => {
    shared.users--
    if (shared.users > 0) return
    shared.services = undefined
    await Promise.allSettled([postgres.stop(), redis.stop()])
  }
}
