import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals'
import {
  directName,
  distinguishNames,
  LOBBY_ROOM_ID,
  type Member,
  type NotifyLevel,
  type RoomTimeline,
  type RoomTimelineSnapshot,
} from '@lanchat/client'

/**
 * Everything the UI shows about one room the person is in. The SDK's {@link RoomTimeline} keeps the room (messages
 * in order, notices, gaps, the person's unsent messages, members, typing, unread); this view holds its latest
 * snapshot in a signal, with a derived signal per part, so a component re-renders only when what it reads changes.
 * What is the app's alone (the scroll position, the draft, the "new messages" line) lives here too.
 */
export class RoomView {
  readonly id: string
  readonly timeline: RoomTimeline
  readonly snapshot: Signal<RoomTimelineSnapshot>
  readonly info = computed(() => this.snapshot.value.room)
  /** Oldest first: messages, notices, gaps and notes, then the person's own unsent messages. */
  readonly entries = computed(() => this.snapshot.value.entries)
  /** Everyone in the room; `status: 'away'` while a member's connection is down. */
  readonly members = computed(() => this.snapshot.value.members)
  /** Who is typing, the person left out. */
  readonly typing = computed(() => this.snapshot.value.typing)
  /** Messages from others that came while the newest messages were not on screen. */
  readonly unread = computed(() => this.snapshot.value.unread)
  /** Of the unread messages, the ones that mention the person (`@Name`); set by the store, back to 0 once read. */
  readonly mentions = signal(0)
  /** Whether older messages exist before the first one shown. */
  readonly hasMore = computed(() => this.snapshot.value.hasMore)
  readonly loadingOlder = computed(() => this.snapshot.value.loadingOlder)
  /** Whether the message list is scrolled to the newest message (set by the list). */
  readonly atBottom = signal(true)
  /**
   * Where the "New messages" line goes: the first message that was unread when the person came to see the newest
   * ones, kept while they stay in the room (the timeline forgets it as soon as they are read).
   */
  readonly newSinceKey = signal<string | undefined>(undefined)
  /** Text typed in the composer but not sent, kept while the person visits other rooms. */
  readonly draft = signal('')
  /** The room's name; a direct conversation is named after the others in it ("Maria, Pete"). */
  readonly title = computed(() => {
    const info = this.info.value
    if (info.direct !== undefined) return directName(info, this.#selfId.value ?? '')
    return info.kind === 'code' && info.name === info.id ? info.id.toUpperCase() : info.name
  })
  /** The others in a direct conversation (none for a room). */
  readonly others = computed(() => this.info.value.direct?.filter((member) => member.id !== this.#selfId.value) ?? [])
  /** Whether this is a direct conversation (listed under "Direct messages"). */
  readonly direct = computed(() => this.info.value.direct !== undefined)
  readonly lobby: boolean
  /** When the room notifies the person (kept by the server per person, on every device); set by the store. */
  readonly notify = signal<NotifyLevel>('mentions')

  /**
   * What to show for each user id: their name, with a tag from their id when someone else in the room or in the
   * timeline has a name that looks alike (`Maria · 4f2a`), so two people never look the same.
   */
  readonly labels = computed(() => {
    const people: Member[] = [...this.members.value]
    for (const entry of this.entries.value) if (entry.kind === 'message' && entry.message.kind === 'user') people.push(entry.message.from)
    return distinguishNames(people)
  })

  /**
   * Per member id: whether they are signed in to an account. Stored messages do not carry it (the server keeps the
   * author's id and name only), so a message's author is marked from the member list while they are in the room.
   */
  readonly accountOf = computed(() => new Map(this.members.value.map((member) => [member.id, member.account === true])))

  readonly #unsubscribe: () => void
  readonly #selfId: ReadonlySignal<string | undefined>

  /** `selfId` is the person's own user id, to name a direct conversation after the others. */
  constructor(timeline: RoomTimeline, selfId: ReadonlySignal<string | undefined>) {
    this.id = timeline.id
    this.lobby = timeline.id === LOBBY_ROOM_ID
    this.#selfId = selfId
    this.timeline = timeline
    this.snapshot = signal(timeline.snapshot)
    this.#unsubscribe = timeline.subscribe((snapshot) => {
      this.snapshot.value = snapshot
      if (snapshot.unread === 0) this.mentions.value = 0
    })
  }

  /** Stops following the timeline (the room was left or is gone). */
  dispose(): void {
    this.#unsubscribe()
  }
}
