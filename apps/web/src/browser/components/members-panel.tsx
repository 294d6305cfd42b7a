import { useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import type { RoomView } from '../chat/room-view.js'
import { ui } from '../ui-state.js'
import { AccountMark } from './accounts/account-mark.js'
import { Avatar } from './avatar.js'
import { Icon } from './icon.js'
import { lazyComponent } from './lazy.js'
import { RoleBadges } from './rooms/role-badges.js'

// What can be done about a member loads when someone is first clicked.
const MemberActions = lazyComponent(() => import('./rooms/member-actions.js').then((module) => module.MemberActions))

/**
 * Who is in the room right now, the person first, with who is typing and their role. Clicking someone offers
 * "Message" and what the person's role allows (moderators and owners). A column on wide screens and a drawer on
 * narrow ones.
 */
export function MembersPanel({ store, room }: { store: ChatStore; room: RoomView }) {
  const me = store.me.value?.id
  const typing = new Set(room.typing.value.map((member) => member.id))
  const labels = room.labels.value
  const accountsOn = store.accounts.policy.value !== undefined
  const online = room.members.value.filter((member) => member.status !== 'away').length
  const [status, setStatus] = useState('')
  // Whose actions are open: a click here, or on a name on a message.
  const expanded = ui.memberMenu.value
  const toggle = (id: string) => (ui.memberMenu.value = expanded === id ? undefined : id)
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
      <p class="muted small-text member-status-line" role="status">
        {status}
      </p>
      <ul class="member-list">
        {members.map((member) => {
          const open = expanded === member.id && member.id !== me
          const name = labels.get(member.id) ?? member.name
          return (
            <li
              key={member.id}
              class={`member${member.status === 'away' ? ' away' : ''}${open ? ' open' : ''}`}
              data-member-id={member.id}
              data-status={member.status ?? 'online'}
            >
              <div class="member-row">
                <span class="presence-wrap">
                  <Avatar id={member.id} name={member.name} size="small" />
                  <span class="presence-dot" title={member.status === 'away' ? 'Away: connection lost' : 'Online'} />
                </span>
                {member.id === me ? (
                  <span class="member-name">
                    {name}
                    <span class="you"> (you)</span>
                  </span>
                ) : (
                  <button
                    type="button"
                    class="member-name member-button"
                    aria-expanded={open}
                    onClick={() => {
                      setStatus('')
                      toggle(member.id)
                    }}
                  >
                    {name}
                  </button>
                )}
                {accountsOn && <AccountMark account={member.account === true} />}
                <RoleBadges room={room} memberId={member.id} />
                {member.status === 'away' ? (
                  <span class="member-status">away</span>
                ) : (
                  typing.has(member.id) && <span class="member-status">typing…</span>
                )}
              </div>
              {open && (
                <MemberActions
                  store={store}
                  room={room}
                  member={member}
                  onDone={(said) => {
                    setStatus(said)
                    ui.memberMenu.value = undefined
                  }}
                />
              )}
            </li>
          )
        })}
      </ul>
    </aside>
  )
}
