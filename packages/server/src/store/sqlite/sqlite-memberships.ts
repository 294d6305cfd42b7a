import type { NotifyLevel } from '@lanchat/protocol'
import type { MembershipStore } from '../store.js'
import type { StoreContext } from './store-context.js'

/**
 * Room membership in SQLite. Members are listed by `since`, then in the order they were added; adding a member
 * to a room the store does not have is a no-op. A member's notification level is a column of the membership's row
 * (schema version 3), so leaving the room forgets it.
 */
export function sqliteMemberships({ statements, read, write }: StoreContext): MembershipStore {
  return {
    add: (room, userId, since) =>
      write(() => {
        statements.insertMember.run(room, userId, since, room)
      }),
    remove: (room, userId) =>
      write(() => {
        statements.deleteMember.run(room, userId)
      }),
    list: (room) => read(() => statements.selectMembers.all(room).map((row) => row.user_id)),
    roomsOf: (userId) => read(() => statements.selectRoomsOf.all(userId).map((row) => row.room_id)),
    setNotify: (room, userId, level) => write(() => statements.setMemberNotify.run(level ?? null, room, userId).changes > 0),
    notifyLevels: (userId) =>
      read(() => new Map(statements.selectNotifyLevels.all(userId).map((row) => [row.room_id, row.notify as NotifyLevel]))),
  }
}
