import {
  directName,
  distinguishNames,
  LanchatError,
  roleOf,
  splitText,
  type ConnectionState,
  type LanchatClient,
  type Member,
  type OutgoingMessage,
  type RoomMember,
  type RoomTimeline,
  type RoomTimelineSnapshot,
} from '@lanchat/client'
import { sanitizeLine } from '../render/sanitize.js'
import { describeError } from './describe-error.js'
import { displayEntries, type DisplayEntry, type NoticeTone } from './display-entries.js'
import { knownPeople } from './people.js'
import { personLabel } from './person-label.js'
import { isRoomCommand, runRoomCommand, type RoomCommandHost } from './room-commands.js'
import { displayRoomId, helpLines, parseInput, type NotifyLevel, type SlashCommand } from './slash-commands.js'

/** A room as the views show it: its SDK timeline as display entries. Replaced, not mutated, on every change. */
export interface RoomView {
  readonly id: string
  /** How it is shown: `K7M2QX` for code rooms, `lobby`, and for a direct conversation the others' names (`Maria`). */
  readonly label: string
  /** Its display name, sanitized (a direct conversation's: the others' names). */
  readonly name: string
  /** A direct conversation: listed after the rooms. */
  readonly direct: boolean
  /** What the room is about, sanitized; `undefined` when it has none. */
  readonly topic: string | undefined
  /** What it notifies you of (`/notify`): with `none`, its unread count is not highlighted. */
  readonly notify: NotifyLevel
  readonly entries: readonly DisplayEntry[]
  /** Whether older messages can be fetched (PageUp). */
  readonly hasMore: boolean
  readonly loadingOlder: boolean
  /** Messages from others that arrived while another room was shown. */
  readonly unread: number
  /** How many of those mention you (`@Name`): counted apart, as `@2` in the room list. */
  readonly mentions: number
}

/** The unread messages (from the first unread one on) that mention you. */
function unreadMentions(entries: readonly DisplayEntry[], snapshot: RoomTimelineSnapshot): number {
  if (snapshot.unread === 0 || snapshot.firstUnreadKey === undefined) return 0
  const first = entries.findIndex((entry) => entry.key === snapshot.firstUnreadKey)
  if (first === -1) return 0
  return entries.slice(first).filter((entry) => entry.kind === 'message' && entry.mention !== undefined).length
}

/** Events of a {@link ChatSession}. */
export interface ChatSessionEvents {
  /** Something visible changed. */
  change: undefined
  /** A room's entries (or its name, unread count) changed: line mode prints what is new. */
  room: RoomView
  /** A line shown while you are in no room at all. */
  outside: DisplayEntry
  /** You joined a room (at start, /join, /create, or a room that came back after a reconnect). */
  joined: RoomView
  /** The person asked to leave (/quit). */
  quit: undefined
  /** The server ended this device's account session (signed out here or elsewhere, revoked, password changed). */
  signedOut: undefined
}

export interface ChatSessionOptions {
  client: LanchatClient
  /** Persists a new display name or session token (the config file). */
  remember: (update: { name?: string; session?: string }) => void
  /** Messages per history page on PageUp. */
  historyPageSize?: number
  /** The chat socket URL, for the invite links `/invite-link` prints. */
  serverUrl?: string
}

interface TrackedRoom {
  timeline: RoomTimeline
  view: RoomView
  stop: () => void
}

/**
 * The interactive chat's state and commands, shared by the full-screen view and line mode: the rooms you are in,
 * each drawn from the SDK's room timeline (`client.timeline(room)`: order, dedupe, gaps, pending sends, unread), the
 * room on screen, slash commands, sending, paging history and gaps, and what the connection is doing. It only talks
 * to the server through the SDK; the CLI's own lines (results of commands, warnings) are timeline notes.
 *
 * @example
 * ```ts
 * const session = new ChatSession({ client, remember: (update) => saveConfig(update) })
 * await session.enter('lobby')
 * session.on('room', (room) => draw(room.entries))
 * await session.submit('hello everyone')
 * ```
 */
export class ChatSession {
  readonly client: LanchatClient
  readonly #remember: ChatSessionOptions['remember']
  readonly #historyPageSize: number
  readonly #serverUrl: string | undefined
  readonly #rooms = new Map<string, TrackedRoom>()
  readonly #leaving = new Set<string>()
  readonly #listeners = new Map<keyof ChatSessionEvents, Set<(payload: never) => void>>()
  readonly #unsubscribe: Array<() => void> = []
  /** When each of your outgoing messages was first shown, by clientMsgId. */
  readonly #sentAt = new Map<string, number>()
  /** Lines shown while you are in no room at all. */
  #outside: DisplayEntry[] = []
  #activeId: string | undefined
  #connection: ConnectionState
  #keyCounter = 0

  constructor(options: ChatSessionOptions) {
    this.client = options.client
    this.#remember = options.remember
    this.#historyPageSize = options.historyPageSize ?? 50
    this.#serverUrl = options.serverUrl
    this.#connection = options.client.state
    this.#subscribe()
  }

  // ---- what the views read ----

  /** Your rooms in the order you joined them, then your direct conversations in the same order. */
  get rooms(): RoomView[] {
    const views = [...this.#rooms.values()].map((room) => room.view)
    return [...views.filter((view) => !view.direct), ...views.filter((view) => view.direct)]
  }

  /** The room on screen, if you are in any. */
  get activeRoom(): RoomView | undefined {
    return this.#activeId === undefined ? undefined : this.#rooms.get(this.#activeId)?.view
  }

  /** The lines to show in the message pane. */
  get timeline(): readonly DisplayEntry[] {
    return this.activeRoom?.entries ?? this.#outside
  }

  /** Who is in the room on screen; `status: 'away'` while a member's connection is down. */
  get members(): readonly RoomMember[] {
    const id = this.#activeId
    return id === undefined ? [] : (this.#rooms.get(id)?.timeline.snapshot.members ?? [])
  }

  /** The names to show for the room on screen, by user id: tagged where two look alike, `✓` for accounts. */
  get memberLabels(): ReadonlyMap<string, string> {
    const labels = distinguishNames(this.members)
    return new Map(this.members.map((member) => [member.id, personLabel(member, labels)]))
  }

  /** Everyone in your rooms and direct conversations, you left out: whom `/msg`, `/dm` and `/invite` can name. */
  get people(): Member[] {
    return knownPeople(this.client.rooms.values(), this.userId)
  }

  /** Who is typing in the room on screen, you excluded. */
  get typing(): readonly Member[] {
    const id = this.#activeId
    return id === undefined ? [] : (this.#rooms.get(id)?.timeline.snapshot.typing ?? [])
  }

  get connection(): ConnectionState {
    return this.#connection
  }

  /** Your display name. */
  get name(): string {
    return this.client.user?.name ?? ''
  }

  /** Your user id. */
  get userId(): string | undefined {
    return this.client.user?.id
  }

  /** Whether you are signed in to an account (not a guest). */
  get account(): boolean {
    return this.client.user?.account === true
  }

  on<Name extends keyof ChatSessionEvents>(name: Name, listener: (payload: ChatSessionEvents[Name]) => void): () => void {
    let set = this.#listeners.get(name)
    if (set === undefined) {
      set = new Set()
      this.#listeners.set(name, set)
    }
    const entry = listener as (payload: never) => void
    set.add(entry)
    return () => set.delete(entry)
  }

  #emit<Name extends keyof ChatSessionEvents>(name: Name, payload: ChatSessionEvents[Name]): void {
    for (const listener of this.#listeners.get(name) ?? []) (listener as (payload: ChatSessionEvents[Name]) => void)(payload)
  }

  // ---- actions ----

  /**
   * Joins a room at start (the lobby, or --room, with the secret of an invite link if there is one) and shows it.
   * When `optional`, a missing room becomes a notice (a server without a lobby); otherwise the SDK's error is thrown.
   */
  async enter(room: string, optional = true, invite?: string): Promise<void> {
    try {
      this.#addRoom((await this.client.join(room, invite === undefined ? {} : { invite })).room.id)
    } catch (error) {
      if (optional && LanchatError.isInstance(error) && error.code === 'ROOM_NOT_FOUND') {
        this.say(`There is no room ${sanitizeLine(room)} on this server. /join CODE or /create one.`, 'error')
        return
      }
      throw error
    }
  }

  /**
   * Shows the rooms the client is in that this session does not show yet, without going there: the rooms of your
   * account (or kept guest session) that the server's welcome brought back, direct conversations among them.
   */
  adoptRooms(): void {
    for (const id of this.client.rooms.keys()) if (!this.#rooms.has(id) && this.client.timeline(id) !== undefined) this.#addRoom(id, false)
  }

  /**
   * Handles a line typed at the input: a message to the room on screen, or a slash command. Never rejects;
   * problems become notes.
   */
  async submit(line: string): Promise<void> {
    const parsed = parseInput(line)
    switch (parsed.kind) {
      case 'empty':
        return
      case 'invalid':
        this.say(parsed.problem, 'error')
        return
      case 'message':
        this.#sendText(parsed.text)
        return
      case 'command':
        try {
          await this.#run(parsed.command)
        } catch (error) {
          this.say(`/${parsed.command.name}: ${describeError(error)}`, 'error')
        }
    }
  }

  /**
   * Shows room number `position` (from 1) or the room with this id, code or label (a direct conversation's names).
   * Returns whether it exists.
   */
  switchTo(target: string | number): boolean {
    const rooms = this.rooms
    const byNumber = typeof target === 'number' ? target : /^\d+$/.test(target) ? Number(target) : undefined
    const wanted = String(target).trim().toLowerCase()
    const room =
      byNumber !== undefined
        ? rooms[byNumber - 1]
        : (rooms.find((candidate) => candidate.id === wanted) ?? rooms.find((candidate) => candidate.label.toLowerCase() === wanted))
    if (room === undefined) return false
    this.#activate(room.id)
    return true
  }

  /** Fetches the page of history before the oldest message shown (PageUp at the top). */
  async loadOlder(): Promise<void> {
    const timeline = this.#activeTimeline()
    if (timeline === undefined) return
    try {
      await timeline.loadOlder(this.#historyPageSize)
    } catch (error) {
      timeline.note(`Could not load older messages: ${describeError(error)}`, 'error')
    }
  }

  /**
   * Pages in a gap of a room (the one with `key`, else its newest), up to 100 messages at a time. Resolves whether
   * that worked; a failure is said in the room.
   */
  async fillGap(roomId: string, key?: string): Promise<boolean> {
    const timeline = this.#rooms.get(roomId)?.timeline
    if (timeline === undefined) return false
    try {
      await timeline.fillGap(key)
      return true
    } catch (error) {
      timeline.note(`Could not load the missed messages: ${describeError(error)}`, 'error')
      return false
    }
  }

  /** /more: fills the newest gap of the room on screen, or else loads older history. */
  async loadMore(): Promise<void> {
    const room = this.activeRoom
    if (room === undefined) {
      this.say('You are not in a room.', 'error')
      return
    }
    if (room.entries.some((entry) => entry.kind === 'gap')) await this.fillGap(room.id)
    else if (room.hasMore) await this.loadOlder()
    else this.say('There is nothing older in this room.', 'info')
  }

  /** Tells the room on screen whether you are typing (the SDK throttles it). */
  setTyping(typing: boolean): void {
    const id = this.#activeId
    if (id === undefined || this.#connection !== 'open') return
    this.client.typing(id, typing)
  }

  /** Waits until every message you sent is stored or has failed, for at most `timeoutMs`. */
  async flush(timeoutMs: number): Promise<void> {
    // Closed for good (signed out, refused): nothing waiting will be acknowledged.
    if (this.client.state === 'closed') return
    const pending = this.client.outbox.filter((outgoing) => outgoing.state === 'pending')
    if (pending.length === 0) return
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.allSettled(pending.map((outgoing) => outgoing.acked)),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs)
      }),
    ])
    clearTimeout(timer)
  }

  /**
   * Shows a line of the CLI's own (a hint, a result, a warning) in the room on screen, as a timeline note; in no
   * room, on the empty pane.
   */
  say(text: string, tone: NoticeTone = 'info'): void {
    const timeline = this.#activeTimeline()
    if (timeline !== undefined) {
      timeline.note(text, tone === 'error' ? 'error' : 'info')
      return
    }
    this.#keyCounter++
    const entry: DisplayEntry = { kind: 'notice', key: `outside:${this.#keyCounter}`, ts: Date.now(), text, tone }
    this.#outside = [...this.#outside, entry].slice(-500)
    this.#emit('outside', entry)
    this.#emit('change', undefined)
  }

  /** Stops listening to the client and its timelines (the caller closes it). */
  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
    for (const room of this.#rooms.values()) room.stop()
  }

  // ---- commands ----

  async #run(command: SlashCommand): Promise<void> {
    if (isRoomCommand(command)) {
      await runRoomCommand(this.#commandHost(), command)
      return
    }
    switch (command.name) {
      case 'help':
        for (const line of helpLines()) this.say(line)
        return
      case 'quit':
        this.#emit('quit', undefined)
        return
      case 'more':
        await this.loadMore()
        return
      case 'leave': {
        const room = this.activeRoom
        if (room === undefined) {
          this.say('You are not in a room.', 'error')
          return
        }
        await this.#leaveWith(room.id, () => this.client.leave(room.id))
        this.say(`You left ${room.label}.`)
        return
      }
      case 'rooms': {
        const rooms = this.rooms
        if (rooms.length === 0) {
          this.say('You are in no room. /join CODE or /create one.')
          return
        }
        this.say('Your rooms (/switch N, or Alt+N):')
        rooms.forEach((room, index) => {
          const count = this.#rooms.get(room.id)?.timeline.snapshot.members.length ?? 0
          const here = room.id === this.#activeId ? '  ← here' : ''
          const quiet = room.notify === 'none' ? ', notifications off' : ''
          const title = room.name === room.label ? room.label : `${room.label} ${room.name}`
          this.say(`${index + 1}. ${title} (${count} ${count === 1 ? 'person' : 'people'}${quiet})${here}`)
        })
        return
      }
      case 'switch':
        if (!this.switchTo(command.target)) this.say(`You are not in a room ${sanitizeLine(command.target)}; /rooms lists yours.`, 'error')
        return
      case 'who': {
        const room = this.activeRoom
        if (room === undefined) {
          this.say('You are not in a room.', 'error')
          return
        }
        const me = this.userId
        const labels = this.memberLabels
        const info = this.client.rooms.get(room.id)?.info
        const names = this.members.map((member) => {
          const role = info === undefined ? 'member' : roleOf(info, member.id)
          const notes = [
            member.id === me ? 'you' : undefined,
            role === 'member' ? undefined : role,
            info?.muted?.includes(member.id) === true ? 'muted' : undefined,
            member.status === 'away' ? 'away' : undefined,
          ].filter((note) => note !== undefined)
          return `${sanitizeLine(labels.get(member.id) ?? member.name)}${notes.map((note) => ` (${note})`).join('')}`
        })
        this.say(`In ${room.label} (${names.length}): ${names.join(', ')}`)
        return
      }
      case 'name': {
        const newName = command.newName.trim()
        await this.client.setName(newName)
        this.#remember({ name: this.client.user?.name ?? newName })
        this.say(`You are now ${sanitizeLine(this.client.user?.name ?? newName)}.`)
        return
      }
    }
  }

  #sendText(text: string): void {
    const room = this.activeRoom
    if (room === undefined) {
      this.say('You are not in a room. /join CODE or /create one.', 'error')
      return
    }
    this.#sendTo(room.id, text)
  }

  /** Sends a text to a room, split into several messages when it is longer than the server takes. */
  #sendTo(roomId: string, text: string): void {
    const max = this.client.limits?.maxTextLength ?? 4000
    const pieces = splitText(text, max)
    if (pieces.length > 1) this.say(`That was longer than ${max} characters; sending it as ${pieces.length} messages.`)
    // The timeline shows each as an outgoing entry until it is stored.
    for (const piece of pieces) this.client.send(roomId, piece)
    this.setTyping(false)
  }

  /** What the room commands (room-commands.ts) use of this session. */
  #commandHost(): RoomCommandHost {
    const activeRoom = (): RoomView | undefined => this.activeRoom
    return {
      client: this.client,
      serverUrl: this.#serverUrl,
      get activeRoom() {
        return activeRoom()
      },
      say: (text, tone) => this.say(text, tone),
      show: (roomId, activate) => this.#addRoom(roomId, activate),
      sendTo: (roomId, text) => this.#sendTo(roomId, text),
      leaveWith: (roomId, work) => this.#leaveWith(roomId, work),
    }
  }

  /** Runs what takes you out of a room (leave, delete) without calling the room gone, then stops showing it. */
  async #leaveWith(roomId: string, work: () => Promise<unknown>): Promise<void> {
    this.#leaving.add(roomId)
    try {
      await work()
    } finally {
      this.#leaving.delete(roomId)
    }
    this.#removeRoom(roomId)
  }

  // ---- client events ----

  #subscribe(): void {
    const client = this.client
    this.#unsubscribe.push(
      client.on('room.updated', (roomId) => this.#onRoomUpdated(roomId)),
      client.on('room.resumed', (resumed) => {
        // A room the server gave back after a reconnect that this session does not show yet.
        if (!this.#rooms.has(resumed.room.id)) this.#addRoom(resumed.room.id, false)
      }),
      client.on('room.added', (added) => this.#onRoomAdded(added.room.id)),
      client.on('room.removed', (removed) => this.#onRoomRemoved(removed.room, removed.reason, removed.by)),
      client.on('state', ({ state, previous }) => this.#onState(state, previous)),
      client.on('open', (welcome) => this.#remember({ session: welcome.session })),
      client.on('outbox', (outgoing) => {
        // Stored (a message now) or dropped: its time is no longer needed.
        if (outgoing.state === 'sent' || outgoing.error?.code === 'MESSAGE_DISCARDED') this.#sentAt.delete(outgoing.clientMsgId)
      }),
      client.on('error', (error) => {
        if (error.code === 'SIGNED_OUT') {
          this.#emit('signedOut', undefined)
          return
        }
        if (error.code === 'INVALID_FRAME' || error.code === 'CONNECTION_LOST' || error.code === 'CONNECTION_FAILED') return
        this.say(describeError(error), 'error')
      }),
    )
  }

  #onRoomUpdated(roomId: string): void {
    const tracked = this.#rooms.get(roomId)
    if (tracked === undefined) return
    const notify = this.client.rooms.get(roomId)?.notify
    if (notify !== undefined && notify !== tracked.view.notify) {
      // The level is not part of the timeline: redraw the view for it (set here, on another device, or by default).
      tracked.view = this.#view(roomId, tracked.timeline.snapshot)
      this.#emit('room', tracked.view)
      this.#emit('change', undefined)
    }
    if (this.client.rooms.get(roomId) === undefined && !this.#leaving.has(roomId)) {
      // A `room.removed` that dropped it comes right after this event and says why; otherwise the server no longer has
      // it (it emptied while we were away).
      queueMicrotask(() => {
        if (this.#rooms.get(roomId) !== tracked || this.client.rooms.has(roomId)) return
        this.#removeRoom(roomId)
        this.say(`Room ${tracked.view.label} is gone: everyone left it while you were away.`, 'error')
      })
    }
  }

  /** You are in a room you did not join here: a direct conversation someone opened, an invite, another device. */
  #onRoomAdded(roomId: string): void {
    if (this.#rooms.has(roomId) || this.client.timeline(roomId) === undefined) return
    const view = this.#addRoom(roomId, false)
    const position = this.rooms.findIndex((room) => room.id === roomId) + 1
    const go = position >= 1 && position <= 9 ? `Alt+${position} or /switch ${position}` : `/switch ${view.label}`
    if (this.activeRoom?.id === roomId) return
    this.say(view.direct ? `${view.label}: a direct conversation with you (${go}).` : `You are now in ${view.name === view.label ? view.label : `${view.label} (${view.name})`} (${go}).`)
  }

  /** The server took you out of a room (removed, banned, deleted, or you left on another device): stop showing it. */
  #onRoomRemoved(roomId: string, reason: 'removed' | 'banned' | 'deleted' | 'left', by: Member | undefined): void {
    const tracked = this.#rooms.get(roomId)
    if (tracked === undefined || this.#leaving.has(roomId)) return
    this.#removeRoom(roomId)
    const { view } = tracked
    const room = view.name === view.label ? view.label : `${view.name} (${view.label})`
    const who = by === undefined || by.id === this.userId ? '' : ` by ${sanitizeLine(by.name)}`
    switch (reason) {
      case 'removed':
        this.say(`You were removed from ${room}${who}.`, 'error')
        return
      case 'banned':
        this.say(`You were banned from ${room}${who}.`, 'error')
        return
      case 'deleted':
        this.say(`${room} was deleted${who}.`, 'error')
        return
      case 'left':
        this.say(`You left ${room} on another device.`)
        return
    }
  }

  #onState(state: ConnectionState, previous: ConnectionState): void {
    this.#connection = state
    if (state === 'reconnecting' && previous === 'open') this.say('Connection lost; reconnecting…', 'error')
    else if (state === 'open' && previous === 'reconnecting') this.say('Reconnected.')
    else if (state === 'closed' && previous !== 'closed') this.say('Disconnected.', 'error')
    this.#emit('change', undefined)
  }

  // ---- bookkeeping ----

  /** Starts showing a room the client has joined, from its timeline. */
  #addRoom(id: string, activate = true): RoomView {
    const existing = this.#rooms.get(id)
    if (existing === undefined) {
      const timeline = this.client.timeline(id)
      if (timeline === undefined) throw new Error(`the SDK has no timeline for ${id}`)
      const tracked: TrackedRoom = { timeline, view: this.#view(id, timeline.snapshot), stop: () => {} }
      tracked.stop = timeline.subscribe((snapshot) => {
        tracked.view = this.#view(id, snapshot)
        this.#emit('room', tracked.view)
        this.#emit('change', undefined)
      })
      this.#rooms.set(id, tracked)
    }
    if (activate || this.#activeId === undefined) this.#activate(id)
    else this.#emit('change', undefined)
    const view = (this.#rooms.get(id) as TrackedRoom).view
    this.#emit('joined', view)
    return view
  }

  #view(id: string, snapshot: RoomTimelineSnapshot): RoomView {
    const { room } = snapshot
    const direct = room.direct !== undefined
    const name = sanitizeLine(direct ? directName(room, this.userId ?? '') : room.name)
    const entries = displayEntries(snapshot, { userId: this.userId, userName: this.client.user?.name, sentAt: (outgoing) => this.#firstShown(outgoing) })
    return {
      id,
      label: direct ? name : displayRoomId(id, room.kind),
      name,
      direct,
      topic: room.topic === undefined || room.topic === '' ? undefined : sanitizeLine(room.topic),
      notify: this.client.rooms.get(id)?.notify ?? (direct ? 'all' : 'mentions'),
      entries,
      hasMore: snapshot.hasMore,
      loadingOlder: snapshot.loadingOlder,
      unread: snapshot.unread,
      mentions: unreadMentions(entries, snapshot),
    }
  }

  #firstShown(outgoing: OutgoingMessage): number {
    let at = this.#sentAt.get(outgoing.clientMsgId)
    if (at === undefined) {
      at = Date.now()
      this.#sentAt.set(outgoing.clientMsgId, at)
    }
    return at
  }

  #removeRoom(id: string): void {
    // The neighbour in the order the views list them: the one before it, else the first.
    const position = this.rooms.findIndex((room) => room.id === id)
    this.#rooms.get(id)?.stop()
    this.#rooms.delete(id)
    if (this.#activeId === id) {
      const remaining = this.rooms.map((room) => room.id)
      this.#activeId = undefined
      const next = remaining[Math.min(Math.max(position - 1, 0), remaining.length - 1)]
      if (next !== undefined) this.#activate(next)
    }
    this.#emit('change', undefined)
  }

  /** Shows a room: its timeline is the visible one (nothing in it counts as unread), the others are not. */
  #activate(id: string): void {
    this.#activeId = id
    for (const [roomId, room] of this.#rooms) if (roomId !== id) room.timeline.setVisible(false)
    this.#rooms.get(id)?.timeline.setVisible(true)
    this.#emit('change', undefined)
  }

  #activeTimeline(): RoomTimeline | undefined {
    return this.#activeId === undefined ? undefined : this.#rooms.get(this.#activeId)?.timeline
  }
}
