/**
 * Version 1 of the database: rooms, their event logs, users, sessions and memberships.
 *
 * Design notes:
 * - Tables are STRICT, so a wrong type is an error instead of a silently converted value.
 * - `room_events` is WITHOUT ROWID: its primary key `(room_id, seq)` is then the table's own b-tree, so a page of
 *   history is one contiguous range scan with no second lookup. Chat rows are small, which is where WITHOUT ROWID
 *   pays off. `rooms`, `users` and `sessions` are looked up only by their text key, so they are WITHOUT ROWID too.
 * - One event table for every kind of event, since all kinds share one `seq` per room. Messages, the hot path,
 *   get real columns (`kind`, `text`, `client_msg_id`), so the idempotency key is a plain UNIQUE constraint.
 *   Every event has an actor, so `sender_id` and `sender_name` are shared. Later kinds (edits, deletions,
 *   reactions) leave the message columns NULL and keep their own fields in the JSON `body`, so a new kind
 *   needs no migration. SQLite treats NULLs as distinct, so events without a `client_msg_id` never collide.
 * - `room_members` keeps its rowid: members are listed in the order they joined, and `since` can tie.
 *   `user_id` is not a foreign key because a room's members are not always stored users (guests, tests).
 * - Deleting a room cascades to its events (and so their idempotency keys) and its memberships.
 */
export const SCHEMA_V1 = `
CREATE TABLE rooms (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  epoch TEXT NOT NULL,
  retention TEXT NOT NULL,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID, STRICT;

CREATE TABLE room_events (
  room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  ts INTEGER NOT NULL,
  sender_id TEXT NOT NULL,
  sender_name TEXT NOT NULL,
  kind TEXT,
  client_msg_id TEXT,
  text TEXT,
  body TEXT,
  PRIMARY KEY (room_id, seq),
  UNIQUE (room_id, sender_id, client_msg_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID, STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID, STRICT;

CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE room_members (
  room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  since INTEGER NOT NULL,
  PRIMARY KEY (room_id, user_id)
) STRICT;

CREATE INDEX room_members_by_user ON room_members (user_id);
`

/**
 * Version 2: accounts and credentials.
 * - `accounts` adds a password to a user; `name_key` (the folded name) is UNIQUE, so two accounts can never look
 *   alike. Deleting the user deletes the account.
 * - `credentials` holds account sessions and one-time secrets (device links, reset links, the setup link, recovery
 *   codes) by the sha256 of the secret. `user_id` is NULL only for the setup link, which belongs to no one yet.
 *   Deleting an account deletes its credentials (by user id, in the same transaction).
 */
export const SCHEMA_V2 = `
CREATE TABLE accounts (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  admin INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) WITHOUT ROWID, STRICT;

CREATE TABLE credentials (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
  label TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  last_used_at INTEGER NOT NULL
) WITHOUT ROWID, STRICT;

CREATE INDEX credentials_by_user ON credentials (user_id, kind);
CREATE INDEX credentials_by_expiry ON credentials (expires_at) WHERE expires_at IS NOT NULL;
`

/**
 * Version 3: private rooms, roles and notification levels.
 * - `rooms.settings` is the room's settings document (access, topic, owner, moderators, muted, bans, invites, the
 *   people of a direct conversation, kept), JSON text written whole: every list in it is small and bounded, and
 *   only the chat core reads inside it. Rooms made before version 3 get `{}`.
 * - `room_members.notify` is the level a member chose for the room (`all`, `mentions`, `none`); NULL for the
 *   default. It goes with the membership.
 * - A message that records a change to its room keeps that change in `room_events.body` (`{"event": …}`), the JSON
 *   column version 1 made for such fields, so the event log itself needs no change.
 */
export const SCHEMA_V3 = `
ALTER TABLE rooms ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE room_members ADD COLUMN notify TEXT;
`
