import type { TimelineEntry } from '@lanchat/client'
import { useLayoutEffect, useRef } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import { now } from '../chat/clock.js'
import type { RoomView } from '../chat/room-view.js'
import { dayLabel, isNewDay } from '../time-format.js'
import { GapItem, NoteItem, NoticeItem } from './notice-item.js'
import { Icon } from './icon.js'
import { ui } from '../ui-state.js'
import { EventNotice, MessageItem, OutgoingItem } from './message-item.js'

// Within this distance of an edge the list counts as "at the bottom" / "near the top".
const BOTTOM_SLACK = 48
const TOP_SLACK = 120
const GROUP_WINDOW_MS = 5 * 60_000

/** When an entry happened, for the day lines; gaps and unsent messages have no time of their own. */
function entryTime(entry: TimelineEntry): number | undefined {
  switch (entry.kind) {
    case 'message':
      return entry.message.ts
    case 'notice':
    case 'note':
      return entry.ts
    default:
      return undefined
  }
}

function isGrouped(previous: TimelineEntry | undefined, entry: TimelineEntry): boolean {
  return (
    previous?.kind === 'message' &&
    previous.message.event === undefined &&
    entry.kind === 'message' &&
    previous.message.from.id === entry.message.from.id &&
    previous.message.kind === entry.message.kind &&
    entry.message.ts - previous.message.ts < GROUP_WINDOW_MS &&
    !isNewDay(previous.message.ts, entry.message.ts)
  )
}

/**
 * The scrolling timeline of one room, drawn from the SDK's room timeline: history, live messages, notices, gaps
 * (messages missed while away, with a button that loads them) and the person's own unsent messages. It stays pinned
 * to the newest message unless the person scrolled up, keeps its place when older messages load above, and loads
 * them when the person nears the top. Whether it shows the newest messages is what makes them read.
 */
export function MessageList({ store, room }: { store: ChatStore; room: RoomView }) {
  const scroller = useRef<HTMLDivElement>(null)
  const measured = useRef({ height: 0, top: 0, firstKey: undefined as string | undefined, lastKey: undefined as string | undefined })
  const entries = room.entries.value
  const labels = room.labels.value
  const unread = room.unread.value
  const newSince = room.newSinceKey.value ?? room.snapshot.value.firstUnreadKey

  const onScroll = () => {
    const element = scroller.current
    if (element === null) return
    room.atBottom.value = element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_SLACK
    measured.current = { ...measured.current, height: element.scrollHeight, top: element.scrollTop }
    if (element.scrollTop < TOP_SLACK && room.hasMore.value && !room.loadingOlder.value) void store.loadOlder(room.id)
  }

  const jumpToNewest = () => {
    const element = scroller.current
    if (element === null) return
    element.scrollTop = element.scrollHeight
    room.atBottom.value = true
  }

  // A room opens at its newest message.
  useLayoutEffect(() => jumpToNewest(), [])

  useLayoutEffect(() => {
    const element = scroller.current
    if (element === null) return
    const previous = measured.current
    const firstKey = entries[0]?.key
    const last = entries.at(-1)
    const prepended =
      previous.firstKey !== undefined && firstKey !== previous.firstKey && entries.some((entry) => entry.key === previous.firstKey)
    // The person just sent something: show it, wherever they were.
    const sent = last?.kind === 'outgoing' && last.key !== previous.lastKey
    if (prepended) {
      // Older messages arrived above: keep what the person is reading where it was.
      element.scrollTop = previous.top + (element.scrollHeight - previous.height)
    } else if (room.atBottom.value || sent) {
      jumpToNewest()
    }
    measured.current = { height: element.scrollHeight, top: element.scrollTop, firstKey, lastKey: last?.key }
    // A short first page may not fill the screen, so there is nothing to scroll: load more right away.
    if (element.scrollHeight <= element.clientHeight && room.hasMore.value && !room.loadingOlder.value) {
      void store.loadOlder(room.id)
    }
  }, [entries])

  const rows = []
  let previous: TimelineEntry | undefined
  let previousTime: number | undefined
  for (const entry of entries) {
    const time = entryTime(entry)
    if (time !== undefined && (previousTime === undefined || isNewDay(previousTime, time))) {
      rows.push(
        <div class="day-divider" key={`day:${entry.key}`} role="separator">
          <span>{dayLabel(time, now.value)}</span>
        </div>,
      )
    }
    if (entry.key === newSince) {
      rows.push(
        <div class="day-divider new-divider" key="new-messages" role="separator" data-testid="new-messages-divider">
          <span>New messages</span>
        </div>,
      )
    }
    rows.push(renderEntry(store, room, entry, previous, labels))
    previous = entry
    previousTime = time ?? previousTime
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
              {entries.length === 0 ? (
                <p class="empty-room">No messages yet. Say hello!</p>
              ) : (
                <p>This is the start of {room.title.value}.</p>
              )}
            </div>
          )}
          {rows}
        </div>
      </div>
      {unread > 0 && !room.atBottom.value && (
        <button type="button" class="jump-button" onClick={jumpToNewest}>
          <Icon name="down" size={16} /> {unread === 1 ? '1 new message' : `${unread > 99 ? '99+' : unread} new messages`}
        </button>
      )}
    </div>
  )
}

/** Opens the member list at someone, with what can be done about them ("Message"…). */
function showMember(memberId: string): void {
  ui.memberMenu.value = memberId
  ui.membersOpen.value = true
}

function renderEntry(
  store: ChatStore,
  room: RoomView,
  entry: TimelineEntry,
  previous: TimelineEntry | undefined,
  labels: ReadonlyMap<string, string>,
) {
  switch (entry.kind) {
    case 'message':
      if (entry.message.kind === 'system' && entry.message.event !== undefined) return <EventNotice key={entry.key} message={entry.message} />
      return (
        <MessageItem
          key={entry.key}
          message={entry.message}
          own={entry.own}
          grouped={isGrouped(previous, entry)}
          label={entry.message.kind === 'user' ? labels.get(entry.message.from.id) : undefined}
          account={store.accounts.policy.value === undefined ? undefined : (entry.message.from.account ?? room.accountOf.value.get(entry.message.from.id))}
          onAuthor={entry.own || entry.message.kind === 'system' ? undefined : () => showMember(entry.message.from.id)}
          mention={entry.own || entry.message.kind === 'system' ? undefined : store.me.value?.name}
        />
      )
    case 'outgoing':
      return (
        <OutgoingItem
          key={entry.key}
          outgoing={entry.outgoing}
          onRetry={() => store.retry(entry.outgoing.clientMsgId)}
          onDiscard={() => store.discard(entry.outgoing.clientMsgId)}
        />
      )
    case 'notice':
      return <NoticeItem key={entry.key} notice={entry} />
    case 'gap':
      return <GapItem key={entry.key} gap={entry} onLoad={() => void store.fillGap(room.id, entry.key)} />
    case 'note':
      return <NoteItem key={entry.key} note={entry} />
  }
}
