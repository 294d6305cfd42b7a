import type { RoomFrame } from './fanout-adapter.js'

/** Options of a {@link RoomSequencer}. */
export interface RoomSequencerOptions {
  /** Hands a frame to this node's connections in the room. */
  deliver(frame: RoomFrame): void
  /** The room's stored messages after a seq, as frames (from the store, which has every committed seq). */
  replay(afterSeq: number): Promise<{ frames: RoomFrame[]; hasMore: boolean }>
  /** How long a gap waits for the missing frames (publications of two nodes may cross) before reading the store. */
  gapWaitMs: number
  report(error: Error): void
}

/** How long a failed heal waits before it tries again. */
const RETRY_MS = 1_000
/** Most frames held for a gap; beyond it (the store is down, a flood) frames are dropped: the heal reads them. */
const MAX_PENDING = 10_000

/**
 * Puts one room's `message.created` frames in seq order on one node, whatever order they arrive in from the nodes
 * that stored them: each seq is delivered once, none is skipped. A frame whose seq is not the next one waits; if
 * the missing ones do not arrive within `gapWaitMs` (a publication was lost), they are read from the store and
 * delivered first. A `mark(seq)` says messages up to `seq` exist (an announcement, or the store's own count after
 * an outage), and heals the same way. Frames without a seq (presence, typing) pass at once.
 */
export class RoomSequencer {
  readonly #options: RoomSequencerOptions
  /** The newest seq delivered (or known to this node's members); undefined until {@link start}. */
  #lastSeq: number | undefined
  /** The newest seq known to exist. */
  #known = 0
  readonly #pending = new Map<number, RoomFrame>()
  #healing = false
  #timer: ReturnType<typeof setTimeout> | undefined
  #disposed = false

  constructor(options: RoomSequencerOptions) {
    this.#options = options
  }

  /** Starts delivering: messages up to `storedSeq` were stored before this node listened, so members read them. */
  start(storedSeq: number): void {
    this.#lastSeq = Math.max(storedSeq, this.#lastSeq ?? 0)
    this.#drain()
  }

  accept(frame: RoomFrame): void {
    if (this.#disposed) return
    const seq = frame.seq
    if (seq === undefined) {
      this.#options.deliver(frame)
      return
    }
    const last = this.#lastSeq
    if (last !== undefined && seq <= last) return
    if (last !== undefined && seq === last + 1 && !this.#healing && this.#pending.size === 0) {
      // The common case: the next seq, nothing waiting.
      this.#lastSeq = seq
      if (seq > this.#known) this.#known = seq
      this.#options.deliver(frame)
      return
    }
    if (this.#pending.size < MAX_PENDING) this.#pending.set(seq, frame)
    if (seq > this.#known) this.#known = seq
    this.#drain()
  }

  /** Messages up to `seq` exist: any this node has not delivered are read from the store. */
  mark(seq: number): void {
    if (this.#disposed) return
    if (seq > this.#known) this.#known = seq
    this.#drain()
  }

  dispose(): void {
    this.#disposed = true
    this.#pending.clear()
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #drain(): void {
    let last = this.#lastSeq
    if (last === undefined || this.#healing || this.#disposed) return
    for (let next = this.#pending.get(last + 1); next !== undefined; next = this.#pending.get(last + 1)) {
      this.#pending.delete(last + 1)
      last += 1
      this.#lastSeq = last
      this.#options.deliver(next)
    }
    for (const seq of this.#pending.keys()) if (seq <= last) this.#pending.delete(seq)
    if (this.#known <= last) {
      this.#known = last
      if (this.#timer !== undefined) clearTimeout(this.#timer)
      this.#timer = undefined
      return
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined
      void this.#heal()
    }, this.#options.gapWaitMs)
  }

  async #heal(): Promise<void> {
    if (this.#disposed || this.#healing || this.#lastSeq === undefined) return
    this.#healing = true
    try {
      while (!this.#disposed && (this.#lastSeq ?? 0) < this.#known) {
        const { frames, hasMore } = await this.#options.replay(this.#lastSeq)
        if (this.#disposed) return
        for (const frame of frames) {
          if (frame.seq === undefined || frame.seq <= (this.#lastSeq ?? 0)) continue
          this.#lastSeq = frame.seq
          this.#pending.delete(frame.seq)
          this.#options.deliver(frame)
        }
        if (!hasMore || frames.length === 0) break
      }
    } catch (error) {
      this.#healing = false
      this.#options.report(error as Error)
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined
        void this.#heal()
      }, RETRY_MS)
      return
    }
    this.#healing = false
    // The store has nothing newer: a mark beyond it was wrong (a deleted room); nothing is waiting for it.
    if (this.#pending.size === 0 && this.#known > (this.#lastSeq ?? 0)) this.#known = this.#lastSeq ?? 0
    this.#drain()
  }
}
