import type { ChatMessage, Member } from '@lanchat/protocol'

/** A stored message in a room's timeline. */
export interface MessageItem {
  kind: 'message'
  key: string
  /** Position: messages sort by seq; notices sit after the message they followed. */
  afterSeq: number
  order: number
  message: ChatMessage
}

/** Something that happened in the room: a join, a leave, a rename. */
export interface NoticeItem {
  kind: 'notice'
  key: string
  afterSeq: number
  order: number
  event: 'joined' | 'left' | 'disconnected' | 'renamed'
  member: Member
  previousName?: string
  ts: number
}

export type TimelineItem = MessageItem | NoticeItem

/** Most items a room keeps while new ones arrive; older ones are paged back in from history on scroll. */
export const TIMELINE_LIMIT = 600

function compare(first: TimelineItem, second: TimelineItem): number {
  return first.afterSeq - second.afterSeq || first.order - second.order
}

/** The highest seq in the timeline, 0 when it holds no message. */
export function newestSeq(items: readonly TimelineItem[]): number {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index] as TimelineItem
    if (item.kind === 'message') return item.message.seq
  }
  return 0
}

/** The lowest seq in the timeline, `undefined` when it holds no message. */
export function oldestSeq(items: readonly TimelineItem[]): number | undefined {
  for (const item of items) if (item.kind === 'message') return item.message.seq
  return undefined
}

/**
 * Adds messages in seq order, each seq once: a message already shown (from the join, a resume, the ack
 * or the live event) is not shown twice. Returns the same array when nothing was new.
 *
 * @example
 * ```ts
 * room.items.value = insertMessages(room.items.value, history.messages)
 * ```
 */
export function insertMessages(items: readonly TimelineItem[], messages: readonly ChatMessage[]): readonly TimelineItem[] {
  const known = new Set<number>()
  for (const item of items) if (item.kind === 'message') known.add(item.message.seq)
  const added: MessageItem[] = []
  for (const message of messages) {
    if (known.has(message.seq)) continue
    known.add(message.seq)
    added.push({ kind: 'message', key: `m${message.seq}`, afterSeq: message.seq, order: 0, message })
  }
  if (added.length === 0) return items
  return [...items, ...added].sort(compare)
}

/** Adds a notice after the newest message the room has now. */
export function appendNotice(
  items: readonly TimelineItem[],
  notice: Omit<NoticeItem, 'kind' | 'key' | 'afterSeq'>,
): readonly TimelineItem[] {
  const item: NoticeItem = { ...notice, kind: 'notice', key: `n${notice.order}`, afterSeq: newestSeq(items) }
  return [...items, item].sort(compare)
}

/** Drops the oldest items beyond {@link TIMELINE_LIMIT}; says whether it dropped any. */
export function trimOldest(items: readonly TimelineItem[]): { items: readonly TimelineItem[]; trimmed: boolean } {
  if (items.length <= TIMELINE_LIMIT) return { items, trimmed: false }
  return { items: items.slice(items.length - TIMELINE_LIMIT), trimmed: true }
}
