import { LanchatAccountError, LanchatConnectionError } from '@lanchat/client'
import { describe, expect, it } from 'vitest'
import { ExitCode } from '../errors.js'
import { accountFailure } from './account-failure.js'

function refused(code: LanchatAccountError['code'], message: string, status: number, retryAfterMs?: number): LanchatAccountError {
  return new LanchatAccountError({ code, message, status, retryAfterMs })
}

describe('accountFailure', () => {
  it('should give one answer for a wrong name or password', () => {
    const failure = accountFailure(refused('INVALID_CREDENTIALS', 'Wrong name or password', 401), '10.0.0.2:5000')
    expect(failure.message).toBe('wrong name or password')
    expect(failure.exitCode).toBe(ExitCode.Rejected)
  })

  it('should say when to try again after throttling', () => {
    const failure = accountFailure(refused('RATE_LIMITED', 'Too many attempts', 429, 54_200), '10.0.0.2:5000')
    expect(failure.message).toMatch(/^too many attempts; try again in 55 s \(at \d\d:\d\d:\d\d\)$/)
  })

  it('should tell an ended session to sign in again with exit 5', () => {
    const failure = accountFailure(refused('UNAUTHORIZED', 'Sign in first', 401), '10.0.0.2:5000')
    expect(failure.message).toBe('You were signed out on this device; run lanchat login')
    expect(failure.exitCode).toBe(ExitCode.SignedOut)
  })

  it('should strip control sequences from what the server said, and name an unreachable server', () => {
    expect(accountFailure(refused('FORBIDDEN', 'Admins \x1b[2Jonly', 403), 'x').message).toBe('not allowed: Admins only')
    const offline = accountFailure(new LanchatConnectionError({ code: 'CONNECTION_FAILED', message: 'fetch failed' }), '10.0.0.2:5000')
    expect(offline.exitCode).toBe(ExitCode.ConnectionFailed)
    expect(offline.message).toContain('cannot reach 10.0.0.2:5000')
  })
})
