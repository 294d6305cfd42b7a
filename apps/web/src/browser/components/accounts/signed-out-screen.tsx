import type { AccountPolicyView } from '@lanchat/client'
import type { AccountSession } from '../../accounts/account-session.js'
import { Logo } from '../icon.js'
import { SignInForm } from './sign-in-form.js'

/**
 * The account session ended on this device (signed out from another device, the password changed or was reset, an
 * admin disabled the account): say so plainly, and offer to sign in again or, where allowed, to go on as a guest.
 */
export function SignedOutScreen({
  accounts,
  policy,
  name,
  onSignedIn,
  onGuest,
}: {
  accounts: AccountSession
  policy: AccountPolicyView | undefined
  name: string | undefined
  onSignedIn: () => void
  onGuest: () => void
}) {
  return (
    <main class="welcome">
      <div class="welcome-card">
        <div class="welcome-brand">
          <Logo size={44} />
          <span class="brand">lanchat</span>
        </div>
        {/* Announced as it appears: the chat the person was reading is gone. */}
        <div role="alert">
          <h1>You were signed out on this device</h1>
        </div>
        <p class="muted">
          It was signed out from another device, your password was changed or reset, or an admin disabled your account.
          Sign in again to go on where you left off.
        </p>
        <SignInForm accounts={accounts} initialName={name} submitLabel="Sign in again" onSignedIn={onSignedIn} />
        {policy?.policy !== 'accounts-only' && (
          <button type="button" class="button secondary wide" onClick={onGuest}>
            Continue as a guest instead
          </button>
        )}
      </div>
    </main>
  )
}
