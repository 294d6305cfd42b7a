import { LanchatError } from '@lanchat/client'
import { sanitizeLine } from '../render/sanitize.js'

/**
 * Words for a LanchatError (or anything thrown), safe to print.
 *
 * @example
 * ```ts
 * describeError(new LanchatTimeoutError(…)) // 'the server did not answer in time'
 * ```
 */
function hostOf(error: LanchatError): string {
  const host = (error as { host?: unknown }).host
  return typeof host === 'string' ? sanitizeLine(host) : 'HOST'
}

export function describeError(error: unknown): string {
  if (LanchatError.isInstance(error)) {
    switch (error.code) {
      case 'ROOM_NOT_FOUND':
        return 'no such room'
      case 'FORBIDDEN':
        return `not allowed: ${sanitizeLine(error.message)}`
      case 'USER_NOT_FOUND':
        return 'no one by that name can be reached on this server'
      case 'ROOM_EXISTS':
        return 'a room with that code exists already; pick another code'
      case 'NOT_SUPPORTED':
        return 'this server does not offer that'
      case 'NOT_A_MEMBER':
        return 'you are not in that room'
      case 'RATE_LIMITED':
        return 'too many messages at once; wait a moment'
      case 'MESSAGE_REJECTED':
        return `the server refused it: ${sanitizeLine(error.message)}`
      case 'TIMEOUT':
        return 'the server did not answer in time'
      case 'CERTIFICATE_MISMATCH':
        return `${sanitizeLine(error.message)}. Not reconnecting: if the server's owner confirms a new certificate, run lanchat trust --forget ${hostOf(error)}`
      default:
        return sanitizeLine(error.message)
    }
  }
  return sanitizeLine(error instanceof Error ? error.message : String(error))
}
