import { FEATURES } from '@lanchat/client'
import { useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import type { RoomView } from '../chat/room-view.js'
import { isRoomId } from '../room-link.js'
import { ui } from '../ui-state.js'
import { AccountMark } from './accounts/account-mark.js'
import { Avatar } from './avatar.js'
import { Icon, Logo, type IconName } from './icon.js'

const connectionLabel = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
} as const

/** The room list and direct messages with unread counts, new/join/browse rooms, and the person's own name and settings. */
export function Sidebar({ store }: { store: ChatStore }) {
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string | undefined>(undefined)
  const active = store.activeRoom.value
  const me = store.me.value
  const account = store.accounts.account.value
  const state = store.connection.value

  const dms = store.has(FEATURES.dm)

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
        <div class="section-row first">
          <h2 class="section-title" id="rooms-heading">
            Rooms
          </h2>
          {store.has(FEATURES.roomsDirectory) && (
            <button
              type="button"
              class="icon-button small-icon"
              aria-label="Browse rooms"
              title="Browse rooms"
              onClick={() => (ui.dialog.value = { kind: 'directory' })}
            >
              <Icon name="search" size={18} />
            </button>
          )}
        </div>
        <ul class="room-list" aria-labelledby="rooms-heading">
          {store.roomList.value.map((room) => (
            <RoomEntry key={room.id} room={room} active={room === active} onOpen={open} />
          ))}
        </ul>
        {(dms || store.directList.value.length > 0) && (
          <>
            <div class="section-row">
              <h2 class="section-title" id="dms-heading">
                Direct messages
              </h2>
              {dms && (
                <button
                  type="button"
                  class="icon-button small-icon"
                  aria-label="New message"
                  title="New message"
                  onClick={() => (ui.dialog.value = { kind: 'new-message' })}
                >
                  <Icon name="compose" size={18} />
                </button>
              )}
            </div>
            {store.directList.value.length === 0 ? (
              <p class="muted small-text sidebar-hint">Click someone in the member list to message them.</p>
            ) : (
              <ul class="room-list" aria-labelledby="dms-heading">
                {store.directList.value.map((room) => (
                  <RoomEntry key={room.id} room={room} active={room === active} onOpen={open} />
                ))}
              </ul>
            )}
          </>
        )}
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

/** The icon of a room in the list: the lobby, a private room's lock, a public room's globe, a code room's hash. */
function roomIcon(room: RoomView): IconName {
  if (room.lobby) return 'lobby'
  const access = room.info.value.access
  return access === 'private' ? 'lock' : access === 'public' ? 'globe' : 'hash'
}

/** One room or direct conversation in the sidebar, with its unread count. */
function RoomEntry({ room, active, onOpen }: { room: RoomView; active: boolean; onOpen: (roomId: string) => void }) {
  const unread = room.unread.value
  const direct = room.info.value.direct
  const other = room.others.value[0]
  return (
    <li>
      <button
        type="button"
        class="room-button"
        data-room-id={room.id}
        data-direct={direct === undefined ? undefined : 'true'}
        aria-current={active ? 'page' : undefined}
        onClick={() => onOpen(room.id)}
      >
        {direct === undefined || other === undefined ? (
          <span class="room-icon">
            <Icon name={roomIcon(room)} size={18} />
          </span>
        ) : (
          <Avatar id={other.id} name={room.title.value} size="small" />
        )}
        <span class="room-name">{room.title.value}</span>
        {room.info.value.access === 'private' && direct === undefined && <span class="visually-hidden">, private</span>}
        {room.notify.value === 'none' && (
          <span class="room-muted" title="Notifications off">
            <Icon name="bell-off" size={14} />
            <span class="visually-hidden">, notifications off</span>
          </span>
        )}
        {room.mentions.value > 0 && (
          <span class="badge mention-badge" aria-label={`${room.mentions.value} ${room.mentions.value === 1 ? 'mention' : 'mentions'} of you`}>
            @{room.mentions.value > 99 ? '99+' : room.mentions.value}
          </span>
        )}
        {unread > 0 && (
          <span class="badge" aria-label={`${unread} unread`}>
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
    </li>
  )
}
