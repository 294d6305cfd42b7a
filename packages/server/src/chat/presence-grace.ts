import type { Member } from '@lanchat/protocol'

interface AwayMember {
  member: Member
  timer: ReturnType<typeof setTimeout>
}

/**
 * Members whose last connection to a room dropped a moment ago: they are shown as `away` for `graceMs` instead of
 * leaving at once, so a reload or a brief network drop does not fill the room with "left" and "joined" notices.
 * If they come back within the grace nothing is said but `presence.changed online`; if not, `onExpire` runs (the
 * core then broadcasts `member.left` with reason `disconnected`).
 *
 * @example
 * ```ts
 * const grace = new PresenceGrace(10_000)
 * grace.hold('lobby', { id: 'u1', name: 'Maria' }, () => broadcastLeft())
 * grace.resume('lobby', 'u1') // { id: 'u1', name: 'Maria' }: she is back, the timer is cancelled
 * ```
 */
export class PresenceGrace {
  readonly graceMs: number
  /** Per room, per user id. */
  readonly #away = new Map<string, Map<string, AwayMember>>()

  constructor(graceMs: number) {
    this.graceMs = graceMs
  }

  /** False when the grace is 0: a drop then leaves at once. */
  get enabled(): boolean {
    return this.graceMs > 0
  }

  /** Marks a member away in a room; `onExpire` runs once the grace is over unless they came back. */
  hold(room: string, member: Member, onExpire: (member: Member) => void): void {
    this.resume(room, member.id)
    let members = this.#away.get(room)
    if (members === undefined) {
      members = new Map()
      this.#away.set(room, members)
    }
    const timer = setTimeout(() => {
      this.#take(room, member.id)
      onExpire(member)
    }, this.graceMs)
    timer.unref?.()
    members.set(member.id, { member, timer })
  }

  /** The member came back: their timer is cancelled. Returns them as they were when they went away, if they were. */
  resume(room: string, userId: string): Member | undefined {
    const away = this.#take(room, userId)
    if (away === undefined) return undefined
    clearTimeout(away.timer)
    return away.member
  }

  /** The members away in a room. */
  awayIn(room: string): Member[] {
    return Array.from(this.#away.get(room)?.values() ?? [], (away) => away.member)
  }

  /** The room is gone: its timers stop, and the members who were away in it are returned. */
  dropRoom(room: string): Member[] {
    const members = this.#away.get(room)
    if (members === undefined) return []
    this.#away.delete(room)
    for (const away of members.values()) clearTimeout(away.timer)
    return Array.from(members.values(), (away) => away.member)
  }

  /** Stops every timer. */
  dispose(): void {
    for (const room of [...this.#away.keys()]) this.dropRoom(room)
  }

  #take(room: string, userId: string): AwayMember | undefined {
    const members = this.#away.get(room)
    const away = members?.get(userId)
    if (members === undefined || away === undefined) return undefined
    members.delete(userId)
    if (members.size === 0) this.#away.delete(room)
    return away
  }
}
