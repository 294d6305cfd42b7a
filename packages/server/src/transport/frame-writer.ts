import type { WebSocket } from 'ws'
import type { EncodedFrame } from './shared-encoder.js'

/** The part of ws's internal `Sender` a pre-built frame is written through (what Socket.IO's engine.io uses). */
interface FrameSender {
  /** 0 while the sender is idle: nothing compressed or read from a Blob is queued ahead. */
  _state?: unknown
  sendFrame?: (list: readonly Buffer[], callback?: (error?: Error) => void) => void
}

/** ws's `Sender` state while nothing is queued (`DEFAULT` in ws/lib/sender.js). */
const SENDER_IDLE = 0

/**
 * Writes a frame built once for a whole broadcast to one open socket: the shared header and payload go straight to
 * ws's frame writer, skipping the per-socket work of `socket.send` (UTF-8 length, header, option objects). Where
 * that is not safe (a compression extension was negotiated, or the sender has frames queued), or ws has changed
 * inside, it falls back to `socket.send`, which frames the payload itself. Either way the bytes on the wire are the
 * same, in order.
 */
export function writeFrame(socket: WebSocket, frame: EncodedFrame): void {
  const sender = (socket as unknown as { _sender?: FrameSender })._sender
  if (socket.extensions === '' && sender?._state === SENDER_IDLE && typeof sender.sendFrame === 'function') {
    sender.sendFrame([frame.header, frame.payload])
  } else {
    socket.send(frame.payload, { binary: false })
  }
}
