import type { Database, Statement } from 'better-sqlite3'
import type { EventRow, RoomRow, SessionRow, UserRow } from './rows.js'

const EVENT_COLUMNS = 'room_id, seq, id, type, ts, sender_id, sender_name, kind, client_msg_id, text, body'
const ROOM_COLUMNS = 'id, name, kind, epoch, retention, created_by, created_at, last_seq, settings'

/**
 * Every statement the store runs, prepared once when the store opens: preparing parses and plans the SQL, which
 * costs more than running it.
 */
export function prepareStatements(db: Database): Statements {
  return {
    // ---- Rooms ----
    insertRoom: db.prepare<[Omit<RoomRow, 'last_seq'>], RoomRow>(
      `INSERT INTO rooms (id, name, kind, epoch, retention, created_by, created_at, last_seq, settings)
       VALUES (@id, @name, @kind, @epoch, @retention, @created_by, @created_at, 0, @settings)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${ROOM_COLUMNS}`,
    ),
    selectRoom: db.prepare<[id: string], RoomRow>(`SELECT ${ROOM_COLUMNS} FROM rooms WHERE id = ?`),
    selectRooms: db.prepare<[], RoomRow>(`SELECT ${ROOM_COLUMNS} FROM rooms ORDER BY created_at, id`),
    renameRoom: db.prepare<[name: string, id: string]>('UPDATE rooms SET name = ? WHERE id = ?'),
    // NULL leaves a column as it is: one statement for any mix of changes.
    updateRoom: db.prepare<[RoomUpdate], RoomRow>(
      `UPDATE rooms SET
         name = coalesce(@name, name), retention = coalesce(@retention, retention), settings = coalesce(@settings, settings)
       WHERE id = @id
       RETURNING ${ROOM_COLUMNS}`,
    ),
    setRoomEpoch: db.prepare<[epoch: string, id: string]>('UPDATE rooms SET epoch = ? WHERE id = ?'),
    deleteRoom: db.prepare<[id: string]>('DELETE FROM rooms WHERE id = ?'),
    // The seq is taken in the append's own transaction, so two appends can never get the same one.
    nextSeq: db.prepare<[id: string], { last_seq: number }>(
      'UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
    ),

    // ---- Room log ----
    insertEvent: db.prepare<[EventRow]>(
      `INSERT INTO room_events (${EVENT_COLUMNS})
       VALUES (@room_id, @seq, @id, @type, @ts, @sender_id, @sender_name, @kind, @client_msg_id, @text, @body)`,
    ),
    selectEventByKey: db.prepare<[room: string, senderId: string, clientMsgId: string], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM room_events WHERE room_id = ? AND sender_id = ? AND client_msg_id = ?`,
    ),
    // Pages ask for one row more than they return, to learn whether more remain.
    selectLatestEvents: db.prepare<[room: string, limit: number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM room_events WHERE room_id = ? ORDER BY seq DESC LIMIT ?`,
    ),
    selectEventsBefore: db.prepare<[room: string, seq: number, limit: number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM room_events WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
    ),
    selectEventsAfter: db.prepare<[room: string, seq: number, limit: number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM room_events WHERE room_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?`,
    ),

    // ---- Users ----
    insertUser: db.prepare<[UserRow]>('INSERT INTO users (id, name, created_at) VALUES (@id, @name, @created_at)'),
    selectUser: db.prepare<[id: string], UserRow>('SELECT id, name, created_at FROM users WHERE id = ?'),
    renameUser: db.prepare<[name: string, id: string]>('UPDATE users SET name = ? WHERE id = ?'),

    // ---- Sessions ----
    // A repeated hash replaces the session, as in the memory store.
    upsertSession: db.prepare<[SessionRow]>(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
       VALUES (@token_hash, @user_id, @created_at, @expires_at)
       ON CONFLICT (token_hash) DO UPDATE SET
         user_id = excluded.user_id, created_at = excluded.created_at, expires_at = excluded.expires_at`,
    ),
    selectLiveSession: db.prepare<[tokenHash: string, now: number], SessionRow>(
      'SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?',
    ),
    extendSession: db.prepare<[expiresAt: number, tokenHash: string]>(
      'UPDATE sessions SET expires_at = ? WHERE token_hash = ?',
    ),
    deleteSession: db.prepare<[tokenHash: string]>('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpiredSessions: db.prepare<[now: number]>('DELETE FROM sessions WHERE expires_at <= ?'),

    // ---- Memberships ----
    // Adding a member of a room the store does not have is a no-op, as in the memory store.
    insertMember: db.prepare<[room: string, userId: string, since: number, room: string]>(
      `INSERT OR IGNORE INTO room_members (room_id, user_id, since)
       SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM rooms WHERE id = ?)`,
    ),
    deleteMember: db.prepare<[room: string, userId: string]>(
      'DELETE FROM room_members WHERE room_id = ? AND user_id = ?',
    ),
    selectMembers: db.prepare<[room: string], { user_id: string }>(
      'SELECT user_id FROM room_members WHERE room_id = ? ORDER BY since, rowid',
    ),
    selectRoomsOf: db.prepare<[userId: string], { room_id: string }>(
      'SELECT room_id FROM room_members WHERE user_id = ? ORDER BY since, rowid',
    ),
    setMemberNotify: db.prepare<[notify: string | null, room: string, userId: string]>(
      'UPDATE room_members SET notify = ? WHERE room_id = ? AND user_id = ?',
    ),
    selectNotifyLevels: db.prepare<[userId: string], { room_id: string; notify: string }>(
      'SELECT room_id, notify FROM room_members WHERE user_id = ? AND notify IS NOT NULL',
    ),
  }
}

/** The store's prepared statements. */
export interface Statements {
  insertRoom: Statement<[Omit<RoomRow, 'last_seq'>], RoomRow>
  selectRoom: Statement<[id: string], RoomRow>
  selectRooms: Statement<[], RoomRow>
  renameRoom: Statement<[name: string, id: string]>
  updateRoom: Statement<[RoomUpdate], RoomRow>
  setRoomEpoch: Statement<[epoch: string, id: string]>
  deleteRoom: Statement<[id: string]>
  nextSeq: Statement<[id: string], { last_seq: number }>
  insertEvent: Statement<[EventRow]>
  selectEventByKey: Statement<[room: string, senderId: string, clientMsgId: string], EventRow>
  selectLatestEvents: Statement<[room: string, limit: number], EventRow>
  selectEventsBefore: Statement<[room: string, seq: number, limit: number], EventRow>
  selectEventsAfter: Statement<[room: string, seq: number, limit: number], EventRow>
  insertUser: Statement<[UserRow]>
  selectUser: Statement<[id: string], UserRow>
  renameUser: Statement<[name: string, id: string]>
  upsertSession: Statement<[SessionRow]>
  selectLiveSession: Statement<[tokenHash: string, now: number], SessionRow>
  extendSession: Statement<[expiresAt: number, tokenHash: string]>
  deleteSession: Statement<[tokenHash: string]>
  deleteExpiredSessions: Statement<[now: number]>
  insertMember: Statement<[room: string, userId: string, since: number, room: string]>
  deleteMember: Statement<[room: string, userId: string]>
  selectMembers: Statement<[room: string], { user_id: string }>
  selectRoomsOf: Statement<[userId: string], { room_id: string }>
  setMemberNotify: Statement<[notify: string | null, room: string, userId: string]>
  selectNotifyLevels: Statement<[userId: string], { room_id: string; notify: string }>
}

/** The parameters of `updateRoom`: NULL keeps a column. */
export interface RoomUpdate {
  id: string
  name: string | null
  retention: string | null
  settings: string | null
}
