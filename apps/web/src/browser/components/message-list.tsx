import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import { now } from '../chat/clock.js'
import type { RoomView } from '../chat/room-view.js'
import type { TimelineItem } from '../chat/timeline.js'
import { dayLabel, isNewDay } from '../time-format.js'
import { Icon } from './icon.js'
import { MessageItem, PendingItem } from './message-item.js'
import { NoticeItem } from './notice-item.js'

// Within this distance of an edge the list counts as "at the bottom" / "near the top".
const BOTTOM_SLACK = 48
const TOP_SLACK = 120
const GROUP_WINDOW_MS = 5 * 60_000

function itemTime(item: TimelineItem): number {
  return item.kind === 'message' ? item.message.ts : item.ts
}

function isGrouped(previous: TimelineItem | undefined, item: TimelineItem): boolean {
  return (
    previous?.kind === 'message' &&
    item.kind === 'message' &&
    previous.message.from.id === item.message.from.id &&
    previous.message.kind === item.message.kind &&
    item.message.ts - previous.message.ts < GROUP_WINDOW_MS &&
    !isNewDay(previous.message.ts, item.message.ts)
  )
}

/**
 * The scrolling timeline of one room: history, live messages, notices and the person's pending messages.
 * It stays pinned to the newest message unless the person scrolled up, keeps its place when older
 * messages load above, and loads them when the person nears the top.
 */
export function MessageList({ store, room }: { store: ChatStore; room: RoomView }) {
  const scroller = useRef<HTMLDivElement>(null)
  const measured = useRef({ height: 0, top: 0, firstKey: '' as string | undefined })
  const [unseen, setUnseen] = useState(false)
  const items = room.items.value
  const labels = room.labels.value
  const pending = room.pending.value
  const me = store.me.value?.id

  const onScroll = () => {
    const element = scroller.current
    if (element === null) return
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_SLACK
    room.atBottom.value = atBottom
    if (atBottom) setUnseen(false)
    measured.current = { height: element.scrollHeight, top: element.scrollTop, firstKey: measured.current.firstKey }
    if (element.scrollTop < TOP_SLACK && room.hasMore.value && !room.loadingOlder.value) void store.loadOlder(room.id)
  }

  useLayoutEffect(() => {
    const element = scroller.current
    if (element === null) return
    const previous = measured.current
    const firstKey = items[0]?.key
    const prepended = previous.firstKey !== undefined && firstKey !== previous.firstKey &&
      items.some((item) => item.key === previous.firstKey)
    if (prepended) {
      // Older messages arrived above: keep what the person is reading where it was.
      element.scrollTop = previous.top + (element.scrollHeight - previous.height)
    } else if (room.atBottom.value) {
      element.scrollTop = element.scrollHeight
    } else if (element.scrollHeight !== previous.height) {
      setUnseen(true)
    }
    measured.current = { height: element.scrollHeight, top: element.scrollTop, firstKey }
    // A short first page may not fill the screen, so there is nothing to scroll: load more right away.
    if (element.scrollHeight <= element.clientHeight && room.hasMore.value && !room.loadingOlder.value) {
      void store.loadOlder(room.id)
    }
  }, [items, pending])

  const jumpToNewest = () => {
    const element = scroller.current
    if (element === null) return
    element.scrollTop = element.scrollHeight
    room.atBottom.value = true
    setUnseen(false)
  }

  const rows = []
  let previous: TimelineItem | undefined
  for (const item of items) {
    if (previous === undefined || isNewDay(itemTime(previous), itemTime(item))) {
      rows.push(
        <div class="day-divider" key={`d${item.key}`} role="separator">
          <span>{dayLabel(itemTime(item), now.value)}</span>
        </div>,
      )
    }
    rows.push(
      item.kind === 'message' ? (
        <MessageItem
          key={item.key}
          message={item.message}
          own={item.message.from.id === me}
          grouped={isGrouped(previous, item)}
          label={item.message.kind === 'user' ? labels.get(item.message.from.id) : undefined}
        />
      ) : (
        <NoticeItem key={item.key} notice={item} />
      ),
    )
    previous = item
  }

  return (
    <div class="message-pane">
      <div
        class="message-scroller"
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label={`Messages in ${room.title.value}`}
      >
        <div class="message-list">
          {room.hasMore.value ? (
            <div class="history-edge">
              <button
                type="button"
                class="link-button"
                disabled={room.loadingOlder.value}
                onClick={() => void store.loadOlder(room.id)}
              >
                {room.loadingOlder.value ? 'Loading older messages…' : 'Load older messages'}
              </button>
            </div>
          ) : (
            <div class="history-edge history-start">
              {items.length === 0 && pending.length === 0 ? (
                <p class="empty-room">No messages yet. Say hello!</p>
              ) : (
                <p>This is the start of {room.title.value}.</p>
              )}
            </div>
          )}
          {rows}
          {pending.map((entry) => (
            <PendingItem
              key={entry.clientMsgId}
              entry={entry}
              onRetry={() => store.retry(entry.clientMsgId)}
              onDiscard={() => store.discard(room.id, entry.clientMsgId)}
            />
          ))}
        </div>
      </div>
      {unseen && (
        <button type="button" class="jump-button" onClick={jumpToNewest}>
          <Icon name="down" size={16} /> New messages
        </button>
      )}
    </div>
  )
}
