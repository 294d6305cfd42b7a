/** A throwaway server started by {@link startPostgres} or {@link startRedis}. */
export interface TestService {
  /** `postgres://lanchat@127.0.0.1:PORT/lanchat` or `redis://127.0.0.1:PORT`. */
  readonly url: string
  readonly port: number
  /** Stops the server and removes its data. */
  stop(): Promise<void>
}
export function freePort(): Promise<number>
export function waitForPort(port: number, timeoutMs?: number): Promise<void>
export function startPostgres(options?: { port?: number }): Promise<TestService>
export function startRedis(options?: { port?: number }): Promise<TestService>
