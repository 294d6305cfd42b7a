import { Box, Text } from 'ink'
import type { ReactNode } from 'react'
import type { RoomView } from '../chat/chat-session.js'
import { truncate } from '../render/text-width.js'

export interface RoomListProps {
  rooms: readonly RoomView[]
  activeId: string | undefined
  width: number
  height: number
  colour: boolean
}

/**
 * The left column: your rooms, numbered for Alt+N, with unread counts and, apart, mentions of you (`@2`; both dim where
 * notifications are off); your direct
 * conversations after them, under their own heading (the session lists them last, so the numbers run on).
 */
export function RoomList({ rooms, activeId, width, height, colour }: RoomListProps) {
  const inner = width - 1
  const rows: ReactNode[] = []
  rooms.forEach((room, index) => {
    if (room.direct && (index === 0 || rooms[index - 1]?.direct !== true)) {
      rows.push(
        <Text key="direct-heading" bold wrap="truncate-end">
          {truncate(' Direct', inner)}
        </Text>,
      )
    }
    const unread = room.unread > 0 ? ` (${room.unread})` : ''
    // Mentions of you are counted apart: `@2`.
    const mentions = room.mentions > 0 ? ` @${room.mentions}` : ''
    const label = truncate(`${index + 1} ${room.label}`, inner - unread.length - mentions.length - 1)
    const active = room.id === activeId
    // A room whose notifications are off (/notify none) keeps its count, without drawing the eye to it.
    const quiet = room.notify === 'none'
    rows.push(
      <Text key={room.id} wrap="truncate-end" inverse={active} bold={active || (room.unread > 0 && !quiet)}>
        {' '}
        {label}
        {unread === '' ? null : <Text {...(quiet ? { dimColor: true } : colour ? { color: 'yellow' } : {})}>{unread}</Text>}
        {mentions === '' ? null : (
          <Text bold={!quiet} {...(quiet ? { dimColor: true } : colour ? { color: 'magenta' } : {})}>
            {mentions}
          </Text>
        )}
      </Text>,
    )
  })
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="single" borderTop={false} borderBottom={false} borderLeft={false} borderDimColor>
      <Text bold wrap="truncate-end">
        {truncate(' Rooms', inner)}
      </Text>
      {rows.slice(0, Math.max(0, height - 1))}
    </Box>
  )
}
