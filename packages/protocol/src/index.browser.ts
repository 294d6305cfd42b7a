/**
 * The browser build of `@lanchat/protocol` (the `browser` export condition): everything the main entry has, with a
 * `decodeServerMessage` and `decodeServerFrame` that check frames without generating code, so a page with a strict Content-Security-Policy
 * (no `'unsafe-eval'`) sees no violation. Bundlers pick it by themselves.
 *
 * @module
 */
import { createDecoder, createTolerantDecoder, type DecodedServerFrame } from './codec.js'
import { interpretedValidator } from './interpreted-validator.js'
import { ServerMessageSchemas, type ServerMessage } from './messages/server-messages.js'

export * from './index.js'

/**
 * Decodes a frame sent by a server, as the main entry's `decodeServerMessage` does, without `new Function`.
 *
 * @example
 * ```ts
 * const frame = decodeServerMessage('{"type":"pong","ref":"7","ts":1700000000000}')
 * ```
 */
export const decodeServerMessage: (raw: string) => ServerMessage = createDecoder<ServerMessage>(
  ServerMessageSchemas,
  'server',
  interpretedValidator,
)

/**
 * Decodes a frame sent by a server tolerantly, as the main entry's `decodeServerFrame` does, without `new Function`.
 *
 * @example
 * ```ts
 * const decoded = decodeServerFrame('{"type":"message.edited","room":"lobby","seq":9}')
 * decoded.known // false
 * ```
 */
export const decodeServerFrame: (raw: string) => DecodedServerFrame = createTolerantDecoder(
  ServerMessageSchemas,
  interpretedValidator,
)
