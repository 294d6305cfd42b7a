import { ClientErrorCodes } from './errors/client-error-codes.js'
import { LanchatError } from './errors/lanchat-error.js'
import type { LanchatClientOptions } from './options.js'
import type { WebSocketConstructor } from './transport.js'
import { normalizeFingerprint, type LanchatTlsOptions } from './tls/tls-options.js'

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
const DEFAULT_STABLE_AFTER_MS = 5_000
const DEFAULT_HEARTBEAT = { intervalMs: 20_000, timeoutMs: 10_000 }

/** The client's options with defaults filled in and values checked. */
export interface ResolvedOptions {
  url: string
  token: string | undefined
  WebSocket: WebSocketConstructor | undefined
  reconnect: false | { initialDelayMs?: number; factor?: number; maxDelayMs?: number; maxAttempts: number; stableAfterMs: number }
  requestTimeoutMs: number
  connectTimeoutMs: number
  heartbeat: false | { intervalMs: number; timeoutMs: number }
  tls: LanchatTlsOptions | undefined
}

/** Checks the options and fills in the defaults; throws `INVALID_OPTIONS` on a value the client cannot use. */
export function resolveOptions(options: LanchatClientOptions): ResolvedOptions {
  const invalid = (message: string) => new LanchatError({ code: ClientErrorCodes.INVALID_OPTIONS, message })
  if (typeof options !== 'object' || options === null) throw invalid('LanchatClient needs an options object')
  if (typeof options.url !== 'string' || options.url === '') throw invalid('options.url must be a WebSocket URL such as ws://localhost:5000/ws')
  if (typeof options.name !== 'string' || options.name.trim() === '') throw invalid('options.name must be a non-empty string')
  if (options.token !== undefined && (typeof options.token !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(options.token))) {
    throw invalid('options.token must be an account session token (from signing in)')
  }
  if (options.token !== undefined && typeof (globalThis as { document?: unknown }).document !== 'undefined') {
    throw invalid('options.token is for Node; in a browser the session cookie signs the socket in')
  }
  if (options.tls !== undefined && typeof (globalThis as { document?: unknown }).document !== 'undefined') {
    throw invalid("options.tls is for Node; a browser trusts the certificates its own store trusts (install the server's CA)")
  }
  if (options.tls?.pin !== undefined && normalizeFingerprint(options.tls.pin) === undefined) {
    throw invalid('options.tls.pin must be a SHA-256 fingerprint: 64 hex digits, with or without colons')
  }
  const positive = (value: number | undefined, name: string, fallback: number) => {
    if (value === undefined) return fallback
    if (!Number.isFinite(value) || value <= 0) throw invalid(`options.${name} must be a number of ms above 0`)
    return value
  }
  const heartbeat =
    options.heartbeat === false
      ? false
      : {
          intervalMs: positive(options.heartbeat?.intervalMs, 'heartbeat.intervalMs', DEFAULT_HEARTBEAT.intervalMs),
          timeoutMs: positive(options.heartbeat?.timeoutMs, 'heartbeat.timeoutMs', DEFAULT_HEARTBEAT.timeoutMs),
        }
  const reconnectOption = options.reconnect ?? true
  const reconnect =
    reconnectOption === false
      ? false
      : {
          ...(reconnectOption === true ? {} : reconnectOption),
          maxAttempts: reconnectOption === true ? Number.POSITIVE_INFINITY : (reconnectOption.maxAttempts ?? Number.POSITIVE_INFINITY),
          stableAfterMs: positive(
            reconnectOption === true ? undefined : reconnectOption.stableAfterMs,
            'reconnect.stableAfterMs',
            DEFAULT_STABLE_AFTER_MS,
          ),
        }
  if (reconnect !== false && !(reconnect.maxAttempts >= 0)) throw invalid('options.reconnect.maxAttempts must be ≥ 0')
  return {
    url: options.url,
    token: options.token,
    WebSocket: options.WebSocket,
    reconnect,
    requestTimeoutMs: positive(options.requestTimeoutMs, 'requestTimeoutMs', DEFAULT_REQUEST_TIMEOUT_MS),
    connectTimeoutMs: positive(options.connectTimeoutMs, 'connectTimeoutMs', DEFAULT_CONNECT_TIMEOUT_MS),
    heartbeat,
    tls: options.tls,
  }
}
