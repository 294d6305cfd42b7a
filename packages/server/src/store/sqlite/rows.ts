import type { MessageKind, RoomKind } from '@lanchat/protocol'
import { eventOfBody, settingsFromJson, withEvent } from '../documents.js'
import type { RoomEvent, RoomRetention, StoredRoom, StoredSession, StoredUser } from '../store.js'

// Rows as SQLite returns them, and their mapping to the store's records. Records are frozen, like the memory
// store's, so a caller cannot change what another caller reads.

export interface RoomRow {
  id: string
  name: string
  kind: string
  epoch: string
  retention: string
  created_by: string | null
  created_at: number
  last_seq: number
  /** The settings document, JSON. */
  settings: string
}

export interface EventRow {
  room_id: string
  seq: number
  id: string
  type: string
  ts: number
  sender_id: string
  sender_name: string
  kind: string | null
  client_msg_id: string | null
  text: string | null
  body: string | null
}

export interface UserRow {
  id: string
  name: string
  created_at: number
}

export interface SessionRow {
  token_hash: string
  user_id: string
  created_at: number
  expires_at: number
}

export function roomFromRow(row: RoomRow): StoredRoom {
  return Object.freeze({
    id: row.id,
    name: row.name,
    kind: row.kind as RoomKind,
    epoch: row.epoch,
    retention: row.retention as RoomRetention,
    createdBy: row.created_by ?? undefined,
    createdAt: row.created_at,
    lastSeq: row.last_seq,
    settings: settingsFromJson(row.settings),
  })
}

/**
 * Rebuilds an event; the only kind so far is `message.created`, whose columns are never NULL. Its `body` holds the
 * message's `event`, if any.
 */
export function eventFromRow(row: EventRow): RoomEvent {
  if (row.type !== 'message.created') throw new Error(`unknown event type "${row.type}" at ${row.room_id}#${row.seq}`)
  const message = withEvent(
    {
      id: row.id,
      room: row.room_id,
      seq: row.seq,
      kind: row.kind as MessageKind,
      from: Object.freeze({ id: row.sender_id, name: row.sender_name }),
      text: row.text ?? '',
      ts: row.ts,
      clientMsgId: row.client_msg_id ?? '',
    },
    eventOfBody(row.body),
  )
  return Object.freeze({ type: 'message.created', room: row.room_id, seq: row.seq, ts: row.ts, message })
}

export function userFromRow(row: UserRow): StoredUser {
  return Object.freeze({ id: row.id, name: row.name, createdAt: row.created_at })
}

export function sessionFromRow(row: SessionRow): StoredSession {
  return Object.freeze({
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  })
}
