import { useState } from 'preact/hooks'
import { accountErrorText } from '../../accounts/account-error-text.js'
import type { ChatStore } from '../../chat/chat-store.js'
import { Dialog } from '../dialog.js'
import { FormError } from './form-error.js'
import { PASSWORD_RULES, PasswordField, newPasswordProblem } from './password-field.js'
import { RecoveryCodes } from './recovery-codes.js'

/**
 * "Protect your name with a password": the guest's name becomes an account (same history and rooms), then the
 * recovery codes are shown, once; closing them reconnects signed in.
 */
export function ClaimDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const name = store.me.value?.name ?? store.name.value ?? ''
  const [password, setPassword] = useState('')
  const [repeated, setRepeated] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [codes, setCodes] = useState<string[] | undefined>(undefined)

  if (codes !== undefined) {
    // The open socket is still the guest's: a fresh page connects with the account's cookie, so messages carry the
    // account mark and signing this device out from another one closes it. Rooms and unsent messages come back.
    const reconnectSignedIn = () => globalThis.location.reload()
    return (
      <Dialog title="Store your recovery codes" onClose={reconnectSignedIn}>
        <RecoveryCodes name={name} codes={codes} onDone={reconnectSignedIn} />
      </Dialog>
    )
  }

  return (
    <Dialog title="Protect your name with a password" onClose={onClose}>
      <form
        class="stack"
        onSubmit={async (event) => {
          event.preventDefault()
          const problem = newPasswordProblem(password, repeated)
          if (problem !== undefined) return setError(problem)
          setBusy(true)
          setError(undefined)
          try {
            setCodes(await store.claim(password))
          } catch (thrown) {
            setError(accountErrorText(thrown))
            setBusy(false)
          }
        }}
      >
        <p>
          Make <strong>{name}</strong> yours on this server: nobody else can chat under it, and you can sign in on your
          other devices with the same history and rooms.
        </p>
        {/* Password managers store the new password under this name. */}
        <input type="text" name="username" autoComplete="username" value={name} readOnly hidden />
        <PasswordField label="Password" purpose="new" value={password} onInput={setPassword} hint={PASSWORD_RULES} autoFocus />
        <PasswordField label="Password again" purpose="new" value={repeated} onInput={setRepeated} />
        <FormError text={error} />
        <button type="submit" class="button primary wide" disabled={busy}>
          Protect my name
        </button>
      </form>
    </Dialog>
  )
}
