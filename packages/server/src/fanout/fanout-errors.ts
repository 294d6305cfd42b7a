/** The stable codes of {@link FanoutError}. */
export type FanoutErrorCode =
  /** `redis`, an optional peer dependency, is not installed. */
  | 'LANCHAT_ERR_FANOUT_DRIVER_MISSING'
  /** Redis could not be reached when the adapter was made. */
  | 'LANCHAT_ERR_FANOUT_UNREACHABLE'
  /** A publication from another node was not a valid lanchat room frame; it was dropped. */
  | 'LANCHAT_ERR_FANOUT_BAD_PUBLICATION'

/** An error of a fan-out adapter, with a stable `code`. */
export class FanoutError extends Error {
  override readonly name = 'FanoutError'
  constructor(
    readonly code: FanoutErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** The connection string without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the given connection string'
  }
}
