import type { ChatMessage, Member, OutgoingMessage, RoomTimelineSnapshot, TimelineEntry } from '@lanchat/client'
import { LanchatServerError } from '@lanchat/client'
import { describe, expect, it } from 'vitest'
import { displayEntries, gapText, lineKey, type DisplayEntry } from './display-entries.js'

const maria: Member = { id: 'u-maria', name: 'Maria', account: true }
const otherMaria: Member = { id: 'u-maria-2', name: 'maria' }
const pete: Member = { id: 'u-pete', name: 'Pete' }

function message(seq: number, from: Member, text = `message ${seq}`): TimelineEntry {
  const stored: ChatMessage = { id: `m${seq}`, seq, room: 'lobby', from, text, ts: 1_700_000_000_000 + seq, clientMsgId: `c${seq}`, kind: 'user' }
  return { kind: 'message', key: `message:m${seq}`, message: stored, own: from.id === pete.id }
}

function snapshot(entries: TimelineEntry[], members: Member[] = []): RoomTimelineSnapshot {
  return {
    room: { id: 'lobby', name: 'Lobby', kind: 'lobby', epoch: 'e1', lastSeq: 10, createdAt: 0 },
    entries,
    members,
    typing: [],
    unread: 0,
    firstUnreadKey: undefined,
    hasMore: false,
    loadingOlder: false,
  }
}

const context = { userId: pete.id, sentAt: () => 42 }

describe('displayEntries', () => {
  it('should keep the timeline order and label authors, tagging look-alike names and marking accounts', () => {
    // Stored messages carry no account flag: the member list says who has an account.
    const mariaAsAuthor: Member = { id: maria.id, name: maria.name }
    const entries = displayEntries(snapshot([message(1, mariaAsAuthor), message(2, otherMaria), message(3, pete)], [pete, maria]), context)
    expect(entries.map((entry) => entry.key)).toEqual(['message:m1', 'message:m2', 'message:m3'])
    const authors = entries.map((entry) => (entry.kind === 'message' ? entry.author : ''))
    expect(authors[0]).toMatch(/^Maria · [0-9a-f]{4} ✓$/)
    expect(authors[1]).toMatch(/^maria · [0-9a-f]{4}$/)
    expect(authors[2]).toBe('Pete')
    expect(entries[2]).toMatchObject({ kind: 'message', own: true })
  })

  it("should mark others' messages that mention you by your current name, never your own", () => {
    const entries = displayEntries(
      snapshot([message(1, maria, 'hey @pete, look'), message(2, maria, 'no mention of Pete'), message(3, pete, 'me, @Pete')]),
      { ...context, userName: 'Pete' },
    )
    expect(entries.map((entry) => (entry.kind === 'message' ? entry.mention : 'x'))).toEqual(['Pete', undefined, undefined])
  })

  it('should show a change to the room (a system message with an event) as a dim notice in the server\'s words', () => {
    const change: TimelineEntry = {
      kind: 'message',
      key: 'message:m7',
      own: false,
      message: { id: 'm7', seq: 7, room: 'lobby', from: maria, text: 'Maria set the topic to "deploys \u001b[2Jat 5"', ts: 5, clientMsgId: 'c7', kind: 'system', event: { type: 'room.topic', topic: 'deploys at 5' } },
    }
    expect(displayEntries(snapshot([change]), context)).toEqual([{ kind: 'notice', key: 'message:m7', ts: 5, text: 'Maria set the topic to "deploys at 5"', tone: 'event' }])
  })

  it('should put notices into words and leave out those about yourself', () => {
    const entries = displayEntries(
      snapshot([
        { kind: 'notice', key: 'line:1', event: 'joined', member: maria, ts: 1 },
        { kind: 'notice', key: 'line:2', event: 'disconnected', member: otherMaria, ts: 2 },
        { kind: 'notice', key: 'line:3', event: 'renamed', member: { id: 'u-x', name: 'New\x1b[2J' }, previousName: 'Old', ts: 3 },
        { kind: 'notice', key: 'line:4', event: 'left', member: pete, ts: 4 },
      ]),
      context,
    )
    expect(entries).toEqual<DisplayEntry[]>([
      { kind: 'notice', key: 'line:1', ts: 1, text: 'Maria joined', tone: 'join' },
      { kind: 'notice', key: 'line:2', ts: 2, text: 'maria lost their connection', tone: 'leave' },
      { kind: 'notice', key: 'line:3', ts: 3, text: 'Old is now New', tone: 'info' },
    ])
  })

  it('should show outgoing messages as pending, with why a failed one was not sent', () => {
    const pending: OutgoingMessage = { clientMsgId: 'a1', room: 'lobby', text: 'on its way', state: 'pending', acked: new Promise(() => {}) }
    const error = new LanchatServerError({ code: 'ROOM_NOT_FOUND', message: 'Room gone', ref: '1' } as ConstructorParameters<typeof LanchatServerError>[0])
    const failed = { ...pending, clientMsgId: 'a2', text: 'lost', state: 'failed', error } as OutgoingMessage
    const entries = displayEntries(
      snapshot([
        { kind: 'outgoing', key: 'outgoing:a1', outgoing: pending },
        { kind: 'outgoing', key: 'outgoing:a2', outgoing: failed },
      ]),
      context,
    )
    expect(entries).toEqual([
      { kind: 'pending', key: 'outgoing:a1', clientMsgId: 'a1', text: 'on its way', ts: 42, failed: undefined },
      { kind: 'pending', key: 'outgoing:a2', clientMsgId: 'a2', text: 'lost', ts: 42, failed: 'no such room' },
    ])
    expect(entries.map(lineKey)).toEqual([undefined, 'outgoing:a2:failed'])
  })

  it('should show notes with their level as tone, and a gap with how many messages it may hold at most', () => {
    const entries = displayEntries(
      snapshot([
        message(4, maria),
        { kind: 'gap', key: 'gap:4', after: 4, before: 1240, loading: false },
        { kind: 'note', key: 'line:5', text: 'Reconnected.', level: 'info', ts: 5 },
        { kind: 'note', key: 'line:6', text: 'Could not load', level: 'error', ts: 6 },
      ]),
      context,
    )
    expect(entries.slice(1)).toEqual([
      { kind: 'gap', key: 'gap:4', missing: 1235, loading: false },
      { kind: 'notice', key: 'line:5', ts: 5, text: 'Reconnected.', tone: 'info' },
      { kind: 'notice', key: 'line:6', ts: 6, text: 'Could not load', tone: 'error' },
    ])
  })
})

describe('gapText', () => {
  it('should say how many earlier messages are not shown and how to load them', () => {
    expect(gapText({ kind: 'gap', key: 'gap:4', missing: 1235, loading: false }, 'PageUp or /more')).toBe(
      '… 1,235 earlier messages not shown — PageUp or /more to load',
    )
    expect(gapText({ kind: 'gap', key: 'gap:4', missing: 1, loading: false }, '/more')).toBe('… 1 earlier message not shown — /more to load')
    expect(gapText({ kind: 'gap', key: 'gap:4', missing: 3, loading: true }, '/more')).toBe('… loading 3 earlier messages…')
  })
})
