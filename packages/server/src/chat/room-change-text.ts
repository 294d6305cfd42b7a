import type { RoomChange } from '@lanchat/protocol'

/**
 * The sentence a room change is logged with: what members (and clients that do not know `event`) read.
 *
 * @example
 * ```ts
 * roomChangeText('Maria', { type: 'room.topic', topic: 'Exams' }) // 'Maria set the topic to “Exams”'
 * ```
 */
export function roomChangeText(actor: string, change: RoomChange): string {
  switch (change.type) {
    case 'room.renamed':
      return `${actor} renamed the room to “${change.name}”`
    case 'room.topic':
      return change.topic === '' ? `${actor} cleared the topic` : `${actor} set the topic to “${change.topic}”`
    case 'room.access':
      return change.access === 'public'
        ? `${actor} made the room public: anyone on the server can find and join it`
        : `${actor} made the room private: people join by invitation`
    case 'room.kept':
      return `${actor} kept the room: it stays when everyone has left`
    case 'member.added':
      return change.member.name === actor ? `${actor} joined with an invite link` : `${actor} added ${change.member.name}`
    case 'member.removed':
      return `${actor} removed ${change.member.name}`
    case 'member.banned':
      return `${actor} banned ${change.member.name}`
    case 'member.unbanned':
      return `${actor} lifted the ban on ${change.member.name}`
    case 'member.muted':
      return `${actor} muted ${change.member.name}`
    case 'member.unmuted':
      return `${actor} unmuted ${change.member.name}`
    case 'member.role':
      if (change.role === 'owner') return `${actor} made ${change.member.name} the owner`
      if (change.role === 'moderator') return `${actor} made ${change.member.name} a moderator`
      return `${actor} made ${change.member.name} a member`
  }
}
