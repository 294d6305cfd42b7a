import { ErrorCodes } from './error-codes.js'
import { LIMITS } from './limits.js'
import { ProtocolError } from './protocol-error.js'
import type { ServerMessage } from './messages/server-messages.js'

/** A server frame whose `type` this version of the protocol does not know: a newer server's event. */
export interface UnknownServerFrame {
  readonly type: string
  readonly [key: string]: unknown
}

/** What `decodeServerFrame` made of a frame: one this version knows, or one of a type it does not. */
export type DecodedServerFrame =
  | { readonly known: true; readonly frame: ServerMessage }
  | { readonly known: false; readonly frame: UnknownServerFrame }

/** Longest `type` `decodeServerFrame` hands back as an unknown frame. */
export const MAX_TYPE_LENGTH = 64

/** A parsed frame: an object with a string `type`. */
export type RawFrame = Record<string, unknown> & { type: string }

/** Parses a frame and reads its `type`, or throws the {@link ProtocolError} a frame that is no frame at all gets. */
export function parseFrame(raw: string, maxTypeLength: number): { frame: RawFrame; ref: string | undefined } {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (error) {
    throw new ProtocolError(ErrorCodes.BAD_REQUEST, 'Frame is not valid JSON', { cause: error })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError(ErrorCodes.BAD_REQUEST, 'Frame must be a JSON object')
  }
  const frame = value as Record<string, unknown>
  const ref = readRef(frame)
  const type = frame.type
  if (typeof type !== 'string') {
    throw new ProtocolError(ErrorCodes.BAD_REQUEST, 'Frame has no string "type"', { ref })
  }
  if (type.length > maxTypeLength) {
    throw new ProtocolError(ErrorCodes.BAD_REQUEST, `Frame type "${truncate(type)}" is longer than ${maxTypeLength} characters`, { ref })
  }
  return { frame: frame as RawFrame, ref }
}

/** The frame's `id`, when it is one an error can refer to. */
function readRef(frame: Record<string, unknown>): string | undefined {
  const id = frame.id
  return typeof id === 'string' && id.length > 0 && id.length <= LIMITS.maxIdLength ? id : undefined
}

/** A frame's type as quoted in an error: at most 40 characters. */
export function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
