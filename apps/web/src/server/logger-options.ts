import { createRequire } from 'node:module'
import type { FastifyServerOptions } from 'fastify'

const require = createRequire(import.meta.url)

/**
 * Fastify's logger for the CLI: readable lines through pino-pretty when a person watches a terminal,
 * JSON lines otherwise (a service manager, a pipe, a log collector). `LOG_LEVEL` sets the level.
 *
 * @example
 * ```ts
 * const app = Fastify({ logger: loggerOptions(process.stdout.isTTY, process.env.LOG_LEVEL) })
 * ```
 */
export function loggerOptions(terminal: boolean, level = 'info'): NonNullable<FastifyServerOptions['logger']> {
  if (!terminal) return { level }
  return {
    level,
    transport: {
      // Resolved here: pino would otherwise look for pino-pretty from fastify's folder, where it is not.
      target: require.resolve('pino-pretty'),
      options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', colorize: true },
    },
  }
}
