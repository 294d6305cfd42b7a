import type { Connection } from './connection.js'

/**
 * The plugin's live connections and their heartbeat. One timer pings them all; it runs only while there is a
 * connection, and never keeps the process alive by itself.
 */
export class ConnectionPool {
  readonly #connections = new Set<Connection>()
  readonly #heartbeatIntervalMs: number
  #heartbeat: ReturnType<typeof setInterval> | undefined

  constructor(options: { heartbeatIntervalMs: number }) {
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs
  }

  get size(): number {
    return this.#connections.size
  }

  add(connection: Connection): void {
    this.#connections.add(connection)
    if (this.#heartbeat === undefined) {
      this.#heartbeat = setInterval(() => {
        for (const live of this.#connections) {
          try {
            live.heartbeat()
          } catch {
            live.terminate()
          }
        }
      }, this.#heartbeatIntervalMs)
      this.#heartbeat.unref?.()
    }
  }

  delete(connection: Connection): void {
    this.#connections.delete(connection)
    if (this.#connections.size === 0) this.stop()
  }

  /** Closes every connection with `code`, waits up to `graceMs` for the handshakes, then destroys the rest. */
  async closeAll(code: number, reason: string, graceMs: number): Promise<void> {
    const connections = [...this.#connections]
    for (const connection of connections) connection.close(code, reason)
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      Promise.all(connections.map((connection) => connection.closed)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
    ])
    clearTimeout(timer)
    for (const connection of connections) connection.terminate()
    this.#connections.clear()
    this.stop()
  }

  /** Stops the heartbeat timer. */
  stop(): void {
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat)
    this.#heartbeat = undefined
  }
}
