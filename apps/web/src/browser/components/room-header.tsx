import { LOBBY_ROOM_ID } from '@lanchat/client'
import type { ChatStore } from '../chat/chat-store.js'
import type { RoomView } from '../chat/room-view.js'
import { displayCode } from '../room-link.js'
import { ui } from '../ui-state.js'
import { Icon } from './icon.js'

/** The room's name, who is here, and what can be done with it: invite, members, leave. */
export function RoomHeader({ store, room }: { store: ChatStore; room: RoomView }) {
  const count = room.members.value.length
  // A member whose connection is down is listed as away, not counted as online.
  const online = room.members.value.filter((member) => member.status !== 'away').length
  const lobby = room.id === LOBBY_ROOM_ID
  const unreadElsewhere = store.totalUnread.value - room.unread.value
  return (
    <header class="chat-header">
      <button
        type="button"
        class="icon-button menu-button"
        aria-label={unreadElsewhere > 0 ? `Rooms (${unreadElsewhere} unread)` : 'Rooms'}
        aria-controls="sidebar"
        aria-expanded={ui.sidebarOpen.value}
        onClick={() => (ui.sidebarOpen.value = true)}
      >
        <Icon name="menu" />
        {unreadElsewhere > 0 && <span class="menu-dot" aria-hidden="true" />}
      </button>
      <div class="chat-title">
        <h1>{room.title.value}</h1>
        <p class="chat-subtitle">
          {lobby ? 'Everyone on this network' : <>Code <span class="inline-code">{displayCode(room.id)}</span></>}
          {' · '}
          <span data-testid="online-count">{online} online</span>
        </p>
      </div>
      <div class="chat-actions">
        {!lobby && (
          <button
            type="button"
            class="button secondary invite-button"
            // On a phone the word hides (display: none) and the icon stays: the name must not go with it.
            aria-label="Invite people"
            onClick={() => (ui.dialog.value = { kind: 'share', roomId: room.id })}
          >
            <Icon name="invite" size={18} />
            <span class="label">Invite</span>
          </button>
        )}
        <button
          type="button"
          class="icon-button"
          aria-label={`Members (${count})`}
          aria-controls="members-panel"
          aria-expanded={ui.membersOpen.value}
          onClick={() => (ui.membersOpen.value = !ui.membersOpen.value)}
        >
          <Icon name="users" />
        </button>
        {!lobby && (
          <button type="button" class="icon-button" aria-label="Leave room" title="Leave room" onClick={() => void store.leaveRoom(room.id)}>
            <Icon name="leave" />
          </button>
        )}
      </div>
    </header>
  )
}
