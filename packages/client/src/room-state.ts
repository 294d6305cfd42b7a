import type {
  ChatMessage,
  Member,
  MemberJoined,
  MemberLeft,
  MemberUpdated,
  NotifyChanged,
  NotifyLevel,
  PresenceChanged,
  ResumedRoom,
  ResumePoint,
  RoomInfo,
  RoomMember,
  RoomSnapshot,
  RoomUpdated,
  TypingChanged,
} from '@lanchat/protocol'
import { applyRoomChange, notifyLevel } from './room-info.js'

/**
 * What the client knows about a room it is in. Each change replaces the object, so a UI can
 * compare by identity.
 */
export interface RoomState {
  readonly info: RoomInfo
  /** Everyone in the room, you included; `status: 'away'` marks a member whose connection dropped a moment ago. */
  readonly members: readonly RoomMember[]
  /** Members typing right now. A notice expires after `limits.typingTimeoutMs` unless repeated. */
  readonly typing: readonly Member[]
  /** The seq of the newest message delivered to the app; the client resumes from here. */
  readonly lastSeq: number
  /**
   * When the room should notify you (feature `notify`, kept per user across devices): on `all` messages, on
   * `mentions` of you, or `none`. Defaults to `all` in a direct conversation (`info.direct`) and `mentions` elsewhere.
   */
  readonly notify: NotifyLevel
}

/**
 * The rooms the client is in, kept up to date from the server's frames, and the last seq
 * delivered per room: the single place that decides whether a `message.created` is new.
 *
 * @example
 * ```ts
 * const rooms = new RoomStates((room) => console.log(room, 'changed'), () => 6000)
 * rooms.joined(joinedFrame)
 * if (rooms.accept(created.message)) deliver(created)
 * ```
 */
export class RoomStates {
  readonly #rooms = new Map<string, RoomState>()
  /** Last delivered seq per room; also for a room with no state, so even a stray frame is delivered once. */
  readonly #cursors = new Map<string, number>()
  /** The seq each room's info was taken at: only changes (`system` messages with an `event`) after it are applied. */
  readonly #infoSeqs = new Map<string, number>()
  readonly #typingTimers = new Map<string, Map<string, ReturnType<typeof setTimeout>>>()
  readonly #onChange: (room: string) => void
  readonly #typingTimeoutMs: () => number

  /** `onChange` is called with a room id after its members, typing or info changed, or it was added or removed. */
  constructor(onChange: (room: string) => void, typingTimeoutMs: () => number) {
    this.#onChange = onChange
    this.#typingTimeoutMs = typingTimeoutMs
  }

  /** The rooms by id (lower case). A live view: do not hold on to it across changes if you need a snapshot. */
  get view(): ReadonlyMap<string, RoomState> {
    return this.#rooms
  }

  /**
   * A `room.joined` reply: the room with its members and newest messages. The messages belong to
   * the reply, not to the event stream, so later `message.created` frames continue after them.
   */
  joined(snapshot: RoomSnapshot): void {
    const id = snapshot.room.id
    const previous = this.#rooms.get(id)
    let cursor = snapshot.messages.at(-1)?.seq ?? snapshot.room.lastSeq
    if (previous !== undefined && previous.info.epoch === snapshot.room.epoch) {
      cursor = Math.max(cursor, this.#cursors.get(id) ?? 0)
    }
    this.#clearTyping(id)
    this.#cursors.set(id, cursor)
    this.#infoSeqs.set(id, snapshot.room.lastSeq)
    this.#rooms.set(id, { info: snapshot.room, members: snapshot.members, typing: [], lastSeq: cursor, notify: notifyLevel(snapshot) })
    this.#onChange(id)
  }

  /**
   * A room of a `welcome` after a reconnect. Returns the messages to pass to {@link accept}, in
   * order: when `recovered` they continue where the app stood; else the app's timeline restarts
   * with the newest page (seq may start over when the epoch changed).
   */
  resumed(resumed: ResumedRoom): readonly ChatMessage[] {
    const id = resumed.room.id
    const previous = this.#rooms.get(id)
    const continues = resumed.recovered && (previous === undefined || previous.info.epoch === resumed.room.epoch)
    // After a gap the timeline restarts with the page sent, which follows on from the seq before its first message.
    const cursor = continues
      ? (this.#cursors.get(id) ?? 0)
      : (resumed.messages[0]?.seq ?? resumed.room.lastSeq + 1) - 1
    this.#clearTyping(id)
    this.#cursors.set(id, cursor)
    // The info is the room as it is now: the changes among the replayed messages are in it already.
    this.#infoSeqs.set(id, resumed.room.lastSeq)
    this.#rooms.set(id, { info: resumed.room, members: resumed.members, typing: [], lastSeq: cursor, notify: notifyLevel(resumed) })
    this.#onChange(id)
    return resumed.messages
  }

  /**
   * A `room.updated` reply (to `room.update`, `member.update` or `notify.set`): the room's info as it is now, and its
   * notification level when the reply carries one. False if the client is not in the room.
   */
  updated(frame: RoomUpdated): boolean {
    const id = frame.room.id
    const state = this.#rooms.get(id)
    if (state === undefined) return false
    this.#infoSeqs.set(id, Math.max(this.#infoSeqs.get(id) ?? 0, frame.room.lastSeq))
    // `lastSeq` stays the one of the messages delivered: the message recording the change may still be on its way.
    const info = { ...frame.room, lastSeq: state.info.lastSeq }
    this.#rooms.set(id, { ...state, info, notify: frame.notify ?? state.notify })
    this.#onChange(id)
    return true
  }

  /** Another device of this user changed the room's notification level. */
  notifyChanged(frame: NotifyChanged): void {
    this.#update(frame.room, (state) => ({ ...state, notify: frame.level }))
  }

  /** The last seq delivered in a room (0 before any). */
  cursor(room: string): number {
    return this.#cursors.get(room) ?? 0
  }

  /** The room was left or is gone. False if the client did not know it. */
  remove(room: string): boolean {
    this.#clearTyping(room)
    this.#cursors.delete(room)
    this.#infoSeqs.delete(room)
    const removed = this.#rooms.delete(room)
    if (removed) this.#onChange(room)
    return removed
  }

  /**
   * Whether `message` is new to the app: its seq is above the last one delivered for its room.
   * If so, it becomes the last delivered (and its sender stops typing), and a change to the room it records (a
   * `system` message's `event`) newer than the room's info is applied to the info.
   */
  accept(message: ChatMessage): boolean {
    const cursor = this.#cursors.get(message.room) ?? 0
    if (message.seq <= cursor) return false
    this.#cursors.set(message.room, message.seq)
    const state = this.#rooms.get(message.room)
    if (state !== undefined) {
      const newerThanInfo = message.seq > (this.#infoSeqs.get(message.room) ?? 0)
      if (newerThanInfo) this.#infoSeqs.set(message.room, message.seq)
      const change = newerThanInfo && message.kind === 'system' ? message.event : undefined
      let info = change === undefined ? state.info : applyRoomChange(state.info, change)
      if (message.seq > info.lastSeq) info = { ...info, lastSeq: message.seq }
      const stoppedTyping = state.typing.some((member) => member.id === message.from.id)
      if (stoppedTyping) this.#stopTimer(message.room, message.from.id)
      this.#rooms.set(message.room, {
        ...state,
        info,
        lastSeq: message.seq,
        typing: stoppedTyping ? state.typing.filter((member) => member.id !== message.from.id) : state.typing,
      })
      if (stoppedTyping || change !== undefined) this.#onChange(message.room)
    }
    return true
  }

  memberJoined(frame: MemberJoined): void {
    this.#update(frame.room, (state) => ({ ...state, members: upsert(state.members, frame.member) }))
  }

  memberLeft(frame: MemberLeft): void {
    this.#stopTimer(frame.room, frame.member.id)
    this.#update(frame.room, (state) => ({
      ...state,
      members: state.members.filter((member) => member.id !== frame.member.id),
      typing: state.typing.filter((member) => member.id !== frame.member.id),
    }))
  }

  memberUpdated(frame: MemberUpdated): void {
    const rename = <Entry extends Member>(members: readonly Entry[]) =>
      members.map((member) => (member.id === frame.member.id ? { ...member, name: frame.member.name } : member))
    this.#update(frame.room, (state) => ({ ...state, members: rename(state.members), typing: rename(state.typing) }))
  }

  /** A member went away (their connection dropped) or came back online. */
  presenceChanged(frame: PresenceChanged): void {
    const entry: RoomMember = frame.status === 'away' ? { ...frame.member, status: 'away' } : frame.member
    if (frame.status === 'away') this.#stopTimer(frame.room, frame.member.id)
    this.#update(frame.room, (state) => ({
      ...state,
      members: upsert(state.members, entry),
      typing: frame.status === 'away' ? state.typing.filter((member) => member.id !== frame.member.id) : state.typing,
    }))
  }

  /** A typing notice; `typing: true` expires by itself after `limits.typingTimeoutMs` unless repeated. */
  typingChanged(frame: TypingChanged): void {
    if (!this.#rooms.has(frame.room)) return
    this.#stopTimer(frame.room, frame.member.id)
    if (frame.typing) {
      let timers = this.#typingTimers.get(frame.room)
      if (timers === undefined) {
        timers = new Map()
        this.#typingTimers.set(frame.room, timers)
      }
      timers.set(
        frame.member.id,
        setTimeout(() => {
          this.#stopTimer(frame.room, frame.member.id)
          this.#update(frame.room, (state) => ({
            ...state,
            typing: state.typing.filter((member) => member.id !== frame.member.id),
          }))
        }, this.#typingTimeoutMs()),
      )
    }
    this.#update(frame.room, (state) => ({
      ...state,
      typing: frame.typing
        ? upsert(state.typing, frame.member)
        : state.typing.filter((member) => member.id !== frame.member.id),
    }))
  }

  /** Where the client stands in each room, for `hello.resume`. */
  resumePoints(): ResumePoint[] {
    return [...this.#rooms.values()].map((state) => ({
      room: state.info.id,
      epoch: state.info.epoch,
      lastSeq: this.#cursors.get(state.info.id) ?? state.lastSeq,
    }))
  }

  /** The connection dropped: typing notices end (no `typing.changed false` will come for them). */
  connectionLost(): void {
    for (const [id, state] of this.#rooms) {
      if (state.typing.length === 0) continue
      this.#clearTyping(id)
      this.#rooms.set(id, { ...state, typing: [] })
      this.#onChange(id)
    }
  }

  /** Forgets every room and stops every timer (the client closed). */
  clear(): void {
    const ids = [...this.#rooms.keys()]
    for (const id of this.#typingTimers.keys()) this.#clearTyping(id)
    this.#rooms.clear()
    this.#cursors.clear()
    this.#infoSeqs.clear()
    for (const id of ids) this.#onChange(id)
  }

  #update(room: string, change: (state: RoomState) => RoomState): void {
    const state = this.#rooms.get(room)
    if (state === undefined) return
    this.#rooms.set(room, change(state))
    this.#onChange(room)
  }

  #stopTimer(room: string, memberId: string): void {
    const timers = this.#typingTimers.get(room)
    const timer = timers?.get(memberId)
    if (timer === undefined) return
    clearTimeout(timer)
    timers?.delete(memberId)
  }

  #clearTyping(room: string): void {
    const timers = this.#typingTimers.get(room)
    if (timers === undefined) return
    for (const timer of timers.values()) clearTimeout(timer)
    this.#typingTimers.delete(room)
  }
}

function upsert<Entry extends Member>(members: readonly Entry[], member: Entry): readonly Entry[] {
  const index = members.findIndex((existing) => existing.id === member.id)
  if (index === -1) return [...members, member]
  return members.map((existing, position) => (position === index ? member : existing))
}
