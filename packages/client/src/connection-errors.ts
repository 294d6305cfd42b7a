import { CloseCode, FINAL_CLOSE_CODES } from '@lanchat/protocol'
import { ClientErrorCodes } from './errors/client-error-codes.js'
import { LanchatConnectionError } from './errors/lanchat-connection-error.js'
import { toError, type LanchatError } from './errors/lanchat-error.js'
import { LanchatTimeoutError } from './errors/lanchat-timeout-error.js'
import type { ResolvedOptions } from './resolve-options.js'

/** How a socket ended, and what went wrong with its attempt before (a `hello` error, a timeout). */
export interface SocketEnd {
  code: number
  reason: string
  attemptError: LanchatError | undefined
}

/** What decides between reconnecting and giving up after a socket ended. */
export interface EndContext {
  url: string
  /** Whether a `welcome` came since `connect()`. */
  welcomed: boolean
  reconnect: ResolvedOptions['reconnect']
  /** Reconnect attempts made so far. */
  attempts: number
}

function describe({ code, reason }: SocketEnd): string {
  return `${code}${reason === '' ? '' : ` ${reason}`}`
}

/** The error that rejects the requests on the wire when an open connection drops. */
export function connectionLostError(end: SocketEnd): LanchatConnectionError {
  return new LanchatConnectionError({
    code: ClientErrorCodes.CONNECTION_LOST,
    message: `The connection was lost (${describe(end)})`,
    closeCode: end.code,
    closeReason: end.reason,
    cause: end.attemptError,
  })
}

/**
 * After a socket ended: the error to close for good with, or `undefined` to reconnect. A final
 * close code, a first connection that never got a `welcome`, reconnecting being off and running
 * out of attempts all end it.
 */
export function finalError(end: SocketEnd, context: EndContext): LanchatError | undefined {
  const { code, reason, attemptError } = end
  // A refused certificate needs a person's decision: trying again would not change it.
  if (attemptError?.code === ClientErrorCodes.CERTIFICATE_MISMATCH || attemptError?.code === ClientErrorCodes.CERTIFICATE_UNTRUSTED) {
    return attemptError
  }
  const how = describe(end)
  const failure = (
    errorCode: typeof ClientErrorCodes.CONNECTION_FAILED | typeof ClientErrorCodes.CONNECTION_CLOSED | typeof ClientErrorCodes.SIGNED_OUT,
    message: string,
  ) => new LanchatConnectionError({ code: errorCode, message, closeCode: code, closeReason: reason, cause: attemptError })
  if (code === CloseCode.SignedOut) return failure(ClientErrorCodes.SIGNED_OUT, 'The account session ended; sign in again')
  if (FINAL_CLOSE_CODES.includes(code)) {
    return (
      attemptError ??
      failure(
        context.welcomed ? ClientErrorCodes.CONNECTION_CLOSED : ClientErrorCodes.CONNECTION_FAILED,
        `The server closed the connection for good (${how})`,
      )
    )
  }
  if (!context.welcomed) return attemptError ?? failure(ClientErrorCodes.CONNECTION_FAILED, `Cannot connect to ${context.url} (${how})`)
  const reconnect = context.reconnect
  if (reconnect === false || context.attempts >= reconnect.maxAttempts) {
    return failure(
      ClientErrorCodes.CONNECTION_CLOSED,
      reconnect === false
        ? `The connection was lost (${how}) and reconnecting is off`
        : `Gave up reconnecting after ${context.attempts} attempts`,
    )
  }
  return undefined
}

/** The WebSocket constructor threw (a malformed URL, say). */
export function openFailedError(url: string, error: unknown): LanchatConnectionError {
  return new LanchatConnectionError({
    code: ClientErrorCodes.CONNECTION_FAILED,
    message: `Cannot open a WebSocket to ${url}: ${toError(error).message}`,
    cause: error,
  })
}

/** No `welcome` came within `connectTimeoutMs`. */
export function handshakeTimeoutError(url: string, timeoutMs: number): LanchatTimeoutError {
  return new LanchatTimeoutError({ operation: 'hello', timeoutMs, message: `No welcome from ${url} within ${timeoutMs} ms` })
}
