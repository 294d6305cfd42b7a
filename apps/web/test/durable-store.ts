import { LanchatClient, type ChatMessage } from '@lanchat/client'
import Database from 'better-sqlite3'
import { expect, onTestFinished } from 'vitest'

/** A message the server acknowledged: it promised it was stored under this seq. */
export interface Ack {
  room: string
  seq: number
  clientMsgId: string
  senderId: string
}

/**
 * An SDK client that reconnects quickly and keeps sending to `rooms`, in turn, every `intervalMs` (under the
 * server's rate limit), recording every ack. Messages written while the server is down wait in its outbox and go
 * out again, with their key, once it is back.
 */
export class ChattyClient {
  readonly client: LanchatClient
  readonly acks: Ack[] = []
  readonly failures: string[] = []
  #timer: NodeJS.Timeout | undefined
  #count = 0

  private constructor(client: LanchatClient) {
    this.client = client
  }

  static async connect(url: string, name: string, rooms: readonly string[] = ['lobby']): Promise<ChattyClient> {
    const client = new LanchatClient({ url, name, reconnect: { initialDelayMs: 50, maxDelayMs: 250 } })
    onTestFinished(() => client.close())
    await client.connect()
    for (const room of rooms) await client.join(room)
    return new ChattyClient(client)
  }

  /** Starts sending to `rooms` in turn. */
  start(rooms: readonly string[], intervalMs = 120): void {
    const name = this.client.user?.name ?? '?'
    this.#timer = setInterval(() => {
      const room = rooms[this.#count % rooms.length] as string
      const outgoing = this.client.send(room, `${name} ${this.#count++}`)
      outgoing.acked.then(
        (message) => this.acks.push(ack(message)),
        (error: Error) => this.failures.push(`${outgoing.clientMsgId}: ${error.message}`),
      )
    }, intervalMs)
  }

  /** Stops sending and waits until nothing is pending any more. */
  async stop(timeoutMs = 10_000): Promise<void> {
    clearInterval(this.#timer)
    const deadline = Date.now() + timeoutMs
    while (this.client.outbox.some((outgoing) => outgoing.state === 'pending')) {
      if (Date.now() > deadline) throw new Error(`${this.client.user?.name} still has pending messages`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

function ack(message: ChatMessage): Ack {
  return { room: message.room, seq: message.seq, clientMsgId: message.clientMsgId, senderId: message.from.id }
}

/**
 * Opens an SQLite file read-only (a second connection is fine while a server uses it: WAL) and checks that it is
 * sound and holds every ack: SQLite's integrity check passes; each acked seq is stored with the acked key and
 * sender; each room's seqs run from 1 without a hole up to its `last_seq`; no sender's key is stored twice.
 */
export function expectDatabaseHolds(path: string, acks: readonly Ack[]): void {
  const database = new Database(path, { readonly: true, fileMustExist: true })
  try {
    expect(database.pragma('integrity_check', { simple: true })).toBe('ok')
    const event = database.prepare('SELECT client_msg_id, sender_id FROM room_events WHERE room_id = ? AND seq = ?')
    for (const expected of acks) {
      const stored = event.get(expected.room, expected.seq) as { client_msg_id: string; sender_id: string } | undefined
      expect(stored, `${expected.room} #${expected.seq}`).toEqual({
        client_msg_id: expected.clientMsgId,
        sender_id: expected.senderId,
      })
    }
    const rooms = database.prepare('SELECT id, last_seq FROM rooms').all() as Array<{ id: string; last_seq: number }>
    const seqs = database.prepare('SELECT seq FROM room_events WHERE room_id = ? ORDER BY seq')
    for (const room of rooms) {
      const stored = seqs.pluck().all(room.id) as number[]
      expect(stored, `seqs of ${room.id}`).toEqual(Array.from({ length: room.last_seq }, (_, index) => index + 1))
    }
    const twice = database
      .prepare(
        'SELECT sender_id, client_msg_id FROM room_events WHERE client_msg_id IS NOT NULL GROUP BY sender_id, client_msg_id HAVING COUNT(*) > 1',
      )
      .all()
    expect(twice).toEqual([])
  } finally {
    database.close()
  }
}
