import { randomInt } from 'node:crypto'
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '@lanchat/protocol'

const MAX_ATTEMPTS = 100

/**
 * Makes a room code of {@link ROOM_CODE_LENGTH} characters of {@link ROOM_CODE_ALPHABET} (lower case, as stored)
 * that `isTaken` does not refuse. With 31^6 codes a retry is rare; the attempt cap only guards against a broken
 * `isTaken`.
 *
 * @example
 * ```ts
 * const code = generateRoomCode((candidate) => rooms.has(candidate)) // 'k7m2qx'
 * ```
 */
export function generateRoomCode(isTaken: (code: string) => boolean): string {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let code = ''
    for (let index = 0; index < ROOM_CODE_LENGTH; index++) {
      code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)]
    }
    if (!isTaken(code)) return code
  }
  throw new Error(`no free room code after ${MAX_ATTEMPTS} attempts`)
}
