import { roleOf } from '@lanchat/client'
import { roleLabel } from '../../chat/permissions.js'
import type { RoomView } from '../../chat/room-view.js'

/**
 * A member's role badges in a room: owner, moderator, muted.
 *
 * @example
 * ```tsx
 * <RoleBadges room={room} memberId={member.id} />
 * ```
 */
export function RoleBadges({ room, memberId }: { room: RoomView; memberId: string }) {
  const info = room.info.value
  const label = roleLabel(roleOf(info, memberId))
  const muted = info.muted?.includes(memberId) === true
  return (
    <>
      {label !== undefined && <span class={`tag${label === 'owner' ? ' accent' : ''}`}>{label}</span>}
      {muted && <span class="tag danger">muted</span>}
    </>
  )
}
