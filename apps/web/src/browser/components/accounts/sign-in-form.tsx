import type { AccountView } from '@lanchat/client'
import { useState } from 'preact/hooks'
import { accountErrorText } from '../../accounts/account-error-text.js'
import type { AccountSession } from '../../accounts/account-session.js'
import { FormError } from './form-error.js'
import { PASSWORD_RULES, PasswordField, newPasswordProblem } from './password-field.js'

/**
 * Sign-in with name and password, and the two ways back in without the password: a reset link from an admin
 * (said plainly; there is no email), or one of the recovery codes given when the name was claimed.
 */
export function SignInForm({
  accounts,
  initialName = '',
  submitLabel = 'Sign in',
  onSignedIn,
}: {
  accounts: AccountSession
  initialName?: string | undefined
  submitLabel?: string
  onSignedIn: (account: AccountView) => void
}) {
  const [mode, setMode] = useState<'password' | 'recovery'>('password')
  const [name, setName] = useState(initialName)
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [repeated, setRepeated] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)

  const submit = async (event: Event) => {
    event.preventDefault()
    const problem = mode === 'recovery' ? newPasswordProblem(password, repeated) : undefined
    if (problem !== undefined) return setError(problem)
    setBusy(true)
    setError(undefined)
    try {
      const account =
        mode === 'password'
          ? await accounts.signIn(name.trim(), password)
          : await accounts.recover(name.trim(), code.trim(), password)
      onSignedIn(account)
    } catch (thrown) {
      setError(accountErrorText(thrown))
      setBusy(false)
    }
  }

  const switchTo = (next: 'password' | 'recovery') => {
    setMode(next)
    setPassword('')
    setRepeated('')
    setError(undefined)
  }

  return (
    <form class="stack" onSubmit={(event) => void submit(event)} aria-label={mode === 'password' ? 'Sign in' : 'Use a recovery code'}>
      <label class="field">
        <span>Name</span>
        <input
          type="text"
          name="username"
          value={name}
          required
          autoComplete="username"
          autoFocus={initialName === ''}
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </label>
      {mode === 'password' ? (
        <PasswordField label="Password" purpose="current" value={password} onInput={setPassword} invalid={error !== undefined} autoFocus={initialName !== ''} />
      ) : (
        <>
          <label class="field">
            <span>Recovery code</span>
            <input
              type="text"
              value={code}
              required
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellcheck={false}
              onInput={(event) => setCode(event.currentTarget.value)}
            />
          </label>
          <PasswordField label="New password" purpose="new" value={password} onInput={setPassword} hint={PASSWORD_RULES} />
          <PasswordField label="New password again" purpose="new" value={repeated} onInput={setRepeated} />
        </>
      )}
      <FormError text={error} />
      <button type="submit" class="button primary wide large" disabled={busy}>
        {mode === 'password' ? submitLabel : 'Set the new password and sign in'}
      </button>
      {mode === 'password' ? (
        <div class="sign-in-help">
          <p class="muted">Forgot your password? Ask an admin of this server for a reset link.</p>
          <button type="button" class="link-button" onClick={() => switchTo('recovery')}>
            Use a recovery code
          </button>
        </div>
      ) : (
        <div class="sign-in-help">
          <p class="muted">Each recovery code works once. Signing in with one signs your other devices out.</p>
          <button type="button" class="link-button" onClick={() => switchTo('password')}>
            Sign in with your password instead
          </button>
        </div>
      )}
    </form>
  )
}
