import { describe, expect, it } from 'vitest'
import type { RoomInfo } from '@lanchat/protocol'
import { applyRoomChange, directName, notifyLevel, roleOf } from './room-info.js'

const maria = { id: 'u-maria', name: 'Maria' }
const pete = { id: 'u-pete', name: 'Pete' }
const ana = { id: 'u-ana', name: 'Ana' }
const room: RoomInfo = { id: 'design', name: 'Design', kind: 'named', epoch: 'e1', lastSeq: 0, createdAt: 1 }

describe('roleOf', () => {
  it('should tell the owner, a moderator and a plain member apart', () => {
    const info = { ...room, owner: maria.id, moderators: [pete.id] }
    expect(roleOf(info, maria.id)).toBe('owner')
    expect(roleOf(info, pete.id)).toBe('moderator')
    expect(roleOf(info, ana.id)).toBe('member')
  })

  it('should make everyone a member of a room with no owner or moderators (the lobby, rooms of the host)', () => {
    expect(roleOf(room, maria.id)).toBe('member')
  })
})

describe('directName', () => {
  it('should name a direct conversation after the others in it, in their order', () => {
    expect(directName({ ...room, direct: [maria, pete] }, maria.id)).toBe('Pete')
    expect(directName({ ...room, direct: [maria, pete, ana] }, pete.id)).toBe('Maria, Ana')
  })

  it('should use the name of any other room', () => {
    expect(directName(room, maria.id)).toBe('Design')
  })
})

describe('notifyLevel', () => {
  it('should take the level a snapshot carries, else all for a direct conversation and mentions for any other room', () => {
    expect(notifyLevel({ room, notify: 'none' })).toBe('none')
    expect(notifyLevel({ room })).toBe('mentions')
    expect(notifyLevel({ room: { ...room, direct: [maria, pete] } })).toBe('all')
  })
})

describe('applyRoomChange', () => {
  it('should set the name, topic, access and kept', () => {
    const changed = [
      { type: 'room.renamed', name: 'Design team' },
      { type: 'room.topic', topic: 'Mockups' },
      { type: 'room.access', access: 'private' },
      { type: 'room.kept' },
    ] as const
    expect(changed.reduce(applyRoomChange, room)).toEqual({ ...room, name: 'Design team', topic: 'Mockups', access: 'private', kept: true })
    expect(applyRoomChange({ ...room, topic: 'Mockups' }, { type: 'room.topic', topic: '' })).toEqual(room)
  })

  it('should follow roles and mutes, and forget both for a member removed or banned', () => {
    let info = applyRoomChange(room, { type: 'member.role', member: pete, role: 'moderator' })
    info = applyRoomChange(info, { type: 'member.role', member: pete, role: 'moderator' })
    info = applyRoomChange(info, { type: 'member.muted', member: ana })
    info = applyRoomChange(info, { type: 'member.role', member: ana, role: 'moderator' })
    expect(info).toEqual({ ...room, moderators: [pete.id, ana.id], muted: [ana.id] })
    expect(applyRoomChange(info, { type: 'member.role', member: pete, role: 'member' }).moderators).toEqual([ana.id])
    expect(applyRoomChange(info, { type: 'member.unmuted', member: ana }).muted).toEqual([])
    expect(applyRoomChange(info, { type: 'member.banned', member: ana })).toEqual({ ...room, moderators: [pete.id], muted: [] })
    expect(applyRoomChange(info, { type: 'member.removed', member: ana })).toEqual({ ...room, moderators: [pete.id], muted: [] })
    expect(applyRoomChange(info, { type: 'member.role', member: maria, role: 'owner' }).owner).toBe(maria.id)
  })

  it('should return the same info for changes that do not touch it', () => {
    const info = { ...room, moderators: [pete.id] }
    expect(applyRoomChange(info, { type: 'member.added', member: ana })).toBe(info)
    expect(applyRoomChange(info, { type: 'member.unbanned', member: ana })).toBe(info)
    expect(applyRoomChange(info, { type: 'member.unmuted', member: ana })).toBe(info)
    expect(applyRoomChange(info, { type: 'member.removed', member: ana })).toBe(info)
    expect(applyRoomChange(info, { type: 'member.role', member: pete, role: 'moderator' })).toBe(info)
  })
})
