import type { TimelineGap, TimelineNote, TimelineNotice } from '@lanchat/client'
import { exactTime } from '../time-format.js'

const wording: Record<TimelineNotice['event'], string> = {
  joined: 'joined',
  left: 'left',
  disconnected: 'lost connection',
  renamed: 'is now called',
}

/**
 * A line in the timeline about someone joining, leaving or renaming.
 *
 * @example
 * ```tsx
 * <NoticeItem notice={entry} />
 * ```
 */
export function NoticeItem({ notice }: { notice: TimelineNotice }) {
  const text =
    notice.event === 'renamed'
      ? `${notice.previousName ?? 'Someone'} ${wording.renamed} ${notice.member.name}`
      : `${notice.member.name} ${wording[notice.event]}`
  return (
    <div class="notice" data-event={notice.event} title={exactTime(notice.ts)}>
      <span>{text}</span>
    </div>
  )
}

/**
 * Where messages are missing (the connection was away longer than the server replays), with a button that loads
 * them, a page at a time.
 *
 * @example
 * ```tsx
 * <GapItem gap={entry} onLoad={() => timeline.fillGap(entry.key)} />
 * ```
 */
export function GapItem({ gap, onLoad }: { gap: TimelineGap; onLoad: () => void }) {
  const missing = gap.before - gap.after - 1
  const count = missing === 1 ? '1 missed message' : `${missing} missed messages`
  return (
    <div class="gap" data-testid="timeline-gap" role="group" aria-label={`${count} not loaded`}>
      <button type="button" class="link-button" disabled={gap.loading} onClick={onLoad}>
        {gap.loading ? 'Loading missed messages…' : `Load ${count}`}
      </button>
    </div>
  )
}

/**
 * A line of the app's own in the timeline (a hint or a warning).
 *
 * @example
 * ```tsx
 * <NoteItem note={entry} />
 * ```
 */
export function NoteItem({ note }: { note: TimelineNote }) {
  return (
    <div class={`notice note${note.level === 'error' ? ' error' : ''}`} data-level={note.level} title={exactTime(note.ts)}>
      <span>{note.text}</span>
    </div>
  )
}
