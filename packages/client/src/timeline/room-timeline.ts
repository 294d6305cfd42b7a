import type { ChatMessage, HistoryResult, Member, ResumedRoom, RoomInfo, RoomMember, RoomSnapshot } from '@lanchat/protocol'
import { ClientErrorCodes } from '../errors/client-error-codes.js'
import type { OutgoingMessage } from '../outbox.js'
import type { RoomState } from '../room-state.js'
import type { TimelineEntry, TimelineMessage, TimelineNotice, TimelineOutgoing } from './timeline-entries.js'

/** What a room's timeline shows, at one moment. A new object after every change, so a UI can compare by identity. */
export interface RoomTimelineSnapshot {
  readonly room: RoomInfo
  /** Oldest first: stored messages, notices, gaps and notes by seq, then this client's outgoing messages. */
  readonly entries: readonly TimelineEntry[]
  /** Everyone in the room, this user included; `status: 'away'` while a member's connection is down. */
  readonly members: readonly RoomMember[]
  /** Who is typing, this user left out. */
  readonly typing: readonly Member[]
  /** Messages from others that arrived while the timeline was not visible. */
  readonly unread: number
  /** The key of the first of them: where to draw a "new messages" line, or what "new messages below" scrolls to. */
  readonly firstUnreadKey: string | undefined
  /** Whether older messages exist before the first entry: `loadOlder()` fetches them. */
  readonly hasMore: boolean
  readonly loadingOlder: boolean
}

/** What a timeline needs from the client. */
export interface RoomTimelineSource {
  history(room: string, options: { before?: number; limit: number }): Promise<HistoryResult>
  /** This user's id, once welcomed. */
  userId(): string | undefined
  /** A subscriber threw; the timeline carries on. */
  listenerError(error: unknown): void
}

/** Options of the timelines a client keeps (`LanchatClientOptions.timeline`). */
export interface TimelineOptions {
  /**
   * Entries a visible timeline keeps; older ones are dropped (and `hasMore` set) as new ones arrive, and paged back
   * in with `loadOlder()`. They are dropped in batches: the timeline may hold up to an eighth more for a while. A
   * timeline that is not visible keeps up to four times as many, so nothing unread is dropped before it is seen.
   * @default 1000
   */
  maxEntries?: number
}

interface Slot {
  entry: TimelineEntry
  /** Entries sort by the seq they follow, then by `order`: a message sits at its seq, a notice after the message it followed. */
  readonly afterSeq: number
  readonly order: number
}

/** A message sorts at its own seq, before any notice that followed it. */
const MESSAGE_ORDER = 0
/** A gap sorts after everything that follows its `after` seq. */
const GAP_ORDER = Number.MAX_SAFE_INTEGER
const DEFAULT_MAX_ENTRIES = 1_000
const HIDDEN_ENTRIES_FACTOR = 4
/** The timeline holds up to `limit / TRIM_BATCH_DIVISOR` entries over its limit before it trims them in one go. */
const TRIM_BATCH_DIVISOR = 8
/** A gap is filled a page of this many messages at a time. */
const GAP_PAGE = 100

/**
 * One room's timeline: the headless model an app renders. The client keeps it from the room's events, history pages
 * and resumes; the app subscribes and draws `snapshot.entries`, and never sorts, dedupes or heals gaps itself. Each
 * stored message appears once, at its seq; notices (joins, leaves, renames) sit where they happened; this client's
 * own messages show as `outgoing` until stored; messages known to be missing show as a `gap`.
 *
 * @example
 * ```ts
 * await client.join('lobby')
 * const timeline = client.timeline('lobby')
 * timeline?.subscribe(({ entries, unread }) => render(entries, unread))
 * timeline?.setVisible(true) // the newest entries are on screen: nothing counts as unread
 * await timeline?.loadOlder() // scrolled to the top
 * ```
 */
export class RoomTimeline {
  /** The room's id (lower case). */
  readonly id: string
  readonly #source: RoomTimelineSource
  readonly #maxEntries: number
  readonly #listeners = new Set<(snapshot: RoomTimelineSnapshot) => void>()
  #slots: Slot[] = []
  readonly #seqs = new Set<number>()
  readonly #gaps = new Set<Slot>()
  readonly #outgoing = new Map<string, TimelineOutgoing>()
  #info: RoomInfo
  /**
   * The room's last seq as this timeline has accounted for it (joins and delivered messages). Not taken from room
   * updates: the client updates the room's info with a resume before the timeline hears of the resume.
   */
  #accountedSeq: number
  #members: readonly RoomMember[] = []
  #typing: readonly Member[] = []
  #unread = 0
  #firstUnreadKey: string | undefined
  #hasMore = false
  #loadingOlder = false
  #visible = false
  #order = 0
  #snapshot: RoomTimelineSnapshot | undefined

  /** @internal The client makes timelines; apps get them from `client.timeline(room)`. */
  constructor(room: RoomSnapshot, source: RoomTimelineSource, options: TimelineOptions = {}) {
    this.id = room.room.id
    this.#source = source
    this.#maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES)
    this.#info = room.room
    this.#accountedSeq = room.room.lastSeq
    this.#members = room.members
    this.#hasMore = room.hasMore
    for (const message of room.messages) this.#insertMessage(message)
  }

  // ---- what apps use ----

  /** What the timeline shows now. */
  get snapshot(): RoomTimelineSnapshot {
    this.#snapshot ??= {
      room: this.#info,
      entries: [...this.#slots.map((slot) => slot.entry), ...this.#outgoing.values()],
      members: this.#members,
      typing: this.#typing,
      unread: this.#unread,
      firstUnreadKey: this.#firstUnreadKey,
      hasMore: this.#hasMore,
      loadingOlder: this.#loadingOlder,
    }
    return this.#snapshot
  }

  /**
   * Calls `listener` with the new snapshot after every change; returns the unsubscribe function. A listener that
   * throws is reported as the client's `error` event and does not stop the others.
   */
  subscribe(listener: (snapshot: RoomTimelineSnapshot) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Whether the newest entries are on screen (the room is shown, the page is visible, the view is at the bottom).
   * While visible, new messages are read at once and the oldest entries beyond `maxEntries` are dropped; while not,
   * messages from others count as unread.
   */
  setVisible(visible: boolean): void {
    if (this.#visible === visible) return
    this.#visible = visible
    if (visible) {
      this.#unread = 0
      this.#firstUnreadKey = undefined
      this.#trim()
    }
    this.#changed()
  }

  /** Marks every message read. */
  markRead(): void {
    if (this.#unread === 0 && this.#firstUnreadKey === undefined) return
    this.#unread = 0
    this.#firstUnreadKey = undefined
    this.#changed()
  }

  /**
   * Fetches the page of messages before the oldest one held (when `hasMore`). Rejects with the client's error when
   * the request fails; a call while one is loading waits for nothing and resolves.
   */
  async loadOlder(limit = 50): Promise<void> {
    if (this.#loadingOlder || !this.#hasMore) return
    const oldest = this.#slots.find((slot) => slot.entry.kind === 'message')?.afterSeq
    this.#loadingOlder = true
    this.#changed()
    try {
      const page = await this.#source.history(this.id, oldest === undefined ? { limit } : { before: oldest, limit })
      for (const message of page.messages) this.#insertMessage(message)
      this.#hasMore = page.hasMore
    } finally {
      this.#loadingOlder = false
      this.#changed()
    }
  }

  /**
   * Pages in one page (up to 100) of a gap, its newest messages first: the gap with this key, else the newest gap.
   * The gap shrinks, and goes once everything in it is there (or the server has none of it). Rejects with the
   * client's error when the request fails.
   */
  async fillGap(key?: string): Promise<void> {
    const slot = [...this.#gaps]
      .filter((gap) => key === undefined || gap.entry.key === key)
      .reduce<Slot | undefined>((newest, gap) => (newest === undefined || gap.afterSeq > newest.afterSeq ? gap : newest), undefined)
    if (slot === undefined || slot.entry.kind !== 'gap' || slot.entry.loading) return
    const gap = slot.entry
    slot.entry = { ...gap, loading: true }
    this.#changed()
    try {
      const page = await this.#source.history(this.id, { before: gap.before, limit: Math.min(GAP_PAGE, gap.before - gap.after - 1) })
      const inGap = page.messages.filter((message) => message.seq > gap.after && message.seq < gap.before)
      for (const message of inGap) this.#insertMessage(message)
      // What the server does not have (expired, or it never existed) cannot be filled: the rest of the gap goes.
      const remaining = this.#gapStartingAt(gap.after)
      if (remaining !== undefined && (inGap.length === 0 || !page.hasMore)) this.#removeSlot(remaining)
    } finally {
      const current = this.#gapStartingAt(gap.after)
      if (current !== undefined && current.entry.kind === 'gap') current.entry = { ...current.entry, loading: false }
      this.#changed()
    }
  }

  /** Adds a line of the app's own after the newest message. */
  note(text: string, level: 'info' | 'error' = 'info'): void {
    this.#insertAfterNewest({ kind: 'note', key: `line:${this.#order + 1}`, text, level, ts: Date.now() })
    this.#changed()
  }

  // ---- what the client feeds in ----

  /** @internal A `room.joined` for this room again: the same history continues, a new epoch starts over. */
  joined(room: RoomSnapshot): void {
    if (room.room.epoch !== this.#info.epoch) this.#reset()
    this.#info = room.room
    this.#accountedSeq = room.room.lastSeq
    this.#members = room.members
    if (this.#seqs.size === 0) this.#hasMore = room.hasMore
    for (const message of room.messages) this.#insertMessage(message)
    this.#changed()
  }

  /**
   * @internal A resume. Recovered: the missed messages follow as live ones. Not recovered: what lies between the
   * newest message held and the page that follows is a gap; a new epoch starts the timeline over.
   */
  resumed(resumed: ResumedRoom): void {
    if (resumed.room.epoch !== this.#info.epoch) {
      this.#reset()
      this.#hasMore = resumed.hasMore
    } else if (!resumed.recovered) {
      const newest = this.#newestMessageSeq() ?? this.#accountedSeq
      const next = resumed.messages[0]?.seq ?? resumed.room.lastSeq + 1
      // Also in a room that held no message (newest 0 when it was empty): what lies before the page is missing.
      if (next > newest + 1) this.gap(newest, next)
    }
    this.#info = resumed.room
    this.#accountedSeq = resumed.room.lastSeq
    this.#members = resumed.members
    this.#changed()
  }

  /** @internal A message delivered by the client (live, replayed or healed), in seq order. */
  live(message: ChatMessage): void {
    const own = message.from.id === this.#source.userId()
    const entry = this.#insertMessage(message)
    if (entry === undefined) return
    this.#accountedSeq = Math.max(this.#accountedSeq, message.seq)
    if (own) this.#outgoing.delete(message.clientMsgId)
    else if (!this.#visible) {
      this.#unread += 1
      this.#firstUnreadKey ??= entry.key
    }
    this.#trim()
    this.#changed()
  }

  /** @internal Seqs known to be missing. */
  gap(after: number, before: number): void {
    if (before <= after + 1 || this.#gapStartingAt(after) !== undefined) return
    const slot: Slot = { entry: { kind: 'gap', key: `gap:${after}`, after, before, loading: false }, afterSeq: after, order: GAP_ORDER }
    this.#gaps.add(slot)
    this.#insertSlot(slot)
    this.#changed()
  }

  /** @internal A join, leave or rename in the room. */
  notice(notice: Omit<TimelineNotice, 'kind' | 'key'>): void {
    this.#insertAfterNewest({ ...notice, kind: 'notice', key: `line:${this.#order + 1}` })
    this.#changed()
  }

  /** @internal One of this client's messages changed state. */
  outgoing(outgoing: OutgoingMessage): void {
    const gone = outgoing.state === 'sent' || outgoing.error?.code === ClientErrorCodes.MESSAGE_DISCARDED
    if (gone) this.#outgoing.delete(outgoing.clientMsgId)
    else this.#outgoing.set(outgoing.clientMsgId, { kind: 'outgoing', key: `outgoing:${outgoing.clientMsgId}`, outgoing })
    if (outgoing.state === 'sent' && outgoing.message !== undefined) this.#insertMessage(outgoing.message)
    this.#changed()
  }

  /** @internal Members, typing or info changed. */
  roomState(state: RoomState): void {
    const me = this.#source.userId()
    this.#info = state.info
    this.#members = state.members
    this.#typing = state.typing.filter((member) => member.id !== me)
    this.#changed()
  }

  /** @internal The room is gone: no more snapshots. */
  dispose(): void {
    this.#listeners.clear()
  }

  // ---- internals ----

  #insertMessage(message: ChatMessage): TimelineMessage | undefined {
    if (this.#seqs.has(message.seq)) return undefined
    this.#seqs.add(message.seq)
    const covering = this.#gapHolding(message.seq)
    if (covering !== undefined) this.#splitGap(covering, message.seq)
    const entry: TimelineMessage = {
      kind: 'message',
      key: `message:${message.id}`,
      message,
      own: message.from.id === this.#source.userId(),
    }
    this.#insertSlot({ entry, afterSeq: message.seq, order: MESSAGE_ORDER })
    return entry
  }

  /** Cuts a gap around a seq that just arrived: what is left below and above it stays a gap. */
  #splitGap(slot: Slot, seq: number): void {
    if (slot.entry.kind !== 'gap') return
    const { after, before, loading } = slot.entry
    this.#removeSlot(slot)
    for (const [from, to] of [
      [after, seq],
      [seq, before],
    ] as const) {
      if (to <= from + 1) continue
      const part: Slot = { entry: { kind: 'gap', key: `gap:${from}`, after: from, before: to, loading }, afterSeq: from, order: GAP_ORDER }
      this.#gaps.add(part)
      this.#insertSlot(part)
    }
  }

  /** The gap right after seq `after`. */
  #gapStartingAt(after: number): Slot | undefined {
    for (const slot of this.#gaps) if (slot.entry.kind === 'gap' && slot.entry.after === after) return slot
    return undefined
  }

  /** The gap whose missing seqs include `seq`. */
  #gapHolding(seq: number): Slot | undefined {
    for (const slot of this.#gaps) if (slot.entry.kind === 'gap' && slot.entry.after < seq && seq < slot.entry.before) return slot
    return undefined
  }

  #insertAfterNewest(entry: TimelineEntry): void {
    this.#order += 1
    this.#insertSlot({ entry, afterSeq: this.#newestSeq(), order: this.#order })
  }

  /** Keeps the slots sorted; nearly every insert lands at the end. */
  #insertSlot(slot: Slot): void {
    let low = 0
    let high = this.#slots.length
    const last = this.#slots[high - 1]
    if (last === undefined || compare(last, slot) <= 0) {
      this.#slots.push(slot)
      return
    }
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compare(this.#slots[middle] as Slot, slot) <= 0) low = middle + 1
      else high = middle
    }
    this.#slots.splice(low, 0, slot)
  }

  #removeSlot(slot: Slot): void {
    const index = this.#slots.indexOf(slot)
    if (index !== -1) this.#slots.splice(index, 1)
    this.#gaps.delete(slot)
  }

  #newestSeq(): number {
    return this.#newestMessageSeq() ?? this.#info.lastSeq
  }

  #newestMessageSeq(): number | undefined {
    for (let index = this.#slots.length - 1; index >= 0; index--) {
      const entry = (this.#slots[index] as Slot).entry
      if (entry.kind === 'message') return entry.message.seq
    }
    return undefined
  }

  /**
   * Drops the oldest entries over the limit; what was dropped can be paged back in. It lets an eighth of the limit
   * pile up first and drops them together: dropping one entry per new message would shift the whole array each time
   * (it was most of the SDK's cost per received message in a busy room).
   */
  #trim(): void {
    const limit = this.#visible ? this.#maxEntries : this.#maxEntries * HIDDEN_ENTRIES_FACTOR
    const excess = this.#slots.length - limit
    if (excess <= Math.max(0, Math.floor(limit / TRIM_BATCH_DIVISOR) - 1)) return
    for (const slot of this.#slots.splice(0, excess)) {
      if (slot.entry.kind === 'message') this.#seqs.delete(slot.entry.message.seq)
      this.#gaps.delete(slot)
    }
    this.#hasMore = true
  }

  /** A new epoch: the old history is gone; the app's own unsent messages stay. */
  #reset(): void {
    this.#slots = []
    this.#seqs.clear()
    this.#gaps.clear()
    this.#unread = 0
    this.#firstUnreadKey = undefined
  }

  #changed(): void {
    this.#snapshot = undefined
    if (this.#listeners.size === 0) return
    const snapshot = this.snapshot
    for (const listener of [...this.#listeners]) {
      try {
        listener(snapshot)
      } catch (error) {
        this.#source.listenerError(error)
      }
    }
  }
}

function compare(first: Slot, second: Slot): number {
  return first.afterSeq - second.afterSeq || first.order - second.order
}
