import { FEATURES, LIMITS, type RoomAccess } from '@lanchat/client'
import { useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import { errorText } from '../chat/error-text.js'
import { ui } from '../ui-state.js'
import { FormError } from './accounts/form-error.js'
import { Dialog } from './dialog.js'

type RoomType = 'code' | RoomAccess

const types: ReadonlyArray<{ value: RoomType; label: string; help: string }> = [
  {
    value: 'code',
    label: 'Quick room with a code',
    help: 'A room gets a short code that others type or scan to join. It is kept with its messages while anyone is in it, also when the server restarts, and deleted with them once everyone has left.',
  },
  {
    value: 'public',
    label: 'Public room',
    help: 'Listed in Browse rooms: anyone on this server can find it and join. It stays until its owner deletes it.',
  },
  {
    value: 'private',
    label: 'Private room',
    help: 'Invite only: people come in when you invite them by name or send them an invite link. Only members see it.',
  },
]

// The protocol's RoomCode: 3–32 letters, digits and dashes, starting with a letter or digit.
const codePattern = /^[A-Za-z0-9][A-Za-z0-9-]{2,31}$/

/**
 * Makes a room: a quick code room, or (where the server manages rooms) a public or private one, optionally under a
 * code of the person's choosing. The share dialog (or a private room's invites) follows so the person can invite others.
 */
export function CreateRoomDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const managed = store.has(FEATURES.roomsManage)
  const [name, setName] = useState('')
  const [type, setType] = useState<RoomType>('code')
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)
  const help = types.find((entry) => entry.value === type)?.help ?? ''

  return (
    <Dialog title="New room" onClose={onClose}>
      <form
        class="stack"
        onSubmit={async (event) => {
          event.preventDefault()
          const wantedCode = code.trim()
          if (wantedCode !== '' && !codePattern.test(wantedCode)) {
            setError('A code is 3 to 32 letters, digits or dashes, like physics-101.')
            return
          }
          if (type !== 'code' && name.trim() === '') {
            setError('A public or private room needs a name.')
            return
          }
          setBusy(true)
          setError(undefined)
          try {
            const room = await store.createRoom({
              name: name.trim(),
              ...(type === 'code' ? {} : { access: type }),
              ...(wantedCode === '' ? {} : { code: wantedCode }),
            })
            ui.sidebarOpen.value = false
            ui.dialog.value =
              type === 'private' ? { kind: 'room-settings', roomId: room.id, tab: 'invites' } : { kind: 'share', roomId: room.id }
          } catch (thrown) {
            setError(errorText(thrown))
            setBusy(false)
          }
        }}
      >
        {managed && (
          <fieldset class="choice-group">
            <legend>Kind of room</legend>
            {types.map((entry) => (
              <label key={entry.value} class="choice">
                <input
                  type="radio"
                  name="room-type"
                  value={entry.value}
                  checked={type === entry.value}
                  onChange={() => setType(entry.value)}
                />
                <span>{entry.label}</span>
              </label>
            ))}
          </fieldset>
        )}
        <p class="muted" id="room-type-help">
          {help}
        </p>
        <label class="field">
          <span>{type === 'code' ? 'Room name (optional)' : 'Room name'}</span>
          <input
            type="text"
            value={name}
            maxLength={LIMITS.maxRoomNameLength}
            placeholder={type === 'code' ? 'Study group' : 'Physics'}
            required={type !== 'code'}
            autoFocus
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        {managed && (
          <label class="field">
            <span>
              Code (optional) <span class="field-hint">letters, digits and dashes; made up when left empty</span>
            </span>
            <input
              type="text"
              value={code}
              maxLength={LIMITS.maxRoomIdLength}
              placeholder="physics-101"
              autoComplete="off"
              autoCapitalize="none"
              spellcheck={false}
              onInput={(event) => setCode(event.currentTarget.value)}
            />
          </label>
        )}
        <FormError text={error} />
        <div class="dialog-actions">
          <button type="button" class="button secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create room'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
