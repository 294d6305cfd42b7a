import { now } from '../chat/clock.js'
import { exactTime, relativeTime } from '../time-format.js'

/**
 * A server timestamp: short and relative on screen ("3 min"), exact in the tooltip and for machines.
 *
 * @example
 * ```tsx
 * <Timestamp ts={message.ts} />
 * ```
 */
export function Timestamp({ ts }: { ts: number }) {
  const exact = exactTime(ts)
  return (
    <time class="timestamp" dateTime={new Date(ts).toISOString()} title={exact}>
      {relativeTime(ts, now.value)}
    </time>
  )
}
