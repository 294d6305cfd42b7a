import { LanchatAccountError, LanchatConnectionError } from '@lanchat/client'
import { CliError, ExitCode, SIGNED_OUT_MESSAGE } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import { certificateFailureNow } from '../tls/server-trust.js'

/** Seconds, rounded up, and the clock time they end at: `55 s (at 14:03:10)`. */
function retryIn(milliseconds: number, now = Date.now()): string {
  const at = new Date(now + milliseconds)
  const clock = [at.getHours(), at.getMinutes(), at.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':')
  return `${Math.ceil(milliseconds / 1000)} s (at ${clock})`
}

/**
 * Words and an exit code for a failed accounts request: a wrong password, throttling (with when to retry), a
 * server with accounts off, a session that ended, and so on. `server` names the server (`host:port`).
 *
 * @example
 * ```ts
 * try { await accounts.login(name, password) } catch (error) { throw accountFailure(error, '10.0.0.2:5000') }
 * ```
 */
export function accountFailure(error: unknown, server: string): CliError {
  const certificate = certificateFailureNow(error, server)
  if (certificate !== undefined) return certificate
  if (LanchatConnectionError.isInstance(error)) {
    return new CliError(`cannot reach ${server}; check the address and that the server is running`, ExitCode.ConnectionFailed)
  }
  if (!LanchatAccountError.isInstance(error)) {
    return new CliError(sanitizeLine(error instanceof Error ? error.message : String(error)), ExitCode.ConnectionFailed)
  }
  const said = sanitizeLine(error.message)
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      // The server gives one answer whether the name exists or not, and so do we.
      return new CliError('wrong name or password', ExitCode.Rejected)
    case 'RATE_LIMITED':
      return new CliError(
        error.retryAfterMs === undefined ? 'too many attempts; wait a minute and try again' : `too many attempts; try again in ${retryIn(error.retryAfterMs)}`,
        ExitCode.Rejected,
      )
    case 'UNAVAILABLE':
      return new CliError(`${server} is busy${error.retryAfterMs === undefined ? '; try again in a moment' : `; try again in ${retryIn(error.retryAfterMs)}`}`, ExitCode.Rejected)
    case 'UNAUTHORIZED':
      return new CliError(SIGNED_OUT_MESSAGE, ExitCode.SignedOut)
    case 'FORBIDDEN':
      return new CliError(`not allowed: ${said}`, ExitCode.Rejected)
    case 'NAME_TAKEN':
      return new CliError(`that name belongs to an account already (${said}); sign in to it with lanchat login`, ExitCode.Rejected)
    case 'ALREADY_CLAIMED':
      return new CliError('you have an account already; sign in with lanchat login', ExitCode.Rejected)
    case 'WEAK_PASSWORD':
      return new CliError(`password refused: ${said}`, ExitCode.Rejected)
    case 'INVALID_TOKEN':
      return new CliError(`the link or code does not work: ${said}`, ExitCode.Rejected)
    case 'NOT_FOUND':
      return new CliError(said, ExitCode.Rejected)
    default:
      return new CliError(`${server} refused it: ${said}`, ExitCode.Rejected)
  }
}
