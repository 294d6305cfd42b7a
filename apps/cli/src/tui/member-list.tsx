import { Box, Text } from 'ink'
import type { RoomMember } from '@lanchat/client'
import { sanitizeLine } from '../render/sanitize.js'
import { nameColourHex } from '../render/terminal-colours.js'
import { truncate } from '../render/text-width.js'

export interface MemberListProps {
  members: readonly RoomMember[]
  /** Names to show by user id, tagged where two look alike and marked `✓` for accounts (`ChatSession.memberLabels`). */
  labels?: ReadonlyMap<string, string> | undefined
  selfId: string | undefined
  width: number
  height: number
  colour: boolean
  light: boolean
}

/** The right column: who is in the room, in their name colours, you marked. */
export function MemberList({ members, labels, selfId, width, height, colour, light }: MemberListProps) {
  const inner = width - 2
  const sorted = [...members].sort((left, right) => left.name.localeCompare(right.name))
  const shown = sorted.slice(0, Math.max(0, height - 1))
  const hidden = sorted.length - shown.length
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} borderDimColor>
      <Text bold wrap="truncate-end">
        {truncate(` People (${members.length})`, inner + 1)}
      </Text>
      {shown.map((member, index) => {
        const mine = member.id === selfId
        const away = member.status === 'away'
        const label = truncate(sanitizeLine(labels?.get(member.id) ?? member.name), inner - (mine ? 6 : 0) - (away ? 7 : 0))
        const last = index === shown.length - 1 && hidden > 0
        return (
          <Text key={member.id} wrap="truncate-end">
            {' '}
            <Text {...(colour ? { color: nameColourHex(member.id, light) } : {})} bold={mine} dimColor={away && !last}>
              {last ? `+${hidden + 1} more` : label}
            </Text>
            {mine && !last ? <Text dimColor> (you)</Text> : null}
            {away && !last ? <Text dimColor> (away)</Text> : null}
          </Text>
        )
      })}
    </Box>
  )
}
