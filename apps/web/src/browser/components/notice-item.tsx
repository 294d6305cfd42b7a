import type { NoticeItem as Notice } from '../chat/timeline.js'
import { exactTime } from '../time-format.js'

const wording: Record<Notice['event'], string> = {
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
 * <NoticeItem notice={item} />
 * ```
 */
export function NoticeItem({ notice }: { notice: Notice }) {
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
