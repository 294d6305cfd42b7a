/** The id of the room every server has and nobody can delete. */
export const LOBBY_ROOM_ID = 'lobby'

/**
 * The characters of generated room codes: lower-case letters and digits without
 * the look-alikes 0/o, 1/l/i. Codes are shown upper case and typed in any case.
 */
export const ROOM_CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'

/** Length of a generated room code: 31^6 ≈ 887 million codes. */
export const ROOM_CODE_LENGTH = 6

/**
 * The canonical form of a room id as typed by a person: trimmed and lower case.
 *
 * @example
 * ```ts
 * normalizeRoomId(' K7M2QX ') // 'k7m2qx'
 * ```
 */
export function normalizeRoomId(room: string): string {
  return room.trim().toLowerCase()
}
