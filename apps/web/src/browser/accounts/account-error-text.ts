import { LanchatAccountError } from '@lanchat/client'
import { errorText } from '../chat/error-text.js'

/**
 * A sentence for a refusal of the accounts API. The server's own messages are already written for people
 * ("That link was used already, has expired, …"); a few get words that say what to do next.
 *
 * @example
 * ```ts
 * accountErrorText(error) // 'Wrong name or password. …'
 * ```
 */
export function accountErrorText(error: unknown): string {
  if (!LanchatAccountError.isInstance(error)) return errorText(error)
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      // The server gives one answer for a wrong password, an unknown name and a disabled account, on purpose.
      return error.message === 'Wrong name or password' || error.message === ''
        ? 'Wrong name or password. Check both and try again; if an admin disabled your account, ask them.'
        : sentence(error.message)
    case 'RATE_LIMITED':
      return `Too many attempts. Wait ${waitText(error.retryAfterMs)}, then try again.`
    case 'UNAVAILABLE':
      return `The server is busy. Try again in ${waitText(error.retryAfterMs)}.`
    case 'UNAUTHORIZED':
      return 'You are not signed in any more. Sign in again.'
    default:
      return sentence(error.message)
  }
}

/** "1 minute", "40 seconds", "a moment". */
export function waitText(ms: number | undefined): string {
  if (ms === undefined || ms <= 0) return 'a moment'
  const seconds = Math.ceil(ms / 1000)
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`
  const minutes = Math.ceil(seconds / 60)
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}

function sentence(text: string): string {
  const trimmed = text.trim()
  if (trimmed === '') return 'Something went wrong.'
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}
