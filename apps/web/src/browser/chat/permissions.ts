import type { RoomRole } from '@lanchat/client'

/** What a room's settings and member actions may do, and who may do it (the server checks again on every command). */
export type RoomPower =
  /** Rename, set the topic, invite by name or link, remove, ban and mute members. */
  | 'moderate'
  /** Change who may enter, keep a code room, set roles, hand the room over, delete it. */
  | 'own'

/**
 * Whether `role` allows `power`: moderators moderate, the owner also owns.
 *
 * @example
 * ```ts
 * allows('moderator', 'moderate') // true
 * allows('moderator', 'own') // false
 * ```
 */
export function allows(role: RoomRole, power: RoomPower): boolean {
  return power === 'moderate' ? role === 'owner' || role === 'moderator' : role === 'owner'
}

/**
 * Whether someone of role `actor` may act on a member of role `target` (remove, ban, mute): the owner on anyone
 * else, a moderator on plain members only.
 *
 * @example
 * ```ts
 * outranks('moderator', 'member') // true
 * outranks('moderator', 'moderator') // false
 * ```
 */
export function outranks(actor: RoomRole, target: RoomRole): boolean {
  if (actor === 'owner') return target !== 'owner'
  return actor === 'moderator' && target === 'member'
}

/** How a role reads in a badge, `undefined` for a plain member (no badge). */
export function roleLabel(role: RoomRole): string | undefined {
  return role === 'owner' ? 'owner' : role === 'moderator' ? 'moderator' : undefined
}
