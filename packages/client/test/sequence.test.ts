import { describe, expect, it } from 'vitest'
import type { ChatMessage, MessageCreated } from '@lanchat/protocol'
import { LanchatProtocolError } from '../src/index.js'
import { MAX_GAP_PAGES } from '../src/sequence-guard.js'
import { chatMessage, chatMessages, roomInfo } from './frames.js'
import { connectClient, joinRoom, record, sync, timeline, waitFor } from './helpers.js'
import type { PeerConnection } from './peer.js'
import { ScriptedPeer } from './peer.js'

const ROOM = 'k7m2qx'
const created = (message: ChatMessage): MessageCreated => ({ type: 'message.created', message })

/** The server's log of the room: answers `history.get` from it, as a server would. */
async function answerHistory(connection: PeerConnection, log: readonly ChatMessage[]): Promise<{ before?: number; limit?: number }> {
  const request = await connection.take('history.get')
  const before = request.before ?? Number.POSITIVE_INFINITY
  const limit = request.limit ?? 100
  const older = log.filter((message) => message.seq < before)
  const messages = older.slice(-limit)
  connection.send({ type: 'history.result', ref: request.id, room: request.room, messages, hasMore: older.length > messages.length })
  return request
}

async function joinedAt(seq: number) {
  const peer = await ScriptedPeer.start()
  const { client, connection } = await connectClient(peer)
  await joinRoom(client, connection, roomInfo(ROOM, { lastSeq: seq }), chatMessages(ROOM, 1, seq))
  return { client, connection, seen: timeline(client, ROOM), gaps: record(client, 'room.gap'), errors: record(client, 'error') }
}

describe('LanchatClient seq order and gaps', () => {
  it('should page a gap in the live stream and deliver the missing messages in order before the one after it', async () => {
    const { client, connection, seen, gaps, errors } = await joinedAt(1)
    const log = chatMessages(ROOM, 1, 12)
    connection.send(created(log[9] as ChatMessage)) // seq 10: 2–9 never came
    connection.send(created(log[10] as ChatMessage)) // seq 11 arrives while the gap is filled
    const request = await answerHistory(connection, log)
    expect(request).toMatchObject({ room: ROOM, before: 10, limit: 8 })
    connection.send(created(log[11] as ChatMessage))
    await waitFor(() => seen.length === 11, 'seqs 2–12')
    await sync(client, connection)

    expect(seen.map((message) => message.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(gaps).toEqual([{ room: ROOM, after: 1, before: 10, filled: true }])
    expect(errors).toEqual([])
    expect(client.rooms.get(ROOM)?.lastSeq).toBe(12)
  })

  it('should drop a seq the server history does not have (2^53 − 1) and still deliver the real messages after it', async () => {
    const { client, connection, seen, errors } = await joinedAt(3)
    const log = chatMessages(ROOM, 1, 5)
    connection.send(created(chatMessage(ROOM, Number.MAX_SAFE_INTEGER, { id: 'bogus' })))
    connection.send(created(log[3] as ChatMessage))
    connection.send(created(log[4] as ChatMessage))
    // The guard pages below the bogus seq, then asks whether the server has it at all.
    await answerHistory(connection, log)
    await answerHistory(connection, log)
    await waitFor(() => seen.length === 2, 'seqs 4 and 5')
    await sync(client, connection)

    expect(seen.map((message) => message.seq)).toEqual([4, 5])
    expect(errors).toHaveLength(1)
    expect(LanchatProtocolError.isInstance(errors[0])).toBe(true)
    expect(errors[0]?.message).toContain(String(Number.MAX_SAFE_INTEGER))
    expect(client.rooms.get(ROOM)?.lastSeq).toBe(5)
  })

  it('should drop a seq beyond any safe integer at once, without paging', async () => {
    const { client, connection, seen, errors } = await joinedAt(1)
    connection.send(created(chatMessage(ROOM, 1e300, { id: 'huge' })))
    connection.send(created(chatMessage(ROOM, 2)))
    await sync(client, connection)
    expect(seen.map((message) => message.seq)).toEqual([2])
    expect(errors.map((error) => error.code)).toEqual(['INVALID_FRAME'])
    expect(connection.frames.some((frame) => frame.type === 'history.get')).toBe(false)
  })

  it('should report a seq that goes backwards and deliver nothing twice', async () => {
    const { client, connection, seen, errors } = await joinedAt(0)
    for (const seq of [1, 2, 3, 2]) connection.send(created(chatMessage(ROOM, seq)))
    await sync(client, connection)
    expect(seen.map((message) => message.seq)).toEqual([1, 2, 3])
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toContain('seq 2')
  })

  it('should deliver a gap too long to page as an unfilled gap, in order, after at most a few pages', async () => {
    const { client, connection, seen, gaps } = await joinedAt(1)
    const log = chatMessages(ROOM, 1, 1_000)
    connection.send(created(log[999] as ChatMessage))
    for (let page = 0; page < MAX_GAP_PAGES; page++) await answerHistory(connection, log)
    await waitFor(() => seen.at(-1)?.seq === 1_000, 'seq 1000')
    await sync(client, connection)

    const seqs = seen.map((message) => message.seq)
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => 1_000 - seqs.length + 1 + index))
    expect(seqs.length).toBe(MAX_GAP_PAGES * 100 + 1)
    expect(gaps).toEqual([{ room: ROOM, after: 1, before: seqs[0], filled: false }])
    expect(connection.frames.filter((frame) => frame.type === 'history.get')).toHaveLength(MAX_GAP_PAGES)
  })

  it('should leave the gap to the resume when the connection drops while paging', async () => {
    const { client, connection, seen } = await joinedAt(1)
    connection.send(created(chatMessage(ROOM, 5)))
    await connection.take('history.get')
    connection.socket.terminate()
    await waitFor(() => client.state === 'reconnecting', 'reconnecting')
    expect(seen).toEqual([])
    expect(client.rooms.get(ROOM)?.lastSeq).toBe(1)
  })
})
