import { FEATURES } from '@lanchat/client'
import type { ChatStore } from '../chat/chat-store.js'
import { allows } from '../chat/permissions.js'
import type { RoomView } from '../chat/room-view.js'
import { displayCode } from '../room-link.js'
import { ui } from '../ui-state.js'
import { Icon } from './icon.js'
import { RoomMenu } from './room-menu.js'

/** What kind of room this is, for the line under its name. */
function roomKind(room: RoomView) {
  const info = room.info.value
  if (room.lobby) return 'Everyone on this network'
  if (info.direct !== undefined) return info.direct.length > 2 ? 'Group conversation' : 'Direct message'
  if (info.access === 'private') return 'Private room'
  if (info.access === 'public') return 'Public room'
  return (
    <>
      Code <span class="inline-code">{displayCode(room.id)}</span>
    </>
  )
}

/** The room's name and topic, who is here, and what can be done with it: invite, members, the room menu, leave. */
export function RoomHeader({ store, room }: { store: ChatStore; room: RoomView }) {
  const count = room.members.value.length
  // A member whose connection is down is listed as away, not counted as online.
  const online = room.members.value.filter((member) => member.status !== 'away').length
  const info = room.info.value
  const direct = info.direct !== undefined
  const unreadElsewhere = store.totalUnread.value - room.unread.value
  const topic = info.topic === undefined || info.topic === '' ? undefined : info.topic
  const managed = store.has(FEATURES.roomsManage)
  // A private room's way in is an invitation, which moderators give; others are shared by code or link.
  const canInvite = !room.lobby && !direct && (info.access !== 'private' || (managed && allows(store.roleIn(room), 'moderate')))
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
          {roomKind(room)}
          {' · '}
          <span data-testid="online-count">{online} online</span>
          {topic !== undefined && (
            <>
              <span aria-hidden="true"> · </span>
              <span class="chat-topic" data-testid="room-topic" title={topic}>
                <span class="visually-hidden">Topic: </span>
                {topic}
              </span>
            </>
          )}
        </p>
      </div>
      <div class="chat-actions">
        {canInvite && (
          <button
            type="button"
            class="button secondary invite-button"
            // On a phone the word hides (display: none) and the icon stays: the name must not go with it.
            aria-label="Invite people"
            onClick={() =>
              (ui.dialog.value =
                info.access === 'private' ? { kind: 'room-settings', roomId: room.id, tab: 'invites' } : { kind: 'share', roomId: room.id })
            }
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
        <RoomMenu store={store} room={room} />
        {!room.lobby && (
          <button
            type="button"
            class="icon-button"
            aria-label={direct ? 'Leave conversation' : 'Leave room'}
            title={direct ? 'Leave conversation' : 'Leave room'}
            onClick={() => void store.leaveRoom(room.id)}
          >
            <Icon name="leave" />
          </button>
        )}
      </div>
    </header>
  )
}
