import type { RoomView } from '../chat/room-view.js'

function sentence(names: readonly string[]): string {
  if (names.length === 1) return `${names[0]} is typing`
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing`
  return `${names.length} people are typing`
}

/**
 * "Maria is typing…" under the messages. The line keeps its height when empty, so nothing jumps.
 *
 * @example
 * ```tsx
 * <TypingIndicator room={room} />
 * ```
 */
export function TypingIndicator({ room }: { room: RoomView }) {
  const typing = room.typing.value
  return (
    <div class="typing-indicator" data-testid="typing-indicator">
      {typing.length > 0 && (
        <>
          <span class="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>{sentence(typing.map((member) => member.name))}…</span>
        </>
      )}
    </div>
  )
}
