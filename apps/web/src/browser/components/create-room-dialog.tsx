import { LIMITS } from '@lanchat/client'
import { useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import { ui } from '../ui-state.js'
import { Dialog } from './dialog.js'

/** Makes a room with a short code; the share dialog follows so the person can invite others. */
export function CreateRoomDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  return (
    <Dialog title="New room" onClose={onClose}>
      <form
        class="stack"
        onSubmit={async (event) => {
          event.preventDefault()
          setBusy(true)
          const room = await store.createRoom(name.trim())
          setBusy(false)
          if (room === undefined) return
          ui.sidebarOpen.value = false
          ui.dialog.value = { kind: 'share', roomId: room.id }
        }}
      >
        <p class="muted">
          A room gets a short code that others type or scan to join. It is kept with its messages while anyone is
          in it, also when the server restarts, and deleted with them once everyone has left.
        </p>
        <label class="field">
          <span>Room name (optional)</span>
          <input
            type="text"
            value={name}
            maxLength={LIMITS.maxRoomNameLength}
            placeholder="Study group"
            autoFocus
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
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
