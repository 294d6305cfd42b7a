import type { ClientMessage } from './messages/client-messages.js'
import type { ServerMessage } from './messages/server-messages.js'

/**
 * Serializes a frame for the wire. Frames are plain JSON; this is the one place that says so.
 *
 * @example
 * ```ts
 * socket.send(encode({ type: 'ping', id: '7' }))
 * ```
 */
export function encode(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message)
}
