import { createDecoder } from './codec-core.js'
import { interpretedValidator } from './interpreted-validator.js'
import { ServerMessageSchemas, type ServerMessage } from './messages/server-messages.js'

/**
 * Decodes a frame sent by a server strictly, as the main entry's `decodeServerMessage` does, without `new Function`:
 * it walks the schemas, so a page that uses it carries the schema library (the SDK does not; it decodes with
 * `decodeServerFrame`).
 *
 * @example
 * ```ts
 * const frame = decodeServerMessage('{"type":"pong","ref":"7","ts":1700000000000}')
 * ```
 */
export const decodeServerMessage: (raw: string) => ServerMessage = createDecoder<ServerMessage>(ServerMessageSchemas, 'server', interpretedValidator)
