import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@lanchat/client'
import { useId } from 'preact/hooks'

/** The length rules, said where a new password is chosen (the server's own, from the protocol). */
export const PASSWORD_RULES = `At least ${MIN_PASSWORD_LENGTH} characters, up to ${MAX_PASSWORD_LENGTH}. Long passphrases are welcome: a few words you will remember beat a short jumble.`

/**
 * A labelled password input. `purpose` tells the browser's password manager whether to fill a saved password or
 * offer a new one; `hint` is read out with the field.
 *
 * @example
 * ```tsx
 * <PasswordField label="New password" purpose="new" value={password} onInput={setPassword} hint={PASSWORD_RULES} />
 * ```
 */
export function PasswordField({
  label,
  purpose,
  value,
  onInput,
  hint,
  invalid = false,
  autoFocus = false,
}: {
  label: string
  purpose: 'current' | 'new'
  value: string
  onInput: (value: string) => void
  hint?: string | undefined
  invalid?: boolean
  autoFocus?: boolean
}) {
  const inputId = useId()
  const hintId = useId()
  // The hint sits outside the <label>, so the field's name stays short and the hint is its description.
  return (
    <div class="field">
      <label for={inputId}>{label}</label>
      <input
        id={inputId}
        type="password"
        value={value}
        required
        autoFocus={autoFocus}
        autoComplete={purpose === 'current' ? 'current-password' : 'new-password'}
        maxLength={MAX_PASSWORD_LENGTH}
        aria-invalid={invalid}
        aria-describedby={hint === undefined ? undefined : hintId}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      {hint !== undefined && (
        <span id={hintId} class="field-hint">
          {hint}
        </span>
      )}
    </div>
  )
}

/** What is wrong with a new password and its repetition, said before the server does; `undefined` when fine. */
export function newPasswordProblem(password: string, repeated: string): string | undefined {
  const length = [...password].length
  if (length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters; a few words make a good one.`
  if (length > MAX_PASSWORD_LENGTH) return `A password can have at most ${MAX_PASSWORD_LENGTH} characters.`
  if (password !== repeated) return 'The two passwords are not the same. Type the new one again in both fields.'
  return undefined
}
