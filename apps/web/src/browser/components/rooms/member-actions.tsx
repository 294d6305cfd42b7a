import { FEATURES, roleOf, type Member, type MemberAction } from '@lanchat/client'
import { useState } from 'preact/hooks'
import type { ChatStore } from '../../chat/chat-store.js'
import { errorText } from '../../chat/error-text.js'
import { allows, outranks } from '../../chat/permissions.js'
import type { RoomView } from '../../chat/room-view.js'
import { ui } from '../../ui-state.js'

/** What each action says it did, for the status line. */
const done: Record<MemberAction, (name: string) => string> = {
  invite: (name) => `${name} is a member now.`,
  remove: (name) => `${name} was removed.`,
  ban: (name) => `${name} was banned.`,
  unban: (name) => `${name} may come back.`,
  mute: (name) => `${name} is muted.`,
  unmute: (name) => `${name} may post again.`,
  moderator: (name) => `${name} is a moderator now.`,
  member: (name) => `${name} is a member, not a moderator.`,
  owner: (name) => `${name} owns the room now.`,
}

/**
 * What the person may do about one member: message them (feature `dm`), and, as the room's moderator or owner, make
 * them moderator or member, mute or unmute, remove, ban, or hand the room over (asking first for ban and hand-over).
 * Only the actions the person's role allows are shown; the server checks again.
 */
export function MemberActions({
  store,
  room,
  member,
  onDone,
}: {
  store: ChatStore
  room: RoomView
  member: Member
  /** Called with what happened, to say it (and close a menu). */
  onDone?: (status: string) => void
}) {
  const [confirming, setConfirming] = useState<'ban' | 'owner' | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const me = store.selfId.value
  if (member.id === me) return null
  const info = room.info.value
  const role = store.roleIn(room)
  const theirs = roleOf(info, member.id)
  const manageable = store.has(FEATURES.roomsManage) && !room.direct.value && outranks(role, theirs)
  const canMessage = store.has(FEATURES.dm)
  const muted = info.muted?.includes(member.id) === true

  const act = async (action: MemberAction) => {
    setBusy(true)
    setError(undefined)
    setConfirming(undefined)
    try {
      await store.manage.member(room.id, action, { user: member.id })
      onDone?.(done[action](member.name))
    } catch (thrown) {
      setError(errorText(thrown))
    } finally {
      setBusy(false)
    }
  }

  if (!canMessage && !manageable) return null
  if (confirming !== undefined) {
    return (
      <div class="confirm" role="group" aria-label={confirming === 'ban' ? `Ban ${member.name}?` : `Hand ${room.title.value} over to ${member.name}?`}>
        <p>
          {confirming === 'ban'
            ? `Ban ${member.name}? They are put out of ${room.title.value} and cannot come back until unbanned.`
            : `Make ${member.name} the owner of ${room.title.value}? You will not own it any more.`}
        </p>
        <div class="button-row">
          <button type="button" class="button small danger" disabled={busy} onClick={() => void act(confirming)}>
            {confirming === 'ban' ? 'Ban' : 'Make owner'}
          </button>
          <button type="button" class="button small secondary" onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </div>
      </div>
    )
  }
  return (
    <div class="member-actions">
      <div class="button-row" role="group" aria-label={`Actions for ${member.name}`}>
        {canMessage && (
          <button
            type="button"
            class="button small primary"
            disabled={busy}
            onClick={() => {
              onDone?.('')
              ui.dialog.value = { kind: 'none' }
              ui.membersOpen.value = globalThis.matchMedia?.('(min-width: 1100px)').matches ?? false
              void store.openDm([member.id])
            }}
          >
            Message
          </button>
        )}
        {manageable && allows(role, 'own') && (
          <button type="button" class="button small secondary" disabled={busy} onClick={() => void act(theirs === 'moderator' ? 'member' : 'moderator')}>
            {theirs === 'moderator' ? 'Make member' : 'Make moderator'}
          </button>
        )}
        {manageable && (
          <button type="button" class="button small secondary" disabled={busy} onClick={() => void act(muted ? 'unmute' : 'mute')}>
            {muted ? 'Unmute' : 'Mute'}
          </button>
        )}
        {manageable && (
          <button type="button" class="button small secondary" disabled={busy} onClick={() => void act('remove')}>
            Remove
          </button>
        )}
        {manageable && (
          <button type="button" class="button small danger-outline" disabled={busy} onClick={() => setConfirming('ban')}>
            Ban
          </button>
        )}
        {manageable && allows(role, 'own') && (
          <button type="button" class="button small secondary" disabled={busy} onClick={() => setConfirming('owner')}>
            Make owner
          </button>
        )}
      </div>
      {error !== undefined && (
        <p class="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
