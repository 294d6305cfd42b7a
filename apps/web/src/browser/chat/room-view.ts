import { computed, signal } from '@preact/signals'
import { distinguishNames } from '@lanchat/client'
import type { Member, RoomInfo, RoomMember } from '@lanchat/protocol'
import type { TimelineItem } from './timeline.js'

/** One of the person's own messages that the server has not stored yet. */
export interface PendingMessage {
  clientMsgId: string
  text: string
  state: 'pending' | 'sent' | 'failed'
  /** Why it failed, in words for people. */
  error?: string
  /** When it was typed (local clock), to order pending messages. */
  createdAt: number
}

/**
 * Everything the UI shows about one room the person is in. Each part is a signal, so a component
 * re-renders only when what it reads changes.
 */
export class RoomView {
  readonly id: string
  readonly info
  readonly items = signal<readonly TimelineItem[]>([])
  readonly pending = signal<readonly PendingMessage[]>([])
  /** Everyone in the room; `status: 'away'` while a member's connection is down. */
  readonly members = signal<readonly RoomMember[]>([])
  readonly typing = signal<readonly Member[]>([])
  readonly unread = signal(0)
  /** Whether older messages exist before the first one shown. */
  readonly hasMore = signal(false)
  readonly loadingOlder = signal(false)
  /** Whether the message list is scrolled to the newest message (set by the list). */
  readonly atBottom = signal(true)
  /** Text typed in the composer but not sent, kept while the person visits other rooms. */
  readonly draft = signal('')
  readonly title = computed(() => (this.info.value.kind === 'code' && this.info.value.name === this.info.value.id
    ? this.info.value.id.toUpperCase()
    : this.info.value.name))

  /**
   * What to show for each user id: their name, with a tag from their id when someone else in the room or in the
   * timeline has a name that looks alike (`Maria · 4f2a`), so two people never look the same.
   */
  readonly labels = computed(() => {
    const people: Member[] = [...this.members.value]
    for (const item of this.items.value) if (item.kind === 'message' && item.message.kind === 'user') people.push(item.message.from)
    return distinguishNames(people)
  })

  constructor(info: RoomInfo) {
    this.id = info.id
    this.info = signal(info)
  }
}
