import type { RoomRemoved } from '@lanchat/client'

/**
 * What to tell the person whose room went away (`room.removed`), politely and with who did it when the server says.
 *
 * @example
 * ```ts
 * removalText('Physics', { type: 'room.removed', room: 'physics', reason: 'removed', by: maria })
 * // 'You were removed from Physics by Maria.'
 * ```
 */
export function removalText(title: string, removed: Pick<RoomRemoved, 'reason' | 'by'>): string {
  const by = removed.by === undefined ? '' : ` by ${removed.by.name}`
  switch (removed.reason) {
    case 'removed':
      return `You were removed from ${title}${by}.`
    case 'banned':
      return `You were banned from ${title}${by}.`
    case 'deleted':
      return `${title} was deleted${by}.`
    case 'left':
      return `You left ${title} on another device.`
  }
}
