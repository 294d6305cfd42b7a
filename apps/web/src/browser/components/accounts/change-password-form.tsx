import { useState } from 'preact/hooks'
import { accountErrorText } from '../../accounts/account-error-text.js'
import type { AccountSession } from '../../accounts/account-session.js'
import { FormError } from './form-error.js'
import { PASSWORD_RULES, PasswordField, newPasswordProblem } from './password-field.js'

/** A new password, after the current one; every other device is signed out (said before, and after). */
export function ChangePasswordForm({ accounts, name }: { accounts: AccountSession; name: string }) {
  const [current, setCurrent] = useState('')
  const [password, setPassword] = useState('')
  const [repeated, setRepeated] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [done, setDone] = useState(false)
  return (
    <section class="account-section" aria-labelledby="password-heading">
      <h3 id="password-heading">Change password</h3>
      <form
        class="stack"
        onSubmit={async (event) => {
          event.preventDefault()
          setDone(false)
          const problem = newPasswordProblem(password, repeated)
          if (problem !== undefined) return setError(problem)
          setError(undefined)
          try {
            await accounts.changePassword(current, password)
            setCurrent('')
            setPassword('')
            setRepeated('')
            setDone(true)
          } catch (thrown) {
            setError(accountErrorText(thrown))
          }
        }}
      >
        <p class="muted">Your other devices will be signed out; sign in there with the new password.</p>
        <input type="text" name="username" autoComplete="username" value={name} readOnly hidden />
        <PasswordField label="Current password" purpose="current" value={current} onInput={setCurrent} />
        <PasswordField label="New password" purpose="new" value={password} onInput={setPassword} hint={PASSWORD_RULES} />
        <PasswordField label="New password again" purpose="new" value={repeated} onInput={setRepeated} />
        <FormError text={error} />
        <p class="muted" role="status">
          {done ? 'Password changed. Your other devices are signed out.' : ''}
        </p>
        <button type="submit" class="button secondary">
          Change password
        </button>
      </form>
    </section>
  )
}
