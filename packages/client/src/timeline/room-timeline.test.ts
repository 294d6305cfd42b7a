import { describe, expect, it } from 'vitest'
import type { ChatMessage, HistoryResult, RoomInfo } from '@lanchat/protocol'
import { LanchatError } from '../errors/lanchat-error.js'
import { Outbox } from '../outbox.js'
import { RoomTimeline, type RoomTimelineSource } from './room-timeline.js'
import type { TimelineEntry } from './timeline-entries.js'

const ROOM = 'k7m2qx'
const me = { id: 'u-me', name: 'Maria' }
const other = { id: 'u-other', name: 'Jonas' }

function message(seq: number, from = other): ChatMessage {
  return { id: `m-${seq}`, room: ROOM, seq, kind: 'user', from, text: `text ${seq}`, ts: 1_700_000_000_000 + seq, clientMsgId: `c-${from.id}-${seq}` }
}

function info(lastSeq: number, epoch = 'e1'): RoomInfo {
  return { id: ROOM, name: 'Study', kind: 'code', epoch, lastSeq, createdAt: 1_700_000_000_000 }
}

/** The room's history as the server would page it: newest below `before`, oldest first. */
function serverLog(upTo: number, missing: ReadonlySet<number> = new Set()) {
  const log = Array.from({ length: upTo }, (_, index) => message(index + 1)).filter((entry) => !missing.has(entry.seq))
  const requests: Array<{ before?: number; limit: number }> = []
  const source: RoomTimelineSource = {
    history: async (room, options): Promise<HistoryResult> => {
      requests.push(options)
      const older = log.filter((entry) => entry.seq < (options.before ?? Number.POSITIVE_INFINITY))
      const messages = older.slice(-options.limit)
      return { type: 'history.result', ref: '1', room, messages, hasMore: older.length > messages.length }
    },
    userId: () => me.id,
    listenerError: (error) => {
      throw error
    },
  }
  return { source, requests }
}

function timelineOf(messages: ChatMessage[], lastSeq: number, options: { hasMore?: boolean; maxEntries?: number; upTo?: number } = {}) {
  const { source, requests } = serverLog(options.upTo ?? lastSeq)
  const timeline = new RoomTimeline(
    { room: info(lastSeq), members: [me, other], messages, hasMore: options.hasMore ?? false },
    source,
    options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries },
  )
  return { timeline, requests }
}

function describeEntries(entries: readonly TimelineEntry[]): string[] {
  return entries.map((entry) => {
    switch (entry.kind) {
      case 'message':
        return `${entry.message.seq}`
      case 'outgoing':
        return `out:${entry.outgoing.text}:${entry.outgoing.state}`
      case 'notice':
        return `${entry.event}:${entry.member.name}`
      case 'gap':
        return `gap:${entry.after}-${entry.before}`
      case 'note':
        return `note:${entry.text}`
    }
  })
}

describe('RoomTimeline', () => {
  it('should hold each message once, at its seq, whatever order and however often it comes', () => {
    const { timeline } = timelineOf([message(1), message(2)], 2)
    for (const seq of [4, 3, 2, 5, 4, 1]) timeline.live(message(seq))
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['1', '2', '3', '4', '5'])
  })

  it('should place notices and notes after the message they followed', () => {
    const { timeline } = timelineOf([message(1)], 1)
    timeline.notice({ event: 'joined', member: other, ts: 1 })
    timeline.note('Created the room')
    timeline.live(message(2))
    timeline.notice({ event: 'renamed', member: { ...other, name: 'Jo' }, previousName: 'Jonas', ts: 2 })
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['1', 'joined:Jonas', 'note:Created the room', '2', 'renamed:Jo'])
  })

  it('should show an own message as outgoing, pending then failed, and as a message at its seq once stored', () => {
    const { timeline } = timelineOf([message(1)], 1)
    const outbox = new Outbox((outgoing) => timeline.outgoing(outgoing))
    outbox.add(ROOM, 'hello', 'c-1')
    outbox.add(ROOM, 'again', 'c-2')
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['1', 'out:hello:pending', 'out:again:pending'])

    outbox.fail('c-2', new LanchatError({ code: 'MESSAGE_REJECTED', message: 'no' }))
    timeline.live(message(2)) // someone else's message goes above the outgoing ones
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['1', '2', 'out:hello:pending', 'out:again:failed'])

    const stored = { ...message(3, me), text: 'hello', clientMsgId: 'c-1' }
    timeline.live(stored)
    outbox.settle('c-1', stored)
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['1', '2', '3', 'out:again:failed'])
    expect(timeline.snapshot.entries[2]).toMatchObject({ kind: 'message', own: true })

    outbox.discard('c-2', new LanchatError({ code: 'MESSAGE_DISCARDED', message: 'discarded' }))
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['1', '2', '3'])
    expect(timeline.snapshot.unread).toBe(1)
  })

  it('should count messages from others as unread while not visible, and mark where they start', () => {
    const { timeline } = timelineOf([message(1)], 1)
    timeline.live(message(2))
    timeline.live(message(3, me))
    timeline.live(message(4))
    expect(timeline.snapshot).toMatchObject({ unread: 2, firstUnreadKey: 'message:m-2' })
    timeline.setVisible(true)
    expect(timeline.snapshot).toMatchObject({ unread: 0, firstUnreadKey: undefined })
    timeline.live(message(5))
    expect(timeline.snapshot.unread).toBe(0)
    timeline.setVisible(false)
    timeline.live(message(6))
    timeline.markRead()
    expect(timeline.snapshot.unread).toBe(0)
  })

  it('should page older messages in before the first one held', async () => {
    const { timeline, requests } = timelineOf([message(9), message(10)], 10, { hasMore: true })
    await timeline.loadOlder(5)
    expect(requests).toEqual([{ before: 9, limit: 5 }])
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['4', '5', '6', '7', '8', '9', '10'])
    expect(timeline.snapshot).toMatchObject({ hasMore: true, loadingOlder: false })
    await timeline.loadOlder(5)
    expect(describeEntries(timeline.snapshot.entries)[0]).toBe('1')
    expect(timeline.snapshot.hasMore).toBe(false)
  })

  it('should show a resume that could not recover as a gap, and fill it page by page from its newest end', async () => {
    const { timeline, requests } = timelineOf([message(1), message(2)], 2, { upTo: 300 })
    timeline.resumed({ room: info(300), members: [me], messages: [message(299), message(300)], hasMore: true, recovered: false })
    timeline.live(message(299))
    timeline.live(message(300))
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['1', '2', 'gap:2-299', '299', '300'])

    await timeline.fillGap()
    expect(requests.at(-1)).toEqual({ before: 299, limit: 100 })
    expect(describeEntries(timeline.snapshot.entries).slice(0, 4)).toEqual(['1', '2', 'gap:2-199', '199'])
    await timeline.fillGap()
    await timeline.fillGap()
    const entries = describeEntries(timeline.snapshot.entries)
    expect(entries).toEqual(Array.from({ length: 300 }, (_, index) => `${index + 1}`))
  })

  it('should drop the rest of a gap the server has nothing of', async () => {
    const { source } = serverLog(10, new Set([3, 4, 5, 6, 7]))
    const timeline = new RoomTimeline({ room: info(2), members: [], messages: [message(1), message(2)], hasMore: false }, source)
    timeline.gap(2, 8)
    await timeline.fillGap()
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['1', '2'])
  })

  it('should start over on a new epoch but keep the outgoing messages', () => {
    const { timeline } = timelineOf([message(1), message(2)], 2)
    const outbox = new Outbox((outgoing) => timeline.outgoing(outgoing))
    outbox.add(ROOM, 'still mine', 'c-9')
    timeline.resumed({ room: info(1, 'e2'), members: [me], messages: [message(1)], hasMore: false, recovered: false })
    timeline.live({ ...message(1), id: 'new-1' })
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['1', 'out:still mine:pending'])
    expect(timeline.snapshot.room.epoch).toBe('e2')
  })

  it('should show what a resume could not recover in a room that was empty as a gap from its start', async () => {
    const { timeline } = timelineOf([], 0, { upTo: 150 })
    // As in the client: the room's state (with its new lastSeq) is updated before the timeline hears of the resume.
    timeline.roomState({ info: info(150), members: [me], typing: [], lastSeq: 148, notify: 'mentions' })
    timeline.resumed({ room: info(150), members: [me], messages: [message(149), message(150)], hasMore: true, recovered: false })
    timeline.live(message(149))
    timeline.live(message(150))
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['gap:0-149', '149', '150'])

    await timeline.fillGap()
    await timeline.fillGap()
    expect(describeEntries(timeline.snapshot.entries)).toEqual(Array.from({ length: 150 }, (_, index) => `${index + 1}`))
  })

  it('should keep at most maxEntries while visible and mark that older ones exist', () => {
    const { timeline } = timelineOf([], 0, { maxEntries: 3 })
    timeline.setVisible(true)
    for (let seq = 1; seq <= 5; seq++) timeline.live(message(seq))
    expect(describeEntries(timeline.snapshot.entries)).toEqual(['3', '4', '5'])
    expect(timeline.snapshot.hasMore).toBe(true)
  })

  it('should drop the oldest entries in batches, never holding more than an eighth over maxEntries', () => {
    const { timeline } = timelineOf([], 0, { maxEntries: 64 })
    timeline.setVisible(true)
    const sizes = new Set<number>()
    for (let seq = 1; seq <= 300; seq++) {
      timeline.live(message(seq))
      sizes.add(timeline.snapshot.entries.length)
    }
    expect(Math.max(...sizes)).toBe(64 + 64 / 8 - 1)
    // Sizes climb to the top and fall back to the limit, batch after batch: never one entry at a time.
    expect([...sizes].filter((size) => size > 64).length).toBe(64 / 8 - 1)
    expect(timeline.snapshot.entries.at(-1)).toMatchObject({ message: { seq: 300 } })
    expect(timeline.snapshot.hasMore).toBe(true)
  })

  it('should hand every subscriber a new snapshot on each change, and stop after unsubscribing', () => {
    const { timeline } = timelineOf([], 0)
    const seen: number[] = []
    const unsubscribe = timeline.subscribe((snapshot) => seen.push(snapshot.entries.length))
    timeline.live(message(1))
    const before = timeline.snapshot
    timeline.live(message(2))
    expect(timeline.snapshot).not.toBe(before)
    unsubscribe()
    timeline.live(message(3))
    expect(seen).toEqual([1, 2])
  })
})
