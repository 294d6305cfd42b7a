import {
  LIMITS,
  PROTOCOL_VERSION,
  type Hello,
  type ResumedRoom,
  type ResumePoint,
  type RoomJoined,
  type Welcome,
} from '@lanchat/protocol'

/** Who says `hello`: the name, and the session to stay the same user. */
export interface HelloIdentity {
  id: string
  name: string
  session: string | undefined
}

/**
 * The resume side of the handshake: the `hello` lists where each room was left (up to
 * `LIMITS.maxResumeRooms`); the rooms it had no place for are rejoined after the `welcome`, and
 * those rejoins' replies are handled as resumes.
 */
export class Resume {
  /** Rooms the last `hello` could not list (over `LIMITS.maxResumeRooms`); rejoined after `welcome`. */
  #overflow: ResumePoint[] = []
  /** `room.join` request ids of such rejoins: their reply is handled as a resume. */
  readonly #rejoins = new Map<string, ResumePoint>()

  /** The `hello` for a new socket, resuming `points` (the rooms that do not fit are kept for later). */
  hello(identity: HelloIdentity, points: ResumePoint[]): Hello {
    this.#overflow = points.slice(LIMITS.maxResumeRooms)
    const resume = points.slice(0, LIMITS.maxResumeRooms)
    return {
      type: 'hello',
      id: identity.id,
      protocol: PROTOCOL_VERSION,
      name: identity.name,
      ...(identity.session === undefined ? {} : { session: identity.session }),
      ...(resume.length === 0 ? {} : { resume }),
    }
  }

  /** After `welcome`: the rooms the `hello` could not list and the `welcome` did not answer, to rejoin. */
  takeOverflow(welcome: Welcome): ResumePoint[] {
    const answered = new Set([...welcome.rooms.map((resumed) => resumed.room.id), ...welcome.lostRooms])
    const overflow = this.#overflow.filter((point) => !answered.has(point.room))
    this.#overflow = []
    return overflow
  }

  /** Remembers that request `requestId` rejoins `point`'s room. */
  track(requestId: string, point: ResumePoint): void {
    this.#rejoins.set(requestId, point)
  }

  /** The resume point a `room.joined` with this `ref` answers, if it is a rejoin (forgotten then). */
  take(ref: string): ResumePoint | undefined {
    const point = this.#rejoins.get(ref)
    if (point !== undefined) this.#rejoins.delete(ref)
    return point
  }

  /** Forgets the rejoins in flight (their socket is gone). */
  clear(): void {
    this.#rejoins.clear()
  }
}

/** A rejoin's reply as a resume: recovered when nothing is missing between the point and the reply. */
export function rejoinedAsResumed(joined: RoomJoined, point: ResumePoint): ResumedRoom {
  const first = joined.messages[0]
  const recovered =
    joined.room.epoch === point.epoch &&
    (first === undefined ? joined.room.lastSeq <= point.lastSeq : first.seq <= point.lastSeq + 1)
  return {
    room: joined.room,
    members: joined.members,
    messages: joined.messages,
    hasMore: joined.hasMore,
    recovered,
  }
}
