import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '@lanchat/protocol'
import { describe, expect, it } from 'vitest'
import { generateRoomCode } from './room-code.js'

describe('generateRoomCode', () => {
  it('should make codes of the protocol alphabet and length', () => {
    const pattern = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`)
    for (let index = 0; index < 200; index++) expect(generateRoomCode(() => false)).toMatch(pattern)
  })

  it('should skip codes that are taken', () => {
    const refused: string[] = []
    const code = generateRoomCode((candidate) => {
      if (refused.length < 3) {
        refused.push(candidate)
        return true
      }
      return false
    })
    expect(refused).toHaveLength(3)
    expect(refused).not.toContain(code)
  })

  it('should give up rather than loop for ever', () => {
    expect(() => generateRoomCode(() => true)).toThrow('no free room code')
  })
})
