import { ErrorCodes } from './error-codes.js'
import { MAX_TYPE_LENGTH, parseFrame, type DecodedServerFrame } from './parse-frame.js'
import type { ServerMessage } from './messages/server-messages.js'
import { ProtocolError } from './protocol-error.js'

/**
 * Builds a tolerant server frame decoder on checks generated ahead of time (one per frame type): what the browser
 * build uses, so a page carries neither the schema library nor code made with `new Function`. It accepts and refuses
 * exactly what the schema-based decoder does; a refusal names the frame type, but not which field broke it (the
 * Node build's decoder lists the issues).
 */
export function createCheckedDecoder(checks: Readonly<Record<string, (value: unknown) => boolean>>): (raw: string) => DecodedServerFrame {
  return (raw) => {
    const { frame, ref } = parseFrame(raw, MAX_TYPE_LENGTH)
    const check = Object.hasOwn(checks, frame.type) ? checks[frame.type] : undefined
    if (check === undefined) return { known: false, frame }
    if (!check(frame)) {
      throw new ProtocolError(ErrorCodes.BAD_REQUEST, `Invalid "${frame.type}" frame`, {
        ref,
        issues: [{ path: '/', message: `does not match the "${frame.type}" frame of protocol v1` }],
      })
    }
    return { known: true, frame: frame as unknown as ServerMessage }
  }
}
