import { Text } from 'ink'
import type { Segment } from './timeline-layout.js'

/** One row of styled segments, cut (never wrapped) at the pane's edge. */
export function StyledLine({ segments }: { segments: readonly Segment[] }) {
  return (
    <Text wrap="truncate-end">
      {segments.map((segment, index) => (
        <Text
          key={index}
          {...(segment.color === undefined ? {} : { color: segment.color })}
          bold={segment.bold === true}
          dimColor={segment.dim === true}
          italic={segment.italic === true}
        >
          {segment.text}
        </Text>
      ))}
    </Text>
  )
}
