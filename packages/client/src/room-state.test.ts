import { describe, expect, it, onTestFinished } from 'vitest'
import type { ChatMessage, Member, RoomInfo, RoomSnapshot } from '@lanchat/protocol'
import { RoomStates } from './room-state.js'

const maria: Member = { id: 'u-maria', name: 'Maria' }
const pete: Member = { id: 'u-pete', name: 'Pete' }

function info(overrides: Partial<RoomInfo> = {}): RoomInfo {
  return { id: 'k7m2qx', name: 'Study group', kind: 'code', epoch: 'e1', lastSeq: 0, createdAt: 0, ...overrides }
}

function message(seq: number, from: Member = pete, room = 'k7m2qx'): ChatMessage {
  return { id: `m-${seq}`, room, seq, kind: 'user', from, text: `text ${seq}`, ts: seq, clientMsgId: `c-${seq}` }
}

function snapshot(messages: ChatMessage[], overrides: Partial<RoomInfo> = {}): RoomSnapshot {
  return { room: info({ lastSeq: messages.at(-1)?.seq ?? 0, ...overrides }), members: [maria, pete], messages, hasMore: false }
}

function setup(typingTimeoutMs = 6000) {
  const changes: string[] = []
  const rooms = new RoomStates((room) => changes.push(room), () => typingTimeoutMs)
  onTestFinished(() => rooms.clear())
  return { rooms, changes }
}

describe('RoomStates', () => {
  it('should continue after the messages of a join reply', () => {
    const { rooms, changes } = setup()
    rooms.joined(snapshot([message(1), message(2)]))
    expect(rooms.view.get('k7m2qx')).toMatchObject({ lastSeq: 2, members: [maria, pete], typing: [] })
    expect(changes).toEqual(['k7m2qx'])
    expect(rooms.accept(message(2))).toBe(false)
    expect(rooms.accept(message(3))).toBe(true)
    expect(rooms.view.get('k7m2qx')?.lastSeq).toBe(3)
    expect(rooms.view.get('k7m2qx')?.info.lastSeq).toBe(3)
  })

  it('should continue after the room lastSeq when a join reply carries no messages', () => {
    const { rooms } = setup()
    rooms.joined({ ...snapshot([]), room: info({ lastSeq: 41 }) })
    expect(rooms.accept(message(41))).toBe(false)
    expect(rooms.accept(message(42))).toBe(true)
  })

  it('should accept each seq once and never one at or below the last accepted', () => {
    const { rooms } = setup()
    rooms.joined(snapshot([]))
    const accepted = [1, 2, 2, 1, 3, 5, 4, 5, 6].filter((seq) => rooms.accept(message(seq)))
    expect(accepted).toEqual([1, 2, 3, 5, 6])
  })

  it('should deliver messages of a room it does not know once as well', () => {
    const { rooms } = setup()
    expect([9, 9, 10].map((seq) => rooms.accept(message(seq, pete, 'lobby')))).toEqual([true, false, true])
  })

  it('should resume where the app stood when the server recovered the gap', () => {
    const { rooms } = setup()
    rooms.joined(snapshot([message(1), message(2)]))
    const replay = rooms.resumed({ ...snapshot([message(2), message(3), message(4)]), recovered: true })
    expect(replay.filter((candidate) => rooms.accept(candidate)).map((accepted) => accepted.seq)).toEqual([3, 4])
  })

  it('should restart the timeline after a resume that did not recover, even with lower seqs', () => {
    const { rooms } = setup()
    rooms.joined(snapshot([message(7), message(8)]))
    const page = rooms.resumed({ ...snapshot([message(1), message(2)], { epoch: 'e2' }), recovered: false })
    expect(page.filter((candidate) => rooms.accept(candidate)).map((accepted) => accepted.seq)).toEqual([1, 2])
    expect(rooms.view.get('k7m2qx')).toMatchObject({ lastSeq: 2, info: { epoch: 'e2' } })
    expect(rooms.resumePoints()).toEqual([{ room: 'k7m2qx', epoch: 'e2', lastSeq: 2 }])
  })

  it('should give a resume point per room', () => {
    const { rooms } = setup()
    rooms.joined(snapshot([message(1)]))
    rooms.joined({ ...snapshot([], { id: 'lobby', kind: 'lobby', epoch: 'l1' }) })
    rooms.accept(message(2))
    expect(rooms.resumePoints()).toEqual([
      { room: 'k7m2qx', epoch: 'e1', lastSeq: 2 },
      { room: 'lobby', epoch: 'l1', lastSeq: 0 },
    ])
  })

  it('should follow members joining, leaving and renaming', () => {
    const { rooms, changes } = setup()
    rooms.joined({ ...snapshot([]), members: [maria] })
    rooms.memberJoined({ type: 'member.joined', room: 'k7m2qx', member: pete, ts: 1 })
    rooms.memberJoined({ type: 'member.joined', room: 'k7m2qx', member: pete, ts: 2 })
    expect(rooms.view.get('k7m2qx')?.members).toEqual([maria, pete])
    rooms.memberUpdated({ type: 'member.updated', room: 'k7m2qx', member: { ...pete, name: 'Peter' }, previousName: 'Pete' })
    expect(rooms.view.get('k7m2qx')?.members.map((member) => member.name)).toEqual(['Maria', 'Peter'])
    rooms.memberLeft({ type: 'member.left', room: 'k7m2qx', member: pete, reason: 'left', ts: 3 })
    expect(rooms.view.get('k7m2qx')?.members).toEqual([maria])
    expect(changes).toHaveLength(5)
  })

  it('should replace the state object on every change', () => {
    const { rooms } = setup()
    rooms.joined(snapshot([]))
    const before = rooms.view.get('k7m2qx')
    rooms.memberLeft({ type: 'member.left', room: 'k7m2qx', member: pete, reason: 'left', ts: 3 })
    expect(rooms.view.get('k7m2qx')).not.toBe(before)
    expect(before?.members).toEqual([maria, pete])
  })

  it('should track typing members until they stop, send a message or leave', () => {
    const { rooms } = setup()
    rooms.joined(snapshot([]))
    const typing = () => rooms.view.get('k7m2qx')?.typing.map((member) => member.name)
    rooms.typingChanged({ type: 'typing.changed', room: 'k7m2qx', member: pete, typing: true })
    rooms.typingChanged({ type: 'typing.changed', room: 'k7m2qx', member: maria, typing: true })
    expect(typing()).toEqual(['Pete', 'Maria'])
    rooms.typingChanged({ type: 'typing.changed', room: 'k7m2qx', member: maria, typing: false })
    expect(typing()).toEqual(['Pete'])
    rooms.accept(message(1, pete))
    expect(typing()).toEqual([])
    rooms.typingChanged({ type: 'typing.changed', room: 'k7m2qx', member: pete, typing: true })
    rooms.memberLeft({ type: 'member.left', room: 'k7m2qx', member: pete, reason: 'disconnected', ts: 3 })
    expect(typing()).toEqual([])
  })

  it('should expire a typing notice after the typing timeout', async () => {
    const { rooms, changes } = setup(20)
    rooms.joined(snapshot([]))
    rooms.typingChanged({ type: 'typing.changed', room: 'k7m2qx', member: pete, typing: true })
    expect(rooms.view.get('k7m2qx')?.typing).toEqual([pete])
    const expired = new Promise<void>((resolve) => {
      const check = () => (rooms.view.get('k7m2qx')?.typing.length === 0 ? resolve() : setTimeout(check, 5))
      check()
    })
    await expired
    expect(changes).toHaveLength(3)
  })

  it('should end typing notices when the connection is lost', () => {
    const { rooms } = setup()
    rooms.joined(snapshot([]))
    rooms.typingChanged({ type: 'typing.changed', room: 'k7m2qx', member: pete, typing: true })
    rooms.connectionLost()
    expect(rooms.view.get('k7m2qx')?.typing).toEqual([])
  })

  it('should ignore events of rooms it is not in', () => {
    const { rooms, changes } = setup()
    rooms.memberJoined({ type: 'member.joined', room: 'elsewhere', member: pete, ts: 1 })
    rooms.typingChanged({ type: 'typing.changed', room: 'elsewhere', member: pete, typing: true })
    expect(rooms.view.size).toBe(0)
    expect(changes).toEqual([])
  })

  it('should forget a room that was left, and everything on clear', () => {
    const { rooms, changes } = setup()
    rooms.joined(snapshot([message(1)]))
    rooms.joined(snapshot([], { id: 'lobby' }))
    expect(rooms.remove('k7m2qx')).toBe(true)
    expect(rooms.remove('k7m2qx')).toBe(false)
    rooms.clear()
    expect(rooms.view.size).toBe(0)
    expect(changes).toEqual(['k7m2qx', 'lobby', 'k7m2qx', 'lobby'])
  })
})
