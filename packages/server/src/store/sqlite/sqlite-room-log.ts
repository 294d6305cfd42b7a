import { randomUUID } from 'node:crypto'
import { StoreRoomNotFoundError, type AppendResult, type EventPage, type RoomEventDraft, type RoomLogStore } from '../store.js'
import { messageBody } from '../documents.js'
import { eventFromRow, type EventRow } from './rows.js'
import type { Statements } from './statements.js'
import type { StoreContext } from './store-context.js'

/** The rooms' logs in SQLite: appends go through the group commit, pages are single indexed range scans. */
export function sqliteRoomLog({ statements, read, write }: StoreContext): RoomLogStore {
  return {
    append: async (draft) => {
      // Copied at once (the event as the text it is stored as): the caller may reuse its draft before the batch runs.
      const copy: RoomEventDraft = { type: draft.type, message: { ...draft.message, from: { ...draft.message.from } } }
      const body = messageBody(draft.message.event)
      return write(() => appendEvent(statements, copy, body))
    },
    latest: (room, limit) =>
      read(() => newestFirstPage(statements.selectLatestEvents.all(room, pageSize(limit) + 1), limit)),
    before: (room, seq, limit) =>
      read(() => newestFirstPage(statements.selectEventsBefore.all(room, seq, pageSize(limit) + 1), limit)),
    after: (room, seq, limit) =>
      read(() => {
        const rows = statements.selectEventsAfter.all(room, seq, pageSize(limit) + 1)
        return { events: rows.slice(0, pageSize(limit)).map(eventFromRow), hasMore: rows.length > pageSize(limit) }
      }),
  }
}

/**
 * Runs inside the group commit's transaction, in its own savepoint. The key is looked up first, so a repeat,
 * even one queued in the same batch, finds the stored event; then the room's seq is taken and the event inserted.
 */
function appendEvent(statements: Statements, draft: RoomEventDraft, body: string | null): AppendResult {
  const { message } = draft
  const stored = statements.selectEventByKey.get(message.room, message.from.id, message.clientMsgId)
  if (stored !== undefined) return { event: eventFromRow(stored), duplicate: true }

  const next = statements.nextSeq.get(message.room)
  if (next === undefined) throw new StoreRoomNotFoundError(message.room)
  const row: EventRow = {
    room_id: message.room,
    seq: next.last_seq,
    id: `m-${randomUUID()}`,
    type: draft.type,
    ts: message.ts,
    sender_id: message.from.id,
    sender_name: message.from.name,
    kind: message.kind,
    client_msg_id: message.clientMsgId,
    text: message.text,
    body,
  }
  statements.insertEvent.run(row)
  return { event: eventFromRow(row), duplicate: false }
}

/** A limit as a row count: negative and fractional limits count as the whole number below, at least 0. */
function pageSize(limit: number): number {
  return Math.max(0, Math.floor(limit))
}

/** Turns rows read newest first (one more than the limit) into a page, oldest first. */
function newestFirstPage(rows: EventRow[], limit: number): EventPage {
  const size = pageSize(limit)
  return { events: rows.slice(0, size).reverse().map(eventFromRow), hasMore: rows.length > size }
}
