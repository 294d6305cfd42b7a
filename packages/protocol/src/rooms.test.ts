import { describe, expect, it } from 'vitest'
import { Compile } from 'typebox/compile'
import { normalizeRoomId, ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from './rooms.js'
import { RoomId } from './messages/common.js'

describe('normalizeRoomId', () => {
  it('should trim and lower-case what a person typed', () => {
    expect(normalizeRoomId(' K7M2QX ')).toBe('k7m2qx')
    expect(normalizeRoomId('Lobby')).toBe('lobby')
  })
})

describe('ROOM_CODE_ALPHABET', () => {
  it('should leave out characters people confuse', () => {
    for (const lookAlike of '01ilo') expect(ROOM_CODE_ALPHABET).not.toContain(lookAlike)
  })

  it('should only make codes that are valid room ids', () => {
    const code = ROOM_CODE_ALPHABET.slice(0, ROOM_CODE_LENGTH)
    expect(Compile(RoomId).Check(code)).toBe(true)
    expect(Compile(RoomId).Check(code.toUpperCase())).toBe(true)
  })
})
