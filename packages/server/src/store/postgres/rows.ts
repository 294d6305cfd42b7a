import type { MessageKind, RoomKind } from '@lanchat/protocol'
import type { Selectable } from 'kysely'
import { eventOfBody, settingsFromJson, withEvent } from '../documents.js'
import type { CredentialKind, RoomEvent, RoomRetention, StoredAccount, StoredCredential, StoredRoom, StoredSession, StoredUser } from '../store.js'
import type { AccountsTable, CredentialsTable, RoomEventsTable, RoomsTable, SessionsTable, UsersTable } from './schema.js'

// Rows as the pool returns them (BIGINTs already numbers), and their mapping to the store's records, frozen like
// the other stores' records.

export function roomFromRow(row: Selectable<RoomsTable>): StoredRoom {
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
export function eventFromRow(row: RoomEventsTable): RoomEvent {
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

export function userFromRow(row: UsersTable): StoredUser {
  return Object.freeze({ id: row.id, name: row.name, createdAt: row.created_at })
}

export function sessionFromRow(row: SessionsTable): StoredSession {
  return Object.freeze({ tokenHash: row.token_hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at })
}

export function accountFromRow(row: AccountsTable): StoredAccount {
  return Object.freeze({
    userId: row.user_id,
    name: row.name,
    nameKey: row.name_key,
    passwordHash: row.password_hash,
    admin: row.admin,
    disabled: row.disabled,
    createdAt: row.created_at,
  })
}

export function credentialFromRow(row: CredentialsTable): StoredCredential {
  return Object.freeze({
    tokenHash: row.token_hash,
    kind: row.kind as CredentialKind,
    userId: row.user_id ?? undefined,
    label: row.label ?? undefined,
    createdAt: row.created_at,
    expiresAt: row.expires_at ?? undefined,
    lastUsedAt: row.last_used_at,
  })
}
