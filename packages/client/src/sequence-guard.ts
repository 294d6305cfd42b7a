import type { ChatMessage, HistoryResult } from '@lanchat/protocol'

/** A stretch of a room's seqs the client could not deliver: everything after `after` and before `before`. */
export interface RoomGap {
  readonly room: string
  /** The last seq delivered before the gap. */
  readonly after: number
  /** The first seq delivered after it. */
  readonly before: number
  /**
   * `true`: the messages of the gap were fetched with `history.get` and delivered, in order, before `before`; this
   * only tells that the server skipped them on the live stream. `false`: they could not be (too many, or the server
   * did not have them); the app may page them with `history()` (a `RoomTimeline` shows the gap and fills it).
   */
  readonly filled: boolean
}

/** What the guard needs from the client. */
export interface SequenceGuardHost {
  /** The last seq delivered in a room the client is in, `undefined` for a room it is not in. */
  cursor(room: string): number | undefined
  /** Delivers a message whose seq is above the cursor (it becomes the cursor). */
  deliver(message: ChatMessage): void
  /** One page of history before a seq. */
  history(room: string, before: number, limit: number): Promise<HistoryResult>
  /** The largest page the server gives. */
  maxPage(): number
  /** A gap was found, and filled or not. */
  gap(gap: RoomGap): void
  /** A frame that cannot be right (a seq at or below one delivered, a seq the server's history does not have). */
  badFrame(message: string): void
  /** Whether the connection is up; paging stops when it is not (the resume takes over). */
  isOpen(): boolean
}

/** Most history pages fetched to fill one gap; a longer gap is delivered as a gap and paged by the app. */
export const MAX_GAP_PAGES = 5
/** Most live messages held per room while a gap before them is filled; more and they go out with the gap unfilled. */
export const MAX_HELD_MESSAGES = 1_000

/**
 * Keeps every room's `message.created` stream gap-free and in order. A message that follows the last one delivered
 * goes straight through. One whose seq jumps ahead is held, with whatever arrives after it, while the guard pages the
 * missing seqs from the server's history; then they all go out in order. A seq the server's own history does not
 * confirm (a bogus `2^53 − 1`, say) is dropped and reported instead of moving the cursor, so later real messages
 * still arrive. A seq at or below the cursor is a repeat and is dropped. Every such case is reported; nothing is
 * skipped silently, and the held messages are bounded.
 *
 * @example
 * ```ts
 * const guard = new SequenceGuard(host)
 * socket.onmessage = (frame) => { if (frame.type === 'message.created') guard.live(frame.message) }
 * ```
 */
export class SequenceGuard {
  readonly #host: SequenceGuardHost
  /** Live messages waiting for a gap before them to be filled, per room, lowest seq first. */
  readonly #held = new Map<string, ChatMessage[]>()

  constructor(host: SequenceGuardHost) {
    this.#host = host
  }

  /** A message from the live stream (or a resume replay) of a room. */
  live(message: ChatMessage): void {
    const { room } = message
    if (!Number.isSafeInteger(message.seq)) {
      this.#host.badFrame(`The server sent seq ${message.seq} in room ${room}, beyond any real seq; it was dropped`)
      return
    }
    const held = this.#held.get(room)
    if (held !== undefined) {
      this.#hold(held, message)
      return
    }
    const cursor = this.#host.cursor(room)
    // A room the client is not in (a stray frame): nothing to keep in order; the host delivers each seq once.
    if (cursor === undefined || message.seq === cursor + 1) {
      this.#host.deliver(message)
      return
    }
    if (message.seq <= cursor) {
      this.#host.badFrame(`The server sent seq ${message.seq} in room ${room} again (up to ${cursor} was delivered); it was dropped`)
      return
    }
    this.#held.set(room, [message])
    void this.#fill(room)
  }

  /** The room's stream starts over (left, joined again, resumed): what was held is dropped. */
  reset(room: string): void {
    this.#held.delete(room)
  }

  /** The connection dropped: the resume replays everything after each room's cursor, held messages included. */
  connectionLost(): void {
    this.#held.clear()
  }

  #hold(held: ChatMessage[], message: ChatMessage): void {
    let index = held.length
    while (index > 0 && (held[index - 1] as ChatMessage).seq > message.seq) index--
    if ((held[index - 1] as ChatMessage | undefined)?.seq === message.seq) return
    held.splice(index, 0, message)
    if (held.length > MAX_HELD_MESSAGES) this.#release(message.room, held)
  }

  /** Gives up filling: delivers what is held in order, each jump reported as an unfilled gap. */
  #release(room: string, held: readonly ChatMessage[]): void {
    this.#held.delete(room)
    for (const message of held) this.#deliverAcross(message, false)
  }

  /** Delivers a message, reporting the gap before it if its seq does not follow the cursor. */
  #deliverAcross(message: ChatMessage, filled: boolean): void {
    const cursor = this.#host.cursor(message.room)
    if (cursor !== undefined && message.seq <= cursor) return
    if (cursor !== undefined && message.seq > cursor + 1) {
      this.#host.gap({ room: message.room, after: cursor, before: message.seq, filled })
    }
    this.#host.deliver(message)
  }

  async #fill(room: string): Promise<void> {
    for (;;) {
      const held = this.#held.get(room)
      const cursor = this.#host.cursor(room)
      if (held === undefined) return
      if (cursor === undefined) {
        this.#held.delete(room)
        return
      }
      // What follows on now goes out; repeats go away.
      while (held.length > 0 && (held[0] as ChatMessage).seq <= (this.#host.cursor(room) ?? 0) + 1) {
        const next = held.shift() as ChatMessage
        if (next.seq > (this.#host.cursor(room) ?? 0)) this.#host.deliver(next)
      }
      const target = held[0]
      if (target === undefined) {
        this.#held.delete(room)
        return
      }
      const after = this.#host.cursor(room) ?? 0
      let pages: ChatMessage[][]
      try {
        pages = await this.#page(room, after, target.seq)
      } catch {
        // Paging failed (a timeout, the connection went): after a drop the resume fills it; otherwise go on unfilled.
        if (this.#held.get(room) === held && this.#host.isOpen()) this.#release(room, held)
        return
      }
      if (this.#held.get(room) !== held) return
      const missing = [...pages].reverse().flat()
      const newestBelow = pages[0]?.at(-1)?.seq ?? after
      const filled = newestBelow === target.seq - 1 && (missing[0]?.seq ?? target.seq) === after + 1
      if (filled) this.#host.gap({ room, after, before: target.seq, filled: true })
      for (const message of missing) this.#deliverAcross(message, false)
      if (newestBelow < target.seq - 1 && !(await this.#confirm(target))) {
        if (this.#held.get(room) !== held) return
        held.shift()
        this.#host.badFrame(`The server sent seq ${target.seq} in room ${room}, which its history does not have; it was dropped`)
        continue
      }
      if (this.#held.get(room) !== held) return
      held.shift()
      this.#deliverAcross(target, false)
    }
  }

  /** The history between two seqs (exclusive), newest page first, each page oldest first; at most {@link MAX_GAP_PAGES}. */
  async #page(room: string, after: number, before: number): Promise<ChatMessage[][]> {
    const pages: ChatMessage[][] = []
    let upTo = before
    while (upTo - 1 > after && pages.length < MAX_GAP_PAGES) {
      const page = await this.#host.history(room, upTo, Math.min(this.#host.maxPage(), upTo - 1 - after))
      const wanted = page.messages.filter((message) => message.seq > after && message.seq < upTo)
      pages.push(wanted)
      const oldest = wanted[0]?.seq
      if (!page.hasMore || oldest === undefined || oldest <= after + 1) break
      upTo = oldest
    }
    return pages
  }

  /** Whether the server's history has this message at its seq (a seq it does not have is a bad frame). */
  async #confirm(message: ChatMessage): Promise<boolean> {
    try {
      const page = await this.#host.history(message.room, message.seq + 1, 1)
      return page.messages.some((stored) => stored.seq === message.seq && stored.id === message.id)
    } catch {
      return false
    }
  }
}
