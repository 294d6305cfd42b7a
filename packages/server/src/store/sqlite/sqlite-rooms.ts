import type { RoomStore } from '../store.js'
import { settingsToJson } from '../documents.js'
import { roomFromRow } from './rows.js'
import type { StoreContext } from './store-context.js'

/** Rooms and their epochs in SQLite. Deleting a room cascades to its events and memberships. */
export function sqliteRooms({ statements, read, write }: StoreContext): RoomStore {
  return {
    // Writes read their arguments at once: the caller may reuse its objects before the batch runs.
    create: async (room) => {
      const values = {
        id: room.id,
        name: room.name,
        kind: room.kind,
        epoch: room.epoch,
        retention: room.retention,
        created_by: room.createdBy ?? null,
        created_at: room.createdAt,
        settings: settingsToJson(room.settings),
      }
      return write(() => {
        const row = statements.insertRoom.get(values)
        return row === undefined ? undefined : roomFromRow(row)
      })
    },
    get: (id) =>
      read(() => {
        const row = statements.selectRoom.get(id)
        return row === undefined ? undefined : roomFromRow(row)
      }),
    list: () => read(() => statements.selectRooms.all().map(roomFromRow)),
    rename: (id, name) => write(() => statements.renameRoom.run(name, id).changes > 0),
    update: async (id, changes) => {
      const values = {
        id,
        name: changes.name ?? null,
        retention: changes.retention ?? null,
        settings: changes.settings === undefined ? null : settingsToJson(changes.settings),
      }
      return write(() => {
        const row = statements.updateRoom.get(values)
        return row === undefined ? undefined : roomFromRow(row)
      })
    },
    setEpoch: (id, epoch) => write(() => statements.setRoomEpoch.run(epoch, id).changes > 0),
    delete: (id) =>
      write(() => {
        statements.deleteRoom.run(id)
      }),
  }
}
