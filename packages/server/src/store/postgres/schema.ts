import type { ColumnType } from 'kysely'

/**
 * The tables as Kysely sees them. Integers are BIGINT (server times in ms do not fit in 32 bits); the store's pool
 * parses them into numbers, which is exact below 2^53.
 */
export interface Database {
  rooms: RoomsTable
  room_events: RoomEventsTable
  users: UsersTable
  sessions: SessionsTable
  room_members: RoomMembersTable
  accounts: AccountsTable
  credentials: CredentialsTable
}

export interface RoomsTable {
  id: string
  name: string
  kind: string
  epoch: string
  retention: string
  created_by: string | null
  created_at: number
  last_seq: number
  /** The settings document: JSONB, read back parsed, written as JSON text. */
  settings: ColumnType<object, string | undefined, string>
}

export interface RoomEventsTable {
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

export interface UsersTable {
  id: string
  name: string
  created_at: number
}

export interface SessionsTable {
  token_hash: string
  user_id: string
  created_at: number
  expires_at: number
}

export interface RoomMembersTable {
  room_id: string
  user_id: string
  since: number
  /** Insertion order: members are listed in the order they joined, and `since` can tie. */
  ord: number
  /** The notification level the member chose; NULL for the default. */
  notify: string | null
}

export interface AccountsTable {
  user_id: string
  name: string
  name_key: string
  password_hash: string
  admin: boolean
  disabled: boolean
  created_at: number
}

export interface CredentialsTable {
  token_hash: string
  kind: string
  user_id: string | null
  label: string | null
  created_at: number
  expires_at: number | null
  last_used_at: number
}
