import type { Kysely, Migration, MigrationProvider, sql as SqlTag } from 'kysely'

/**
 * The schema, as Kysely migrations run at boot by `openPostgresStore` (Kysely's `Migrator` takes a lock, so two
 * nodes starting together migrate once). Append only; never edit a migration that has shipped.
 *
 * Design notes (the SQLite schema's, where PostgreSQL does not differ):
 * - Times are BIGINT milliseconds, as everywhere in lanchat.
 * - `room_events` has the primary key `(room_id, seq)`, so a page of history is one index range scan, and the
 *   idempotency key `(room_id, sender_id, client_msg_id)` is a UNIQUE constraint (NULLs never collide).
 * - `room_members.ord` is an identity column: members are listed in the order they joined, and `since` can tie.
 * - `lanchat_append_messages` appends a batch of one room's messages in one round trip and one transaction: it
 *   locks the room's row (`FOR UPDATE`), so appends to one room from every node queue on that lock; then for each
 *   message, in order, looks up the idempotency key (a statement that starts after the lock is held sees every
 *   earlier append committed, and the batch's own) and, unless it is a repeat, takes the next seq and inserts. A
 *   repeat returns the stored event with `duplicate`; a missing room returns no row. No gap, no duplicate seq.
 * - 0002: `rooms.settings` is the room's settings document (JSONB, written whole; `{}` for rooms made before), and
 *   `room_members.notify` the level a member chose (NULL: the default). A message that records a change to its room
 *   keeps it in `room_events.body` (`{"event": …}`), so `lanchat_append_messages` gains a version with `p_bodies`
 *   that also returns the stored body of a repeat. The eight-argument version stays, so nodes still running the
 *   previous lanchat during a rolling upgrade keep appending (their messages have no body).
 */
export function postgresMigrations(sql: typeof SqlTag): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await sql`
          CREATE TABLE rooms (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            epoch TEXT NOT NULL,
            retention TEXT NOT NULL,
            created_by TEXT,
            created_at BIGINT NOT NULL,
            last_seq BIGINT NOT NULL DEFAULT 0
          );

          CREATE TABLE room_events (
            room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
            seq BIGINT NOT NULL,
            id TEXT NOT NULL,
            type TEXT NOT NULL,
            ts BIGINT NOT NULL,
            sender_id TEXT NOT NULL,
            sender_name TEXT NOT NULL,
            kind TEXT,
            client_msg_id TEXT,
            text TEXT,
            body TEXT,
            PRIMARY KEY (room_id, seq),
            UNIQUE (room_id, sender_id, client_msg_id)
          );

          CREATE TABLE users (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at BIGINT NOT NULL
          );

          CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
          );
          CREATE INDEX sessions_by_expiry ON sessions (expires_at);
          CREATE INDEX sessions_by_user ON sessions (user_id);

          CREATE TABLE room_members (
            room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
            user_id TEXT NOT NULL,
            since BIGINT NOT NULL,
            ord BIGINT GENERATED ALWAYS AS IDENTITY,
            PRIMARY KEY (room_id, user_id)
          );
          CREATE INDEX room_members_by_user ON room_members (user_id);

          CREATE TABLE accounts (
            user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            admin BOOLEAN NOT NULL DEFAULT FALSE,
            disabled BOOLEAN NOT NULL DEFAULT FALSE,
            created_at BIGINT NOT NULL
          );

          CREATE TABLE credentials (
            token_hash TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
            label TEXT,
            created_at BIGINT NOT NULL,
            expires_at BIGINT,
            last_used_at BIGINT NOT NULL
          );
          CREATE INDEX credentials_by_user ON credentials (user_id, kind);
          CREATE INDEX credentials_by_expiry ON credentials (expires_at) WHERE expires_at IS NOT NULL;

          CREATE FUNCTION lanchat_append_messages(
            p_room TEXT, p_ids TEXT[], p_ts BIGINT[], p_sender_ids TEXT[], p_sender_names TEXT[],
            p_kinds TEXT[], p_client_msg_ids TEXT[], p_texts TEXT[]
          ) RETURNS TABLE (
            out_index INT, out_seq BIGINT, out_id TEXT, out_ts BIGINT, out_sender_name TEXT, out_kind TEXT,
            out_text TEXT, out_duplicate BOOLEAN
          ) LANGUAGE plpgsql AS $fn$
          DECLARE
            v_seq BIGINT;
            v_i INT;
            v_found RECORD;
          BEGIN
            SELECT r.last_seq INTO v_seq FROM rooms r WHERE r.id = p_room FOR UPDATE;
            IF NOT FOUND THEN
              RETURN;
            END IF;
            FOR v_i IN 1 .. coalesce(array_length(p_ids, 1), 0) LOOP
              SELECT e.seq, e.id, e.ts, e.sender_name, e.kind, e.text INTO v_found
                FROM room_events e
                WHERE e.room_id = p_room AND e.sender_id = p_sender_ids[v_i] AND e.client_msg_id = p_client_msg_ids[v_i];
              out_index := v_i;
              IF FOUND THEN
                out_seq := v_found.seq;
                out_id := v_found.id;
                out_ts := v_found.ts;
                out_sender_name := v_found.sender_name;
                out_kind := v_found.kind;
                out_text := v_found.text;
                out_duplicate := TRUE;
              ELSE
                v_seq := v_seq + 1;
                INSERT INTO room_events (room_id, seq, id, type, ts, sender_id, sender_name, kind, client_msg_id, text)
                  VALUES (p_room, v_seq, p_ids[v_i], 'message.created', p_ts[v_i], p_sender_ids[v_i], p_sender_names[v_i],
                          p_kinds[v_i], p_client_msg_ids[v_i], p_texts[v_i]);
                out_seq := v_seq;
                out_id := p_ids[v_i];
                out_ts := p_ts[v_i];
                out_sender_name := p_sender_names[v_i];
                out_kind := p_kinds[v_i];
                out_text := p_texts[v_i];
                out_duplicate := FALSE;
              END IF;
              RETURN NEXT;
            END LOOP;
            UPDATE rooms SET last_seq = v_seq WHERE id = p_room;
          END
          $fn$;
        `.execute(db)
      },
    },
    '0002_room_settings': {
      async up(db: Kysely<unknown>) {
        await sql`
          ALTER TABLE rooms ADD COLUMN settings JSONB NOT NULL DEFAULT '{}'::jsonb;
          ALTER TABLE room_members ADD COLUMN notify TEXT;

          CREATE FUNCTION lanchat_append_messages(
            p_room TEXT, p_ids TEXT[], p_ts BIGINT[], p_sender_ids TEXT[], p_sender_names TEXT[],
            p_kinds TEXT[], p_client_msg_ids TEXT[], p_texts TEXT[], p_bodies TEXT[]
          ) RETURNS TABLE (
            out_index INT, out_seq BIGINT, out_id TEXT, out_ts BIGINT, out_sender_name TEXT, out_kind TEXT,
            out_text TEXT, out_body TEXT, out_duplicate BOOLEAN
          ) LANGUAGE plpgsql AS $fn$
          DECLARE
            v_seq BIGINT;
            v_i INT;
            v_found RECORD;
          BEGIN
            SELECT r.last_seq INTO v_seq FROM rooms r WHERE r.id = p_room FOR UPDATE;
            IF NOT FOUND THEN
              RETURN;
            END IF;
            FOR v_i IN 1 .. coalesce(array_length(p_ids, 1), 0) LOOP
              SELECT e.seq, e.id, e.ts, e.sender_name, e.kind, e.text, e.body INTO v_found
                FROM room_events e
                WHERE e.room_id = p_room AND e.sender_id = p_sender_ids[v_i] AND e.client_msg_id = p_client_msg_ids[v_i];
              out_index := v_i;
              IF FOUND THEN
                out_seq := v_found.seq;
                out_id := v_found.id;
                out_ts := v_found.ts;
                out_sender_name := v_found.sender_name;
                out_kind := v_found.kind;
                out_text := v_found.text;
                out_body := v_found.body;
                out_duplicate := TRUE;
              ELSE
                v_seq := v_seq + 1;
                INSERT INTO room_events (room_id, seq, id, type, ts, sender_id, sender_name, kind, client_msg_id, text, body)
                  VALUES (p_room, v_seq, p_ids[v_i], 'message.created', p_ts[v_i], p_sender_ids[v_i], p_sender_names[v_i],
                          p_kinds[v_i], p_client_msg_ids[v_i], p_texts[v_i], p_bodies[v_i]);
                out_seq := v_seq;
                out_id := p_ids[v_i];
                out_ts := p_ts[v_i];
                out_sender_name := p_sender_names[v_i];
                out_kind := p_kinds[v_i];
                out_text := p_texts[v_i];
                out_body := p_bodies[v_i];
                out_duplicate := FALSE;
              END IF;
              RETURN NEXT;
            END LOOP;
            UPDATE rooms SET last_seq = v_seq WHERE id = p_room;
          END
          $fn$;
        `.execute(db)
      },
    },
  }
  return { getMigrations: async () => migrations }
}
