import { describe, expect, it } from 'vitest'
import type { MessageDraft } from './history-store.js'
import { MemoryHistoryStore } from './memory-history-store.js'

function draft(room: string, clientMsgId: string, userId = 'u-1'): MessageDraft {
  return { room, kind: 'user', from: { id: userId, name: 'Maria' }, text: `text ${clientMsgId}`, ts: 1_000, clientMsgId }
}

async function fill(store: MemoryHistoryStore, room: string, count: number): Promise<void> {
  for (let index = 1; index <= count; index++) await store.append(draft(room, `k${index}`))
}

describe('MemoryHistoryStore', () => {
  it('should number the messages of each room from 1 and give each a unique id', async () => {
    const store = new MemoryHistoryStore()
    const first = await store.append(draft('a', 'k1'))
    const second = await store.append(draft('a', 'k2'))
    const other = await store.append(draft('b', 'k1'))
    expect([first.message.seq, second.message.seq, other.message.seq]).toEqual([1, 2, 1])
    expect(new Set([first.message.id, second.message.id, other.message.id]).size).toBe(3)
    expect(first).toMatchObject({ duplicate: false, message: { room: 'a', kind: 'user', text: 'text k1', ts: 1_000 } })
  })

  it('should be idempotent on room, sender and clientMsgId', async () => {
    const store = new MemoryHistoryStore()
    const first = await store.append(draft('a', 'k1'))
    const again = await store.append({ ...draft('a', 'k1'), text: 'changed', ts: 2_000 })
    expect(again).toEqual({ message: first.message, duplicate: true })
    expect((await store.append(draft('a', 'k1', 'u-2'))).message.seq).toBe(2)
    expect((await store.latest('a', 10)).messages).toHaveLength(2)
  })

  it('should page backwards and forwards with hasMore', async () => {
    const store = new MemoryHistoryStore()
    await fill(store, 'a', 10)
    const seqs = (page: { messages: Array<{ seq: number }> }) => page.messages.map((message) => message.seq)
    const latest = await store.latest('a', 3)
    expect([seqs(latest), latest.hasMore]).toEqual([[8, 9, 10], true])
    const before = await store.before('a', 8, 3)
    expect([seqs(before), before.hasMore]).toEqual([[5, 6, 7], true])
    const oldest = await store.before('a', 3, 5)
    expect([seqs(oldest), oldest.hasMore]).toEqual([[1, 2], false])
    const after = await store.after('a', 6, 3)
    expect([seqs(after), after.hasMore]).toEqual([[7, 8, 9], true])
    const tail = await store.after('a', 8, 3)
    expect([seqs(tail), tail.hasMore]).toEqual([[9, 10], false])
    expect(await store.latest('nowhere', 5)).toEqual({ messages: [], hasMore: false })
    expect(await store.latest('a', 0)).toEqual({ messages: [], hasMore: true })
  })

  it('should forget a deleted room and start it again from seq 1', async () => {
    const store = new MemoryHistoryStore()
    await fill(store, 'a', 3)
    await store.deleteRoom('a')
    expect((await store.latest('a', 10)).messages).toEqual([])
    expect((await store.append(draft('a', 'k1'))).message.seq).toBe(1)
  })

  it('should keep at most maxMessagesPerRoom, continuing the seq', async () => {
    const store = new MemoryHistoryStore({ maxMessagesPerRoom: 10 })
    await fill(store, 'a', 30)
    const all = await store.latest('a', 100)
    expect(all.messages.length).toBeGreaterThanOrEqual(10)
    expect(all.messages.length).toBeLessThanOrEqual(11)
    expect(all.messages.at(-1)?.seq).toBe(30)
    expect(all.hasMore).toBe(false)
    const missed = await store.after('a', 2, 100)
    expect(missed.messages[0]?.seq).toBeGreaterThan(3)
  })

  it('should refuse work once closed', async () => {
    const store = new MemoryHistoryStore()
    await store.close()
    await expect(store.append(draft('a', 'k1'))).rejects.toThrow('closed')
  })
})
