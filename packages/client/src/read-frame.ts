import { decodeServerFrame, ProtocolError, type DecodedServerFrame } from '@lanchat/protocol'
import { LanchatProtocolError } from './errors/lanchat-protocol-error.js'

/**
 * Decodes one WebSocket message from the server, tolerantly: properties this version does not know are let
 * through, and a frame of a type it does not know comes back as `known: false` (a newer server's event). Says why
 * when the frame cannot be read at all.
 */
export function readFrame(data: unknown): DecodedServerFrame | LanchatProtocolError {
  if (typeof data !== 'string') {
    return new LanchatProtocolError({ message: 'The server sent a binary frame; protocol v1 frames are text' })
  }
  try {
    return decodeServerFrame(data)
  } catch (error) {
    return error instanceof ProtocolError
      ? new LanchatProtocolError({ message: error.message, issues: error.issues, frame: data, cause: error })
      : new LanchatProtocolError({ message: 'The server sent a frame that cannot be read', frame: data, cause: error })
  }
}
