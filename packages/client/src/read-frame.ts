import { decodeServerMessage, ProtocolError, type ServerMessage } from '@lanchat/protocol'
import { LanchatProtocolError } from './errors/lanchat-protocol-error.js'

/** Decodes one WebSocket message from the server, or says why it cannot be read. */
export function readFrame(data: unknown): ServerMessage | LanchatProtocolError {
  if (typeof data !== 'string') {
    return new LanchatProtocolError({ message: 'The server sent a binary frame; protocol v1 frames are text' })
  }
  try {
    return decodeServerMessage(data)
  } catch (error) {
    return error instanceof ProtocolError
      ? new LanchatProtocolError({ message: error.message, issues: error.issues, frame: data, cause: error })
      : new LanchatProtocolError({ message: 'The server sent a frame that cannot be read', frame: data, cause: error })
  }
}
