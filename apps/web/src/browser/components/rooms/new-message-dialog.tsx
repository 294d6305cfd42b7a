import { LIMITS } from '@lanchat/client'
import { useId, useState } from 'preact/hooks'
import type { ChatStore } from '../../chat/chat-store.js'
import { ui } from '../../ui-state.js'
import { FormError } from '../accounts/form-error.js'
import { Avatar } from '../avatar.js'
import { Dialog } from '../dialog.js'

/**
 * Starts a direct conversation with one person or a few (a group DM): everyone the person has seen in the lobby and
 * their rooms, to tick, with a filter for a long list. The same people always get the same conversation.
 */
export function NewMessageDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const [filter, setFilter] = useState('')
  const [picked, setPicked] = useState<readonly string[]>([])
  const [error, setError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const filterId = useId()
  const most = LIMITS.maxDirectMembers - 1
  const wanted = filter.trim().toLocaleLowerCase()
  const people = store.people.value.filter((person) => wanted === '' || person.name.toLocaleLowerCase().includes(wanted))

  const toggle = (id: string, on: boolean) => {
    setError(undefined)
    if (on && picked.length >= most) {
      setError(`A conversation has at most ${most} people besides you.`)
      return
    }
    setPicked(on ? [...picked, id] : picked.filter((entry) => entry !== id))
  }

  return (
    <Dialog title="New message" onClose={onClose}>
      <form
        class="stack"
        onSubmit={async (event) => {
          event.preventDefault()
          if (picked.length === 0) {
            setError('Pick someone to write to.')
            return
          }
          setBusy(true)
          const room = await store.openDm([...picked])
          setBusy(false)
          if (room === undefined) return
          ui.sidebarOpen.value = false
          onClose()
        }}
      >
        <p class="muted">Pick one person, or a few for a group conversation. Only the people in it can read it.</p>
        <div class="field">
          <label for={filterId}>Find someone</label>
          <input
            id={filterId}
            type="search"
            value={filter}
            placeholder="Name"
            autoFocus
            autoComplete="off"
            onInput={(event) => setFilter(event.currentTarget.value)}
          />
        </div>
        {store.people.value.length === 0 ? (
          <p class="muted">Nobody else is in your rooms right now. People show up here once they are in the lobby or a room with you.</p>
        ) : (
          <fieldset class="people-list">
            <legend class="visually-hidden">People</legend>
            {people.length === 0 && <p class="muted">Nobody by that name.</p>}
            {people.map((person) => (
              <label key={person.id} class="person-choice" data-member-id={person.id}>
                <input type="checkbox" checked={picked.includes(person.id)} onChange={(event) => toggle(person.id, event.currentTarget.checked)} />
                <Avatar id={person.id} name={person.name} size="small" />
                <span class="member-name">{person.name}</span>
              </label>
            ))}
          </fieldset>
        )}
        <FormError text={error} />
        <div class="dialog-actions">
          <button type="button" class="button secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? 'Opening…' : picked.length > 1 ? `Message ${picked.length} people` : 'Message'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
