import { checkDisplayName, type AccountPolicyView, type AccountView } from '@lanchat/client'
import { useState } from 'preact/hooks'
import type { AccountSession } from '../accounts/account-session.js'
import { displayCode, type RoomInvite } from '../room-link.js'
import { SignInForm } from './accounts/sign-in-form.js'
import { FormError } from './accounts/form-error.js'
import { Logo } from './icon.js'

/**
 * The first visit: pick a name (remembered on this device) and chat as a guest, or sign in to an account. A server
 * for accounts only offers sign-in alone, and says how to get an account.
 */
export function NameScreen({
  invitedTo,
  initialName,
  error,
  policy,
  accounts,
  onSubmit,
  onSignedIn,
}: {
  invitedTo: string | RoomInvite | undefined
  /** The remembered name, when connecting with it failed. */
  initialName: string | undefined
  error: string | undefined
  /** The server's accounts policy; `undefined` when it has accounts turned off. */
  policy: AccountPolicyView | undefined
  accounts: AccountSession
  onSubmit: (name: string) => void
  onSignedIn: (account: AccountView) => void
}) {
  const accountsOnly = policy?.policy === 'accounts-only'
  const [signingIn, setSigningIn] = useState(accountsOnly)
  const [name, setName] = useState(initialName ?? '')
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const shown = problem ?? error
  const heading =
    invitedTo === undefined
      ? 'Chat with everyone on this network'
      : typeof invitedTo === 'string'
        ? `You are invited to room ${displayCode(invitedTo)}`
        : 'You are invited to a private room'

  if (signingIn) {
    return (
      <main class="welcome">
        <div class="welcome-card">
          <Brand />
          <h1>{accountsOnly ? heading : 'Sign in'}</h1>
          <p class="muted">
            {accountsOnly
              ? 'Only people with an account chat on this server. Sign in with your name and password.'
              : 'With the name and password of your account: the same name and history on every device.'}
          </p>
          <SignInForm accounts={accounts} initialName={name} onSignedIn={onSignedIn} />
          {accountsOnly ? (
            <p class="muted">No account yet? Ask an admin of this server; they can tell you how to get one.</p>
          ) : (
            <button type="button" class="button secondary wide" onClick={() => setSigningIn(false)}>
              Continue as guest
            </button>
          )}
        </div>
      </main>
    )
  }

  return (
    <main class="welcome">
      <form
        class="welcome-card"
        onSubmit={(event) => {
          event.preventDefault()
          // The server's own rules (length in characters, no invisible-only or reserved names), said before it does.
          const checked = checkDisplayName(name)
          if (!checked.ok) {
            setProblem(`${checked.reason}.`)
            return
          }
          setProblem(undefined)
          onSubmit(checked.name)
        }}
      >
        <Brand />
        <h1>{heading}</h1>
        <p class="muted">
          {policy === undefined
            ? 'No account, no internet needed. Pick a name others will see.'
            : 'No account needed, no internet either. Pick a name others will see, or sign in if you have an account here.'}
        </p>
        <label class="field">
          <span>Your name</span>
          <input
            type="text"
            name="name"
            value={name}
            autoComplete="nickname"
            autoFocus
            required
            aria-invalid={shown !== undefined}
            aria-describedby={shown === undefined ? undefined : 'name-error'}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <FormError id="name-error" text={shown} />
        {policy === undefined ? (
          <button type="submit" class="button primary wide large">
            {invitedTo === undefined ? 'Join the chat' : 'Join the room'}
          </button>
        ) : (
          <div class="welcome-choices">
            <button type="submit" class="button primary large">
              Continue as guest
            </button>
            <button type="button" class="button secondary large" onClick={() => setSigningIn(true)}>
              Sign in
            </button>
          </div>
        )}
      </form>
    </main>
  )
}

function Brand() {
  return (
    <div class="welcome-brand">
      <Logo size={44} />
      <span class="brand">lanchat</span>
    </div>
  )
}
