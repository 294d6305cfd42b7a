import { LOBBY_ROOM_ID } from '@lanchat/client'
import { useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import { isRoomId } from '../room-link.js'
import { ui } from '../ui-state.js'
import { AccountMark } from './accounts/account-mark.js'
import { Avatar } from './avatar.js'
import { Icon, Logo } from './icon.js'

const connectionLabel = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
} as const

/** The room list with unread counts, new/join room, and the person's own name and settings. */
export function Sidebar({ store }: { store: ChatStore }) {
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string | undefined>(undefined)
  const active = store.activeRoom.value
  const me = store.me.value
  const account = store.accounts.account.value
  const state = store.connection.value

  const open = (roomId: string) => {
    store.openRoom(roomId)
    ui.sidebarOpen.value = false
  }

  return (
    <aside class="sidebar" id="sidebar" aria-label="Rooms">
      <header class="sidebar-header">
        <Logo />
        <span class="brand">lanchat</span>
        <span class={`connection-dot ${state}`} role="img" aria-label={connectionLabel[state]} title={connectionLabel[state]} />
        <button
          type="button"
          class="icon-button sidebar-close"
          aria-label="Close the room list"
          onClick={() => (ui.sidebarOpen.value = false)}
        >
          <Icon name="close" />
        </button>
      </header>

      <nav class="room-nav" aria-label="Your rooms">
        <h2 class="section-title">Rooms</h2>
        <ul class="room-list">
          {store.rooms.value.map((room) => {
            const unread = room.unread.value
            return (
              <li key={room.id}>
                <button
                  type="button"
                  class="room-button"
                  data-room-id={room.id}
                  aria-current={room === active ? 'page' : undefined}
                  onClick={() => open(room.id)}
                >
                  <span class="room-icon">
                    <Icon name={room.id === LOBBY_ROOM_ID ? 'lobby' : 'hash'} size={18} />
                  </span>
                  <span class="room-name">{room.title.value}</span>
                  {unread > 0 && (
                    <span class="badge" aria-label={`${unread} unread`}>
                      {unread > 99 ? '99+' : unread}
                    </span>
                  )}
                </button>
              </li>
            )
          })}
        </ul>
      </nav>

      <div class="sidebar-actions">
        <button type="button" class="button primary wide" onClick={() => (ui.dialog.value = { kind: 'create' })}>
          <Icon name="plus" size={18} /> New room
        </button>
        <form
          class="join-form"
          onSubmit={async (event) => {
            event.preventDefault()
            const wanted = code.trim()
            if (!isRoomId(wanted)) {
              setCodeError('A room code is letters and digits, like K7M2QX.')
              return
            }
            setCodeError(undefined)
            const room = await store.joinRoom(wanted)
            if (room === undefined) return
            setCode('')
            open(room.id)
          }}
        >
          <label for="join-code" class="section-title">
            Join with a code
          </label>
          <div class="field-row">
            <input
              id="join-code"
              type="text"
              value={code}
              placeholder="K7M2QX"
              autoComplete="off"
              autoCapitalize="characters"
              spellcheck={false}
              maxLength={32}
              aria-invalid={codeError !== undefined}
              aria-describedby={codeError === undefined ? undefined : 'join-error'}
              onInput={(event) => setCode(event.currentTarget.value)}
            />
            <button type="submit" class="button secondary" aria-label="Join room">
              <Icon name="join" size={18} /> Join
            </button>
          </div>
          {codeError !== undefined && (
            <p id="join-error" class="error-text">
              {codeError}
            </p>
          )}
        </form>
      </div>

      <footer class="me">
        {me !== undefined && <Avatar id={me.id} name={me.name} />}
        <span class="me-name">
          <span class="me-label">{account === undefined ? 'Chatting as' : 'Signed in as'}</span>
          <span class="me-value">
            {me?.name ?? store.name.value}
            {account !== undefined && <AccountMark account />}
          </span>
        </span>
        {account !== undefined && (
          <button type="button" class="icon-button" aria-label="Your account" onClick={() => (ui.dialog.value = { kind: 'account' })}>
            <Icon name="badge-check" />
          </button>
        )}
        <button type="button" class="icon-button" aria-label="Settings" onClick={() => (ui.dialog.value = { kind: 'settings' })}>
          <Icon name="settings" />
        </button>
      </footer>
    </aside>
  )
}
