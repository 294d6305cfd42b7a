import type { LanchatClient } from '@lanchat/client'
import { describe, expect, it } from 'vitest'
import { runRoomCommand, type CommandRoom, type RoomCommandHost } from './room-commands.js'

// The end-to-end tests (test/rooms.test.ts) run these commands against a real server; here, what they say before
// the server is asked, with a client that only has what these paths read.

const maria = { id: 'u-maria', name: 'Maria' }
const otherMaria = { id: 'u-maria-2', name: 'maria' }

function fakeClient(features: string[], calls: string[]): LanchatClient {
  const room = { info: { id: 'ops', name: 'Operations', kind: 'named', epoch: 'e', lastSeq: 0, createdAt: 0 }, members: [{ id: 'u-me', name: 'Ann' }, maria, otherMaria], typing: [], lastSeq: 0, notify: 'mentions' }
  return {
    features: new Set(features),
    user: { id: 'u-me', name: 'Ann' },
    rooms: new Map([['ops', room]]),
    deleteRoom: (id: string) => {
      calls.push(`deleteRoom ${id}`)
      return Promise.resolve({ type: 'room.left', ref: 'r', room: id })
    },
    openDm: (ids: string[]) => {
      calls.push(`openDm ${ids.join(',')}`)
      return Promise.reject(new Error('not in this test'))
    },
  } as unknown as LanchatClient
}

function host(client: LanchatClient): RoomCommandHost & { lines: string[] } {
  const lines: string[] = []
  const active: CommandRoom = { id: 'ops', label: 'ops', name: 'Operations' }
  return {
    lines,
    client,
    serverUrl: 'ws://127.0.0.1:5000/ws',
    activeRoom: active,
    say: (text) => lines.push(text),
    show: () => active,
    sendTo: () => {},
    leaveWith: async (_room, work) => {
      await work()
    },
  }
}

describe('runRoomCommand', () => {
  it('should say when the server does not offer a feature, and not ask it', async () => {
    const calls: string[] = []
    const session = host(fakeClient([], calls))
    await runRoomCommand(session, { name: 'msg', argument: 'Maria hi' })
    await runRoomCommand(session, { name: 'list' })
    await runRoomCommand(session, { name: 'topic', topic: 'x' })
    await runRoomCommand(session, { name: 'notify', level: 'none' })
    expect(session.lines).toEqual([
      'This server does not offer direct messages.',
      'This server does not offer a room directory.',
      'This server does not offer public and private rooms or room management.',
      'This server does not offer notification levels.',
    ])
    expect(calls).toEqual([])
  })

  it('should list the choices when a name fits two people, and say when it fits none', async () => {
    const calls: string[] = []
    const session = host(fakeClient(['dm', 'rooms.manage'], calls))
    await runRoomCommand(session, { name: 'msg', argument: 'MARIA are you there' })
    expect(session.lines[0]).toMatch(/^Several people are called MARIA: Maria · [0-9a-f]{4}, maria · [0-9a-f]{4}\. Write the one you mean as shown, as in \/msg Maria · [0-9a-f]{4}$/)
    await runRoomCommand(session, { name: 'dm', names: ['Zed'] })
    expect(session.lines[1]).toBe('No one called Zed is in your rooms: /dm works with the people you share a room with (/who lists them).')
    await runRoomCommand(session, { name: 'kick', person: 'maria' })
    expect(session.lines[2]).toMatch(/^Several people are called maria/)
    expect(calls).toEqual([])
  })

  it('should delete a room only once its code is typed back', async () => {
    const calls: string[] = []
    const session = host(fakeClient(['rooms.manage'], calls))
    await runRoomCommand(session, { name: 'delete-room' })
    await runRoomCommand(session, { name: 'delete-room', confirm: 'lobby' })
    expect(calls).toEqual([])
    await runRoomCommand(session, { name: 'delete-room', confirm: 'OPS' })
    expect(calls).toEqual(['deleteRoom ops'])
    expect(session.lines).toEqual([
      'This deletes Operations (ops) and all its messages, for everyone in it. To do it, type: /delete-room ops',
      'That is not the code of this room: type /delete-room ops to delete Operations (ops).',
      'Deleted Operations (ops) with its messages.',
    ])
  })

  it('should say that a pasted address is not an invite link', async () => {
    const session = host(fakeClient(['rooms.manage'], []))
    await runRoomCommand(session, { name: 'join', room: 'http://example.com/' })
    expect(session.lines).toEqual(['That is not an invite link: one looks like http://host:port/#join=ROOM&invite=SECRET.'])
  })
})
