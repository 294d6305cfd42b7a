import type { NotifyLevel, RoomChange, RoomInfo, RoomRole, RoomSnapshot } from '@lanchat/protocol'

/**
 * A member's role in a room: its `owner`, one of its `moderators`, or a plain `member`. Rooms the server or the host
 * owns (the lobby, named rooms) have no owner; there the server's admins act as owner, which this cannot tell.
 *
 * @example
 * ```ts
 * const info = client.rooms.get('k7m2qx')?.info
 * if (info !== undefined && roleOf(info, client.user?.id ?? '') !== 'member') showRoomSettings()
 * ```
 */
export function roleOf(info: RoomInfo, userId: string): RoomRole {
  if (info.owner === userId) return 'owner'
  return info.moderators?.includes(userId) === true ? 'moderator' : 'member'
}

/**
 * What to call a room: a direct conversation after the others in it (`Maria`, `Maria, Pete`), any other room by its
 * name.
 *
 * @example
 * ```ts
 * for (const { info } of client.rooms.values()) console.log(directName(info, client.user?.id ?? ''))
 * ```
 */
export function directName(info: RoomInfo, selfId: string): string {
  const others = info.direct?.filter((member) => member.id !== selfId).map((member) => member.name) ?? []
  return others.length === 0 ? info.name : others.join(', ')
}

/** A room's notification level: the one its snapshot carries, else `all` for a direct conversation and `mentions` for any other room. */
export function notifyLevel(snapshot: Pick<RoomSnapshot, 'room' | 'notify'>): NotifyLevel {
  return snapshot.notify ?? (snapshot.room.direct === undefined ? 'mentions' : 'all')
}

/** The room's info with a change (a `system` message's `event`) applied. Changes that do not touch the info return it as it is. */
export function applyRoomChange(info: RoomInfo, change: RoomChange): RoomInfo {
  switch (change.type) {
    case 'room.renamed':
      return { ...info, name: change.name }
    case 'room.topic': {
      const { topic: _cleared, ...rest } = info
      return change.topic === '' ? rest : { ...info, topic: change.topic }
    }
    case 'room.access':
      return { ...info, access: change.access }
    case 'room.kept':
      return { ...info, kept: true }
    case 'member.role': {
      const id = change.member.id
      if (change.role === 'owner') return { ...info, owner: id }
      if (change.role === 'moderator') return withId(info, 'moderators', id)
      return change.role === 'member' ? withoutId(info, 'moderators', id) : info
    }
    case 'member.muted':
      return withId(info, 'muted', change.member.id)
    case 'member.unmuted':
      return withoutId(info, 'muted', change.member.id)
    case 'member.removed':
    case 'member.banned':
      return withoutId(withoutId(info, 'moderators', change.member.id), 'muted', change.member.id)
    default:
      return info
  }
}

type IdList = 'moderators' | 'muted'

function withId(info: RoomInfo, list: IdList, id: string): RoomInfo {
  const ids = info[list] ?? []
  return ids.includes(id) ? info : { ...info, [list]: [...ids, id] }
}

function withoutId(info: RoomInfo, list: IdList, id: string): RoomInfo {
  const ids = info[list]
  return ids?.includes(id) === true ? { ...info, [list]: ids.filter((existing) => existing !== id) } : info
}
