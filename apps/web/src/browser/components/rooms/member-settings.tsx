import { useId, useState } from 'preact/hooks'
import type { ChatStore } from '../../chat/chat-store.js'
import { errorText } from '../../chat/error-text.js'
import type { RoomView } from '../../chat/room-view.js'
import { FormError } from '../accounts/form-error.js'
import { Avatar } from '../avatar.js'
import { MemberActions } from './member-actions.js'
import { RoleBadges } from './role-badges.js'

/**
 * The members of a room with their roles, and what the person's role allows about each; adding someone by name
 * (an account's name, or someone connected now) and lifting a ban.
 */
export function MemberSettings({ store, room }: { store: ChatStore; room: RoomView }) {
  const me = store.selfId.value
  const [status, setStatus] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [name, setName] = useState('')
  const [expanded, setExpanded] = useState<string | undefined>(undefined)
  const nameId = useId()
  const members = [...room.members.value].sort((first, second) =>
    first.id === me ? -1 : second.id === me ? 1 : first.name.localeCompare(second.name),
  )

  const byName = async (action: 'invite' | 'unban') => {
    const wanted = name.trim()
    if (wanted === '') {
      setError('Type the name of the person.')
      return
    }
    setError(undefined)
    setStatus('')
    try {
      await store.manage.member(room.id, action, { name: wanted })
      setStatus(action === 'invite' ? `${wanted} is a member now.` : `${wanted} may come back.`)
      setName('')
    } catch (thrown) {
      setError(errorText(thrown))
    }
  }

  return (
    <div class="stack">
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault()
          void byName('invite')
        }}
      >
        <div class="field">
          <label for={nameId}>Add someone by name</label>
          <div class="field-row">
            <input id={nameId} type="text" value={name} autoComplete="off" placeholder="Their name" onInput={(event) => setName(event.currentTarget.value)} />
            <button type="submit" class="button secondary">
              Add
            </button>
          </div>
          <p class="muted small-text">
            They become a member and see the room at once. Banned someone by mistake?{' '}
            <button type="button" class="link-button inline" onClick={() => void byName('unban')}>
              Lift the ban
            </button>{' '}
            of the name above.
          </p>
        </div>
      </form>
      <p class="muted" role="status">
        {status}
      </p>
      <FormError text={error} />
      <ul class="admin-list" aria-label="Members">
        {members.map((member) => (
          <li key={member.id} class="admin-account" data-member-id={member.id}>
            <div class="member-row">
              <Avatar id={member.id} name={member.name} size="small" />
              <span class="device-name">
                {member.name}
                {member.id === me && <span class="you"> (you)</span>}
                <RoleBadges room={room} memberId={member.id} />
              </span>
            </div>
            {member.id !== me &&
              (expanded === member.id ? (
                <MemberActions
                  store={store}
                  room={room}
                  member={member}
                  onDone={(said) => {
                    setStatus(said)
                    setExpanded(undefined)
                  }}
                />
              ) : (
                <button
                  type="button"
                  class="button small secondary"
                  aria-label={`Manage ${member.name}`}
                  onClick={() => setExpanded(member.id)}
                >
                  Manage
                </button>
              ))}
          </li>
        ))}
      </ul>
    </div>
  )
}
