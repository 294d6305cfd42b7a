/** The part of a pino logger the chat core uses: object first, then a message. Fastify's logger fits it. */
export interface ChatLogger {
  debug(object: object, message: string): void
  info(object: object, message: string): void
  warn(object: object, message: string): void
  error(object: object, message: string): void
}

/** A logger that drops everything, for tests and hosts that want silence. */
export const silentLogger: ChatLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
}
