import { checkDisplayName } from '@lanchat/client'
import { useState } from 'preact/hooks'
import { displayCode } from '../room-link.js'
import { Logo } from './icon.js'

/** The first visit: ask for a name (remembered on this device) before entering the chat. */
export function NameScreen({
  invitedTo,
  initialName,
  error,
  onSubmit,
}: {
  invitedTo: string | undefined
  /** The remembered name, when connecting with it failed. */
  initialName: string | undefined
  error: string | undefined
  onSubmit: (name: string) => void
}) {
  const [name, setName] = useState(initialName ?? '')
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const shown = problem ?? error
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
        <div class="welcome-brand">
          <Logo size={44} />
          <span class="brand">lanchat</span>
        </div>
        <h1>{invitedTo === undefined ? 'Chat with everyone on this network' : `You are invited to room ${displayCode(invitedTo)}`}</h1>
        <p class="muted">No account, no internet needed. Pick a name others will see.</p>
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
        {shown !== undefined && (
          <p id="name-error" class="error-text" role="alert">
            {shown}
          </p>
        )}
        <button type="submit" class="button primary wide large">
          {invitedTo === undefined ? 'Join the chat' : 'Join the room'}
        </button>
      </form>
    </main>
  )
}
