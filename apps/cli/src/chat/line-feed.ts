import { lineKey, type DisplayEntry, type DisplayGap } from './display-entries.js'

/** What line mode prints next for a room, and the gap it waits at. */
export interface FeedStep {
  /** New entries, in timeline order. */
  lines: DisplayEntry[]
  /** A gap before anything not printed yet: nothing after it is printed until it is filled (or given up). */
  waitingAt: DisplayGap | undefined
}

/**
 * Which of a room's entries line mode prints next. A line is printed once, in timeline order, and never after a
 * newer one: entries past a gap wait until the gap is filled, so a healed gap reads in order. A gap that cannot be
 * filled is given up with {@link LineFeed.skip}, and then printed as a line of its own.
 *
 * @example
 * ```ts
 * const feed = new LineFeed(room.entries) // what is on screen already counts as printed
 * const { lines, waitingAt } = feed.next(updatedRoom.entries)
 * ```
 */
export class LineFeed {
  #printed = new Set<string>()
  readonly #skipped = new Set<string>()

  constructor(shown: readonly DisplayEntry[] = []) {
    for (const entry of shown) {
      const key = lineKey(entry)
      if (key !== undefined) this.#printed.add(key)
    }
  }

  /** The entries to print now, given the room's current entries. */
  next(entries: readonly DisplayEntry[]): FeedStep {
    const lines: DisplayEntry[] = []
    const current = new Set<string>()
    let waitingAt: DisplayGap | undefined
    for (const entry of entries) {
      const key = lineKey(entry)
      if (key !== undefined) current.add(key)
      if (waitingAt !== undefined) continue
      if (entry.kind === 'gap' && !this.#skipped.has(entry.key)) {
        waitingAt = entry
        continue
      }
      if (key === undefined || this.#printed.has(key)) continue
      this.#printed.add(key)
      lines.push(entry)
    }
    // Forget what the room no longer holds (dropped as old), so the set stays as small as the timeline.
    this.#printed = new Set([...this.#printed].filter((key) => current.has(key)))
    return { lines, waitingAt }
  }

  /** Gives up on a gap: it is printed as a line, and what follows it is printed on the next step. */
  skip(gapKey: string): void {
    this.#skipped.add(gapKey)
  }
}
