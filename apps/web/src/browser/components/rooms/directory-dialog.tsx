import type { DirectoryRoom } from '@lanchat/client'
import { useEffect, useId, useState } from 'preact/hooks'
import type { ChatStore } from '../../chat/chat-store.js'
import { errorText } from '../../chat/error-text.js'
import { ui } from '../../ui-state.js'
import { FormError } from '../accounts/form-error.js'
import { Dialog } from '../dialog.js'
import { Icon } from '../icon.js'

/** Waits this long after the last key before asking the server again. */
const SEARCH_DELAY_MS = 250

/**
 * The room directory (feature `rooms.directory`): the server's public rooms, busiest first, with a search box and how
 * many are in each and online now. Join opens the room; a room the person is in already says so and opens it.
 */
export function DirectoryDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const [query, setQuery] = useState('')
  const [rooms, setRooms] = useState<DirectoryRoom[] | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [joining, setJoining] = useState<string | undefined>(undefined)
  const searchId = useId()

  useEffect(() => {
    let current = true
    const timer = setTimeout(
      () => {
        store.manage
          .directory(query)
          .then((found) => {
            if (!current) return
            setRooms(found)
            setError(undefined)
          })
          .catch((thrown: unknown) => current && setError(errorText(thrown)))
      },
      rooms === undefined ? 0 : SEARCH_DELAY_MS,
    )
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [query])

  const join = async (roomId: string) => {
    setJoining(roomId)
    const room = await store.joinRoom(roomId)
    setJoining(undefined)
    if (room === undefined) return
    store.openRoom(room.id)
    ui.sidebarOpen.value = false
    onClose()
  }

  const mine = new Set(store.rooms.value.map((room) => room.id))
  return (
    <Dialog title="Browse rooms" onClose={onClose}>
      <div class="stack">
        <div class="field">
          <label for={searchId}>Search public rooms</label>
          <div class="search-field">
            <Icon name="search" size={18} />
            <input
              id={searchId}
              type="search"
              value={query}
              placeholder="Name, code or topic"
              autoFocus
              autoComplete="off"
              onInput={(event) => setQuery(event.currentTarget.value)}
            />
          </div>
        </div>
        <FormError text={error} />
        <p class="muted" role="status">
          {rooms === undefined
            ? 'Loading…'
            : rooms.length === 0
              ? query.trim() === ''
                ? 'No public rooms yet. Make one with New room.'
                : `No public room matches “${query.trim()}”.`
              : rooms.length === 1
                ? '1 public room'
                : `${rooms.length} public rooms`}
        </p>
        {rooms !== undefined && rooms.length > 0 && (
          <ul class="directory-list" aria-label="Public rooms">
            {rooms.map((entry) => (
              <li key={entry.room.id} class="directory-room" data-room-id={entry.room.id}>
                <div class="directory-text">
                  <span class="directory-name">{entry.room.name}</span>
                  {entry.room.topic !== undefined && entry.room.topic !== '' && <span class="directory-topic">{entry.room.topic}</span>}
                  <span class="muted small-text">
                    {entry.members === 1 ? '1 member' : `${entry.members} members`} · {entry.online} online
                  </span>
                </div>
                {mine.has(entry.room.id) ? (
                  <button
                    type="button"
                    class="button small secondary"
                    aria-label={`Open ${entry.room.name}`}
                    onClick={() => {
                      store.openRoom(entry.room.id)
                      ui.sidebarOpen.value = false
                      onClose()
                    }}
                  >
                    Open
                  </button>
                ) : (
                  <button
                    type="button"
                    class="button small primary"
                    aria-label={`Join ${entry.room.name}`}
                    disabled={joining !== undefined}
                    onClick={() => void join(entry.room.id)}
                  >
                    {joining === entry.room.id ? 'Joining…' : 'Join'}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  )
}
