import { CloseCode } from '@lanchat/protocol'
import type { ChatPeer } from './peer.js'
import type { ChatUser } from './session-registry.js'

/** The connection side of a membership: who is in the room, and where their frames go. */
export interface MemberConnection {
  readonly peer: ChatPeer
  /** Set once the connection said hello; a connection joins rooms only after that. */
  readonly user: ChatUser | undefined
}

interface HeldFrame {
  data: string
  seq: number | undefined
}

/**
 * One connection's place in one room, and the no-gap rule of joins: while the connection's reply is being
 * prepared its room events are held; on release, every `message.created` the reply already covered is dropped, so a
 * message stored while a join read history arrives exactly once. The floor stays after release, so a broadcast that
 * lands late (its append resolved before the read, its fan-out after the release) is still not doubled.
 */
export class Membership {
  readonly connection: MemberConnection
  readonly roomId: string
  readonly #maxHeldBytes: number
  #holds = 0
  #held: HeldFrame[] = []
  #heldBytes = 0
  /** The highest seq this connection has received or been given in a reply. */
  #floor = 0
  #dropped = false

  constructor(connection: MemberConnection, roomId: string, maxHeldBytes: number) {
    this.connection = connection
    this.roomId = roomId
    this.#maxHeldBytes = maxHeldBytes
  }

  get held(): boolean {
    return this.#holds > 0
  }

  /** Sends a room event to this connection, or holds it while a reply is being prepared. `seq` marks a `message.created`. */
  deliver(data: string, seq?: number): void {
    if (this.#dropped) return
    if (seq !== undefined && seq <= this.#floor) return
    if (this.#holds > 0) {
      this.#held.push({ data, seq })
      this.#heldBytes += data.length
      // A bounded queue: a connection that cannot take its backlog is a slow consumer; it resumes after reconnecting.
      if (this.#heldBytes > this.#maxHeldBytes) {
        this.dispose()
        this.connection.peer.close(CloseCode.SlowConsumer, 'slow consumer')
      }
      return
    }
    if (seq !== undefined) this.#floor = seq
    this.connection.peer.send(data)
  }

  /** Starts holding room events (joins may overlap: each hold needs its release). */
  hold(): void {
    this.#holds++
  }

  /** Ends one hold. `coveredSeq` is the newest seq the reply accounted for; held messages at or below it are dropped. */
  release(coveredSeq: number): void {
    if (coveredSeq > this.#floor) this.#floor = coveredSeq
    if (this.#holds > 0) this.#holds--
    if (this.#holds > 0) return
    const held = this.#held
    this.#held = []
    this.#heldBytes = 0
    for (const frame of held) this.deliver(frame.data, frame.seq)
  }

  /** Drops everything held and ignores further events: the connection left the room or is going away. */
  dispose(): void {
    this.#dropped = true
    this.#held = []
    this.#heldBytes = 0
  }
}
