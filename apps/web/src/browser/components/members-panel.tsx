import type { ChatStore } from '../chat/chat-store.js'
import type { RoomView } from '../chat/room-view.js'
import { ui } from '../ui-state.js'
import { AccountMark } from './accounts/account-mark.js'
import { Avatar } from './avatar.js'
import { Icon } from './icon.js'

/**
 * Who is in the room right now, the person first, with who is typing. A column on wide screens and a
 * drawer on narrow ones.
 */
export function MembersPanel({ store, room }: { store: ChatStore; room: RoomView }) {
  const me = store.me.value?.id
  const typing = new Set(room.typing.value.map((member) => member.id))
  const labels = room.labels.value
  const accountsOn = store.accounts.policy.value !== undefined
  const online = room.members.value.filter((member) => member.status !== 'away').length
  const members = [...room.members.value].sort((first, second) =>
    first.id === me ? -1 : second.id === me ? 1 : first.name.localeCompare(second.name),
  )
  return (
    <aside class="members-panel" id="members-panel" aria-labelledby="members-heading">
      <header class="panel-header">
        <h2 id="members-heading">
          Online <span class="count">{online}</span>
        </h2>
        <button type="button" class="icon-button" aria-label="Close the member list" onClick={() => (ui.membersOpen.value = false)}>
          <Icon name="close" />
        </button>
      </header>
      <ul class="member-list">
        {members.map((member) => (
          <li
            key={member.id}
            class={`member${member.status === 'away' ? ' away' : ''}`}
            data-member-id={member.id}
            data-status={member.status ?? 'online'}
          >
            <span class="presence-wrap">
              <Avatar id={member.id} name={member.name} size="small" />
              <span class="presence-dot" title={member.status === 'away' ? 'Away: connection lost' : 'Online'} />
            </span>
            <span class="member-name">
              {labels.get(member.id) ?? member.name}
              {member.id === me && <span class="you"> (you)</span>}
            </span>
            {accountsOn && <AccountMark account={member.account === true} />}
            {member.status === 'away' ? (
              <span class="member-status">away</span>
            ) : (
              typing.has(member.id) && <span class="member-status">typing…</span>
            )}
          </li>
        ))}
      </ul>
    </aside>
  )
}
