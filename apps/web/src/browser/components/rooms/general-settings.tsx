import { LIMITS, type RoomAccess } from '@lanchat/client'
import { useState } from 'preact/hooks'
import type { ChatStore } from '../../chat/chat-store.js'
import { errorText } from '../../chat/error-text.js'
import { allows } from '../../chat/permissions.js'
import type { RoomChanges } from '../../chat/room-management.js'
import type { RoomView } from '../../chat/room-view.js'
import { FormError } from '../accounts/form-error.js'

/**
 * A room's name and topic (moderators), who may enter and keeping a code room (the owner), and deleting it (the
 * owner, after a confirmation). Every change reaches the members as a line in the room.
 */
export function GeneralSettings({ store, room }: { store: ChatStore; room: RoomView }) {
  const info = room.info.value
  const role = store.roleIn(room)
  const [name, setName] = useState(room.title.value)
  const [topic, setTopic] = useState(info.topic ?? '')
  const [status, setStatus] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const moderate = allows(role, 'moderate')
  const own = allows(role, 'own')

  const change = async (changes: RoomChanges, said: string) => {
    setBusy(true)
    setError(undefined)
    setStatus('')
    try {
      await store.manage.update(room.id, changes)
      setStatus(said)
    } catch (thrown) {
      setError(errorText(thrown))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="stack">
      <p class="muted" role="status">
        {status}
      </p>
      <FormError text={error} />
      {moderate && (
        <form
          class="stack"
          onSubmit={(event) => {
            event.preventDefault()
            const changes: RoomChanges = {}
            if (name.trim() !== '' && name.trim() !== room.title.value) changes.name = name.trim()
            if (topic.trim() !== (info.topic ?? '')) changes.topic = topic.trim()
            if (Object.keys(changes).length === 0) {
              setStatus('Nothing changed.')
              return
            }
            void change(changes, 'Saved. Everyone in the room sees the change.')
          }}
        >
          <label class="field">
            <span>Room name</span>
            <input
              type="text"
              value={name}
              required
              maxLength={LIMITS.maxRoomNameLength}
              onInput={(event) => setName(event.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>
              Topic <span class="field-hint">shown under the room’s name</span>
            </span>
            <input
              type="text"
              value={topic}
              maxLength={LIMITS.maxTopicLength}
              placeholder="What this room is about"
              onInput={(event) => setTopic(event.currentTarget.value)}
            />
          </label>
          <div class="dialog-actions">
            <button type="submit" class="button primary" disabled={busy}>
              Save
            </button>
          </div>
        </form>
      )}

      {own && info.access !== undefined && (
        <fieldset class="choice-group" disabled={busy}>
          <legend>Who may enter</legend>
          {(['public', 'private'] as const satisfies readonly RoomAccess[]).map((access) => (
            <label key={access} class="choice">
              <input
                type="radio"
                name="room-access"
                checked={info.access === access}
                onChange={() =>
                  void change(
                    { access },
                    access === 'public' ? 'The room is public: anyone can find it in Browse rooms.' : 'The room is private: invitation only.',
                  )
                }
              />
              <span>{access === 'public' ? 'Public: listed in Browse rooms, anyone may join' : 'Private: by invitation only'}</span>
            </label>
          ))}
        </fieldset>
      )}

      {own && info.kind === 'code' && (
        <section class="account-section" aria-labelledby="keep-heading">
          <h3 id="keep-heading">Keep this room</h3>
          {info.kept === true ? (
            <p class="muted">This room is kept: it stays, with its messages, when everyone has left.</p>
          ) : (
            <>
              <p class="muted">A code room is deleted with its messages once everyone has left. Keep it to let it stay.</p>
              <button
                type="button"
                class="button secondary"
                disabled={busy}
                onClick={() => void change({ kept: true }, 'The room is kept: it stays when everyone has left.')}
              >
                Keep this room
              </button>
            </>
          )}
        </section>
      )}

      {own && (
        <section class="account-section" aria-labelledby="delete-heading">
          <h3 id="delete-heading">Delete the room</h3>
          {deleting ? (
            <div class="confirm" role="group" aria-label={`Delete ${room.title.value}?`}>
              <p>Delete {room.title.value} and all its messages for everyone? This cannot be undone.</p>
              <div class="button-row">
                <button
                  type="button"
                  class="button small danger"
                  disabled={busy}
                  onClick={async () => {
                    setBusy(true)
                    const failed = await store.deleteRoom(room.id)
                    setBusy(false)
                    if (failed !== undefined) setError(failed)
                  }}
                >
                  Delete for everyone
                </button>
                <button type="button" class="button small secondary" onClick={() => setDeleting(false)}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <>
              <p class="muted">Everyone is put out of it and its messages are gone.</p>
              <button type="button" class="button danger-outline" onClick={() => setDeleting(true)}>
                Delete room…
              </button>
            </>
          )}
        </section>
      )}
    </div>
  )
}
