import { checkDisplayName, type AccountView } from '@lanchat/client'
import { useEffect, useState } from 'preact/hooks'
import { accountErrorText } from '../../accounts/account-error-text.js'
import type { AccountLink } from '../../accounts/account-links.js'
import type { AccountSession } from '../../accounts/account-session.js'
import { Logo } from '../icon.js'
import { FormError } from './form-error.js'
import { PASSWORD_RULES, PasswordField, newPasswordProblem } from './password-field.js'

const titles = {
  link: 'Signing this device in',
  reset: 'Choose a new password',
  setup: 'Make the first admin of this server',
} as const

/**
 * Where a one-time link lands: a device link signs in at once; an admin's reset link asks for a new password; the
 * first admin's setup link asks for a name and a password. A spent or expired link says so and offers the chat.
 */
export function RedeemScreen({
  link,
  accounts,
  guest,
  onSignedIn,
  onCancel,
}: {
  link: AccountLink
  accounts: AccountSession
  /** The guest this browser chats as, if any: the setup link can make them the admin, keeping their history. */
  guest: { name: string; session: string } | undefined
  onSignedIn: (account: AccountView) => void
  onCancel: () => void
}) {
  const [name, setName] = useState(guest?.name ?? '')
  const [password, setPassword] = useState('')
  const [repeated, setRepeated] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(link.kind === 'link')

  useEffect(() => {
    if (link.kind !== 'link') return
    accounts.redeemDeviceLink(link.token).then(onSignedIn, (thrown: unknown) => {
      setError(accountErrorText(thrown))
      setBusy(false)
    })
  }, [])

  const submit = async (event: Event) => {
    event.preventDefault()
    let checkedName = name
    if (link.kind === 'setup') {
      const checked = checkDisplayName(name)
      if (!checked.ok) return setError(`${checked.reason}.`)
      checkedName = checked.name
    }
    const problem = newPasswordProblem(password, repeated)
    if (problem !== undefined) return setError(problem)
    setBusy(true)
    setError(undefined)
    try {
      // The guest who opened the setup link keeps their name and history unless they chose another name.
      const who = guest !== undefined && guest.name === checkedName ? { guestSession: guest.session } : { name: checkedName }
      onSignedIn(link.kind === 'reset' ? await accounts.reset(link.token, password) : await accounts.setup(link.token, password, who))
    } catch (thrown) {
      setError(accountErrorText(thrown))
      setBusy(false)
    }
  }

  return (
    <main class="welcome">
      <div class="welcome-card">
        <div class="welcome-brand">
          <Logo size={44} />
          <span class="brand">lanchat</span>
        </div>
        <h1>{titles[link.kind]}</h1>
        {link.kind === 'link' ? (
          busy && <p role="status">Signing in with the device link…</p>
        ) : (
          <form class="stack" onSubmit={(event) => void submit(event)}>
            <p class="muted">
              {link.kind === 'reset'
                ? 'An admin gave you this link. Set a new password; your other devices will be signed out.'
                : 'The admin lists accounts, gives reset links to people who forgot their password, and can disable or delete accounts.'}
            </p>
            {link.kind === 'setup' ? (
              <label class="field">
                <span>Admin name</span>
                <input type="text" name="username" value={name} required autoComplete="username" autoFocus onInput={(event) => setName(event.currentTarget.value)} />
              </label>
            ) : (
              <input type="text" name="username" autoComplete="username" value="" readOnly hidden />
            )}
            <PasswordField label="New password" purpose="new" value={password} onInput={setPassword} hint={PASSWORD_RULES} autoFocus={link.kind === 'reset'} />
            <PasswordField label="New password again" purpose="new" value={repeated} onInput={setRepeated} />
            <FormError text={error} />
            <button type="submit" class="button primary wide large" disabled={busy}>
              {link.kind === 'reset' ? 'Set the password and sign in' : 'Make the admin account'}
            </button>
          </form>
        )}
        {link.kind === 'link' && <FormError text={error} />}
        {error !== undefined || link.kind !== 'link' ? (
          <button type="button" class="button secondary wide" onClick={onCancel}>
            Go to the chat without it
          </button>
        ) : null}
      </div>
    </main>
  )
}
