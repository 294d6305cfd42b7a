import { distinguishNames, LanchatError, splitText, type ConnectionState, type LanchatClient } from '@lanchat/client'
import { sanitizeLine } from '../render/sanitize.js'
import { displayRoomId, helpLines, parseInput, type SlashCommand } from './slash-commands.js'
import type { ChatMessage, Member, ResumedRoom, RoomJoined, RoomMember } from './wire-types.js'

/** How an information line looks: plain, someone arriving or going, or something that went wrong. */
export type NoticeTone = 'info' | 'join' | 'leave' | 'error'

/** One line of a room's timeline. */
export type TimelineEntry =
  | {
      kind: 'message'
      key: string
      message: ChatMessage
      own: boolean
      /** The author's name as shown: tagged (`Maria · 4f2a`) when someone else in the room has a name that looks alike. */
      author: string
    }
  | { kind: 'pending'; key: string; clientMsgId: string; text: string; ts: number; failed: string | undefined }
  | { kind: 'notice'; key: string; ts: number; text: string; tone: NoticeTone }

/** A room as the views show it. Replaced, not mutated, on every change. */
export interface RoomView {
  readonly id: string
  /** How its id is shown: `K7M2QX` for code rooms, `lobby`. */
  readonly label: string
  /** Its display name, sanitized. */
  readonly name: string
  readonly entries: readonly TimelineEntry[]
  /** Whether older messages can be fetched (PageUp). */
  readonly hasMore: boolean
  readonly loadingOlder: boolean
  /** Messages that arrived while another room was shown. */
  readonly unread: number
}

/** Events of a {@link ChatSession}. */
export interface ChatSessionEvents {
  /** Something visible changed. */
  change: undefined
  /** A new line for line mode: a live message or notice (not history, not pending sends). */
  line: { room: RoomView | undefined; entry: TimelineEntry }
  /** You joined a room (at start, /join, /create, or a room that came back after a reconnect). */
  joined: RoomView
  /** The person asked to leave (/quit). */
  quit: undefined
}

export interface ChatSessionOptions {
  client: LanchatClient
  /** Persists a new display name or session token (the config file). */
  remember: (update: { name?: string; session?: string }) => void
  /** Messages per history page on PageUp. */
  historyPageSize?: number
}

// A timeline keeps this many entries; older ones are dropped and can be paged back in.
const MAX_ENTRIES = 3_000

/** The seq of a timeline entry, for keeping messages in order; pending and notices have none. */
function seqOf(entry: TimelineEntry): number | undefined {
  return entry.kind === 'message' ? entry.message.seq : undefined
}

/** Words for a LanchatError (or anything thrown). */
export function describeError(error: unknown): string {
  if (LanchatError.isInstance(error)) {
    switch (error.code) {
      case 'ROOM_NOT_FOUND':
        return 'no such room'
      case 'RATE_LIMITED':
        return 'too many messages at once; wait a moment'
      case 'MESSAGE_REJECTED':
        return `the server refused it: ${error.message}`
      case 'TIMEOUT':
        return 'the server did not answer in time'
      default:
        return sanitizeLine(error.message)
    }
  }
  return sanitizeLine(error instanceof Error ? error.message : String(error))
}

/**
 * The interactive chat's state and commands, shared by the full-screen view and line mode: the rooms you
 * are in and their timelines, the room on screen, slash commands, sending, paging history, and what the
 * connection is doing. It only talks to the server through the SDK.
 *
 * @example
 * ```ts
 * const session = new ChatSession({ client, remember: (update) => saveConfig(update) })
 * await session.enter('lobby')
 * session.on('line', ({ room, entry }) => print(room, entry))
 * await session.submit('hello everyone')
 * ```
 */
export class ChatSession {
  readonly client: LanchatClient
  readonly #remember: ChatSessionOptions['remember']
  readonly #historyPageSize: number
  readonly #rooms = new Map<string, RoomView>()
  readonly #seen = new Map<string, Set<string>>()
  readonly #leaving = new Set<string>()
  readonly #listeners = new Map<keyof ChatSessionEvents, Set<(payload: never) => void>>()
  readonly #unsubscribe: Array<() => void> = []
  /** Lines shown while you are in no room at all. */
  #lobbyless: TimelineEntry[] = []
  #activeId: string | undefined
  #connection: ConnectionState
  #keyCounter = 0

  constructor(options: ChatSessionOptions) {
    this.client = options.client
    this.#remember = options.remember
    this.#historyPageSize = options.historyPageSize ?? 50
    this.#connection = options.client.state
    this.#subscribe()
  }

  // ---- what the views read ----

  /** Your rooms, in the order you joined them. */
  get rooms(): RoomView[] {
    return [...this.#rooms.values()]
  }

  /** The room on screen, if you are in any. */
  get activeRoom(): RoomView | undefined {
    return this.#activeId === undefined ? undefined : this.#rooms.get(this.#activeId)
  }

  /** The lines to show in the message pane. */
  get timeline(): readonly TimelineEntry[] {
    return this.activeRoom?.entries ?? this.#lobbyless
  }

  /** Who is in the room on screen; `status: 'away'` while a member's connection is down. */
  get members(): readonly RoomMember[] {
    const id = this.#activeId
    return id === undefined ? [] : (this.client.rooms.get(id)?.members ?? [])
  }

  /** The names to show for the room on screen, by user id: tagged where two look alike. */
  get memberLabels(): ReadonlyMap<string, string> {
    return distinguishNames(this.members)
  }

  /** Who is typing in the room on screen, you excluded. */
  get typing(): readonly Member[] {
    const id = this.#activeId
    const me = this.client.user?.id
    return id === undefined ? [] : (this.client.rooms.get(id)?.typing ?? []).filter((member) => member.id !== me)
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
   * Joins a room at start (the lobby, or --room) and shows it. When `optional`, a missing room becomes a
   * notice (a server without a lobby); otherwise the SDK's error is thrown.
   */
  async enter(room: string, optional = true): Promise<void> {
    try {
      this.#addRoom(await this.client.join(room))
    } catch (error) {
      if (optional && LanchatError.isInstance(error) && error.code === 'ROOM_NOT_FOUND') {
        this.#notice(undefined, `There is no room ${room} on this server. /join CODE or /create one.`, 'error')
        return
      }
      throw error
    }
  }

  /**
   * Handles a line typed at the input: a message to the room on screen, or a slash command. Never rejects;
   * problems become notices.
   */
  async submit(line: string): Promise<void> {
    const parsed = parseInput(line)
    switch (parsed.kind) {
      case 'empty':
        return
      case 'invalid':
        this.#notice(this.#activeId, parsed.problem, 'error')
        return
      case 'message':
        this.#sendText(parsed.text)
        return
      case 'command':
        try {
          await this.#run(parsed.command)
        } catch (error) {
          this.#notice(this.#activeId, `/${parsed.command.name}: ${describeError(error)}`, 'error')
        }
    }
  }

  /** Shows room number `position` (from 1) or the room with this id or code. Returns whether it exists. */
  switchTo(target: string | number): boolean {
    const rooms = this.rooms
    const byNumber = typeof target === 'number' ? target : /^\d+$/.test(target) ? Number(target) : undefined
    const room =
      byNumber !== undefined
        ? rooms[byNumber - 1]
        : rooms.find((candidate) => candidate.id === String(target).trim().toLowerCase())
    if (room === undefined) return false
    this.#activate(room.id)
    return true
  }

  /** Fetches the page of history before the oldest message shown (PageUp). */
  async loadOlder(): Promise<void> {
    const room = this.activeRoom
    if (room === undefined || !room.hasMore || room.loadingOlder) return
    const oldest = room.entries.map(seqOf).find((seq) => seq !== undefined)
    this.#update(room.id, { loadingOlder: true })
    try {
      const options = oldest === undefined ? { limit: this.#historyPageSize } : { before: oldest, limit: this.#historyPageSize }
      const page = await this.client.history(room.id, options)
      const seen = this.#seenIn(room.id)
      const older = page.messages
        .filter((message) => !seen.has(message.id))
        .map((message): TimelineEntry => {
          seen.add(message.id)
          return this.#messageEntry(message)
        })
      const current = this.#rooms.get(room.id)
      if (current !== undefined) this.#update(room.id, { entries: [...older, ...current.entries], hasMore: page.hasMore, loadingOlder: false })
    } catch (error) {
      this.#update(room.id, { loadingOlder: false })
      this.#notice(room.id, `Could not load older messages: ${describeError(error)}`, 'error')
    }
  }

  /** Tells the room on screen whether you are typing (the SDK throttles it). */
  setTyping(typing: boolean): void {
    const id = this.#activeId
    if (id === undefined || this.#connection !== 'open') return
    this.client.typing(id, typing)
  }

  /** Waits until every message you sent is stored or has failed, for at most `timeoutMs`. */
  async flush(timeoutMs: number): Promise<void> {
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

  /** Shows an information line of the app's own (a hint, a warning) in the room on screen. */
  say(text: string, tone: NoticeTone = 'info'): void {
    this.#notice(this.#activeId, text, tone)
  }

  /** Stops listening to the client (the caller closes it). */
  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
  }

  // ---- commands ----

  async #run(command: SlashCommand): Promise<void> {
    switch (command.name) {
      case 'help':
        for (const line of helpLines()) this.#notice(this.#activeId, line, 'info')
        return
      case 'quit':
        this.#emit('quit', undefined)
        return
      case 'create': {
        const joined = await this.client.create(command.roomName === undefined ? {} : { name: command.roomName })
        const view = this.#addRoom(joined)
        this.#notice(view.id, `Created ${view.name} with the code ${view.label}. Others join it with /join ${view.label}. It is kept while anyone is in it and deleted with its messages once everyone has left.`, 'info')
        return
      }
      case 'join': {
        const id = command.room.trim().toLowerCase()
        if (this.#rooms.has(id)) {
          this.#activate(id)
          return
        }
        try {
          this.#addRoom(await this.client.join(command.room.trim()))
        } catch (error) {
          if (LanchatError.isInstance(error) && (error.code === 'ROOM_NOT_FOUND' || error.code === 'BAD_REQUEST')) {
            this.#notice(this.#activeId, `There is no room ${sanitizeLine(command.room.toUpperCase())}. Check the code.`, 'error')
            return
          }
          throw error
        }
        return
      }
      case 'leave': {
        const room = this.activeRoom
        if (room === undefined) {
          this.#notice(undefined, 'You are not in a room.', 'error')
          return
        }
        this.#leaving.add(room.id)
        try {
          await this.client.leave(room.id)
        } finally {
          this.#leaving.delete(room.id)
        }
        this.#removeRoom(room.id)
        this.#notice(this.#activeId, `You left ${room.label}.`, 'info')
        return
      }
      case 'rooms': {
        const rooms = this.rooms
        if (rooms.length === 0) {
          this.#notice(undefined, 'You are in no room. /join CODE or /create one.', 'info')
          return
        }
        this.#notice(this.#activeId, 'Your rooms (/switch N, or Alt+N):', 'info')
        rooms.forEach((room, index) => {
          const count = this.client.rooms.get(room.id)?.members.length ?? 0
          const here = room.id === this.#activeId ? '  ← here' : ''
          const title = room.name === room.label ? room.label : `${room.label} ${room.name}`
          this.#notice(this.#activeId, `${index + 1}. ${title} (${count} ${count === 1 ? 'person' : 'people'})${here}`, 'info')
        })
        return
      }
      case 'switch':
        if (!this.switchTo(command.target)) {
          this.#notice(this.#activeId, `You are not in a room ${sanitizeLine(command.target)}; /rooms lists yours.`, 'error')
        }
        return
      case 'who': {
        const room = this.activeRoom
        if (room === undefined) {
          this.#notice(undefined, 'You are not in a room.', 'error')
          return
        }
        const me = this.userId
        const labels = this.memberLabels
        const names = this.members.map(
          (member) =>
            `${sanitizeLine(labels.get(member.id) ?? member.name)}${member.id === me ? ' (you)' : ''}${member.status === 'away' ? ' (away)' : ''}`,
        )
        this.#notice(room.id, `In ${room.label} (${names.length}): ${names.join(', ')}`, 'info')
        return
      }
      case 'name': {
        const newName = command.newName.trim()
        await this.client.setName(newName)
        this.#remember({ name: this.client.user?.name ?? newName })
        this.#notice(this.#activeId, `You are now ${sanitizeLine(this.client.user?.name ?? newName)}.`, 'info')
        return
      }
    }
  }

  #sendText(text: string): void {
    const room = this.activeRoom
    if (room === undefined) {
      this.#notice(undefined, 'You are not in a room. /join CODE or /create one.', 'error')
      return
    }
    const max = this.client.limits?.maxTextLength ?? 4000
    const pieces = splitText(text, max)
    if (pieces.length > 1) this.#notice(room.id, `That was longer than ${max} characters; sending it as ${pieces.length} messages.`, 'info')
    for (const piece of pieces) {
      const outgoing = this.client.send(room.id, piece)
      this.#append(room.id, {
        kind: 'pending',
        key: `pending-${outgoing.clientMsgId}`,
        clientMsgId: outgoing.clientMsgId,
        text: piece,
        ts: Date.now(),
        failed: outgoing.state === 'failed' ? describeError(outgoing.error) : undefined,
      })
    }
    this.setTyping(false)
  }

  // ---- client events ----

  #subscribe(): void {
    const client = this.client
    this.#unsubscribe.push(
      client.on('message.created', ({ message }) => this.#onMessage(message)),
      client.on('member.joined', ({ room, member }) => {
        if (member.id !== this.userId) this.#notice(room, `${sanitizeLine(member.name)} joined`, 'join', true)
      }),
      client.on('member.left', ({ room, member, reason }) => {
        if (member.id === this.userId) return
        this.#notice(room, `${sanitizeLine(member.name)} ${reason === 'left' ? 'left' : 'lost their connection'}`, 'leave', true)
      }),
      client.on('member.updated', ({ room, member, previousName }) => {
        if (member.id !== this.userId) this.#notice(room, `${sanitizeLine(previousName)} is now ${sanitizeLine(member.name)}`, 'info', true)
      }),
      client.on('room.updated', (roomId) => this.#onRoomUpdated(roomId)),
      client.on('room.resumed', (resumed) => this.#onResumed(resumed)),
      client.on('outbox', (outgoing) => {
        if (outgoing.state === 'failed') this.#markPending(outgoing.room, outgoing.clientMsgId, describeError(outgoing.error))
        else if (outgoing.state === 'sent' && outgoing.message !== undefined) this.#onMessage(outgoing.message)
        else if (outgoing.state === 'pending') this.#markPending(outgoing.room, outgoing.clientMsgId, undefined)
      }),
      client.on('state', ({ state, previous }) => this.#onState(state, previous)),
      client.on('open', (welcome) => this.#remember({ session: welcome.session })),
      client.on('error', (error) => {
        if (error.code === 'INVALID_FRAME' || error.code === 'CONNECTION_LOST' || error.code === 'CONNECTION_FAILED') return
        this.#notice(this.#activeId, describeError(error), 'error', true)
      }),
    )
  }

  #onMessage(message: ChatMessage): void {
    const room = this.#rooms.get(message.room)
    if (room === undefined) return
    const seen = this.#seenIn(message.room)
    if (seen.has(message.id)) return
    seen.add(message.id)
    const entry = this.#messageEntry(message)
    const pendingIndex = entry.own
      ? room.entries.findIndex((candidate) => candidate.kind === 'pending' && candidate.clientMsgId === message.clientMsgId)
      : -1
    let entries: TimelineEntry[]
    if (pendingIndex !== -1) {
      entries = [...room.entries]
      entries[pendingIndex] = entry
    } else {
      // Keep seq order: almost always at the end, but a page of history may be arriving at the same time.
      let index = room.entries.length
      while (index > 0) {
        const seq = seqOf(room.entries[index - 1] as TimelineEntry)
        if (seq === undefined || seq < message.seq) break
        index--
      }
      entries = [...room.entries.slice(0, index), entry, ...room.entries.slice(index)]
    }
    const unread = room.id === this.#activeId || entry.own ? room.unread : room.unread + 1
    this.#update(room.id, { entries: entries.slice(-MAX_ENTRIES), unread })
    this.#emit('line', { room: this.#rooms.get(room.id), entry })
  }

  #onRoomUpdated(roomId: string): void {
    const state = this.client.rooms.get(roomId)
    const view = this.#rooms.get(roomId)
    if (state === undefined && view !== undefined && !this.#leaving.has(roomId)) {
      // The server no longer has it (it emptied while we were away).
      this.#removeRoom(roomId)
      this.#notice(this.#activeId, `Room ${view.label} is gone: everyone left it while you were away.`, 'error', true)
      return
    }
    if (state !== undefined && view !== undefined && sanitizeLine(state.info.name) !== view.name) {
      this.#update(roomId, { name: sanitizeLine(state.info.name) })
      return
    }
    this.#emit('change', undefined)
  }

  #onResumed(resumed: ResumedRoom): void {
    const id = resumed.room.id
    if (!this.#rooms.has(id)) {
      this.#addRoom({ ...resumed, type: 'room.joined', ref: '' }, false)
      return
    }
    if (resumed.recovered) return
    // A gap: start this room's timeline over; the newest page follows as message.created.
    const room = this.#rooms.get(id) as RoomView
    this.#seen.set(id, new Set())
    this.#update(id, {
      entries: room.entries.filter((entry) => entry.kind === 'pending'),
      hasMore: resumed.hasMore,
    })
    this.#notice(id, 'You missed too much while away to show it all; PageUp loads older messages.', 'info', true)
  }

  #onState(state: ConnectionState, previous: ConnectionState): void {
    this.#connection = state
    if (state === 'reconnecting' && previous === 'open') this.#notice(this.#activeId, 'Connection lost; reconnecting…', 'error', true)
    else if (state === 'open' && previous === 'reconnecting') this.#notice(this.#activeId, 'Reconnected.', 'info', true)
    else if (state === 'closed' && previous !== 'closed') this.#notice(this.#activeId, 'Disconnected.', 'error', true)
    this.#emit('change', undefined)
  }

  // ---- bookkeeping ----

  #addRoom(joined: RoomJoined, activate = true): RoomView {
    const id = joined.room.id
    const seen = new Set<string>()
    this.#seen.set(id, seen)
    const previous = this.#rooms.get(id)
    const entries: TimelineEntry[] = joined.messages.map((message) => {
      seen.add(message.id)
      return this.#messageEntry(message)
    })
    this.#rooms.set(id, {
      id,
      label: displayRoomId(id, joined.room.kind),
      name: sanitizeLine(joined.room.name),
      entries: previous === undefined ? entries : [...entries, ...previous.entries.filter((entry) => entry.kind === 'pending')],
      hasMore: joined.hasMore,
      loadingOlder: false,
      unread: 0,
    })
    if (activate || this.#activeId === undefined) this.#activate(id)
    else this.#emit('change', undefined)
    const view = this.#rooms.get(id) as RoomView
    this.#emit('joined', view)
    return view
  }

  #removeRoom(id: string): void {
    const ids = [...this.#rooms.keys()]
    const position = ids.indexOf(id)
    this.#rooms.delete(id)
    this.#seen.delete(id)
    if (this.#activeId === id) {
      const remaining = [...this.#rooms.keys()]
      this.#activeId = remaining[Math.min(Math.max(position - 1, 0), remaining.length - 1)]
    }
    this.#emit('change', undefined)
  }

  #activate(id: string): void {
    this.#activeId = id
    const room = this.#rooms.get(id)
    if (room !== undefined && room.unread > 0) this.#update(id, { unread: 0 })
    else this.#emit('change', undefined)
  }

  #update(id: string, change: Partial<RoomView>): void {
    const room = this.#rooms.get(id)
    if (room === undefined) return
    this.#rooms.set(id, { ...room, ...change })
    this.#emit('change', undefined)
  }

  #seenIn(id: string): Set<string> {
    let seen = this.#seen.get(id)
    if (seen === undefined) {
      seen = new Set()
      this.#seen.set(id, seen)
    }
    return seen
  }

  #messageEntry(message: ChatMessage): TimelineEntry & { kind: 'message' } {
    return { kind: 'message', key: `message-${message.id}`, message, own: message.from.id === this.userId, author: this.#author(message) }
  }

  /** The author's label among the room's members and the authors already in its timeline. */
  #author(message: ChatMessage): string {
    if (message.kind !== 'user') return message.from.name
    const people: Member[] = [...(this.client.rooms.get(message.room)?.members ?? [])]
    for (const entry of this.#rooms.get(message.room)?.entries ?? []) {
      if (entry.kind === 'message' && entry.message.kind === 'user') people.push(entry.message.from)
    }
    people.push(message.from)
    return distinguishNames(people).get(message.from.id) ?? message.from.name
  }

  #markPending(roomId: string, clientMsgId: string, failed: string | undefined): void {
    const room = this.#rooms.get(roomId)
    if (room === undefined) return
    const index = room.entries.findIndex((entry) => entry.kind === 'pending' && entry.clientMsgId === clientMsgId)
    if (index === -1) return
    const entries = [...room.entries]
    entries[index] = { ...(entries[index] as TimelineEntry & { kind: 'pending' }), failed }
    this.#update(roomId, { entries })
    if (failed !== undefined) this.#emit('line', { room: this.#rooms.get(roomId), entry: { kind: 'notice', key: this.#key(), ts: Date.now(), text: `Not sent: ${failed}`, tone: 'error' } })
  }

  #append(roomId: string | undefined, entry: TimelineEntry): void {
    const room = roomId === undefined ? undefined : this.#rooms.get(roomId)
    if (room === undefined) {
      this.#lobbyless = [...this.#lobbyless, entry].slice(-MAX_ENTRIES)
      this.#emit('change', undefined)
      return
    }
    this.#update(room.id, { entries: [...room.entries, entry].slice(-MAX_ENTRIES) })
  }

  #key(): string {
    this.#keyCounter++
    return `notice-${this.#keyCounter}`
  }

  /** Adds an information line to a room (or to the no-room pane) and tells line mode. */
  #notice(roomId: string | undefined, text: string, tone: NoticeTone, live = false): void {
    const entry: TimelineEntry = { kind: 'notice', key: this.#key(), ts: Date.now(), text, tone }
    // Events for a room we do not show (another connection of ours joined it) are ignored.
    if (roomId !== undefined && !this.#rooms.has(roomId)) {
      if (live) return
      roomId = this.#activeId
    }
    this.#append(roomId, entry)
    this.#emit('line', { room: roomId === undefined ? undefined : this.#rooms.get(roomId), entry })
  }
}
