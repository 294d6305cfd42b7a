import { Compile } from 'typebox/compile'
import { createDecoder, createTolerantDecoder } from './codec-core.js'
import { ClientMessageSchemas, type ClientMessage } from './messages/client-messages.js'
import { ServerMessageSchemas, type ServerMessage } from './messages/server-messages.js'
import type { DecodedServerFrame } from './parse-frame.js'

/**
 * Decodes a frame sent by a client. Throws {@link ProtocolError} when it is not valid JSON,
 * has an unknown `type`, or does not match that type's schema.
 *
 * @example
 * ```ts
 * const frame = decodeClientMessage('{"type":"ping","id":"7"}')
 * frame.type // 'ping'
 * ```
 */
export const decodeClientMessage: (raw: string) => ClientMessage = createDecoder<ClientMessage>(
  ClientMessageSchemas,
  'client',
  Compile,
)

/**
 * Decodes a frame sent by a server. Throws {@link ProtocolError} as {@link decodeClientMessage} does.
 *
 * @example
 * ```ts
 * const frame = decodeServerMessage('{"type":"pong","ref":"7","ts":1700000000000}')
 * ```
 */
export const decodeServerMessage: (raw: string) => ServerMessage = createDecoder<ServerMessage>(
  ServerMessageSchemas,
  'server',
  Compile,
)

/**
 * Decodes a frame sent by a server, tolerantly: the decoder for clients, so that a newer server within protocol
 * v1 does not break them.
 *
 * - A known `type` is checked against its schema with unknown properties allowed at every depth, and an `error`'s
 *   `code` may be one added after this version (treat a code you do not know as a generic failure). Unknown
 *   properties are left in the frame, untouched (stripping them would cost a walk per frame): they are not part of
 *   its type, so do not rely on them.
 * - An unknown `type` (a newer server's event) comes back as `{ known: false, frame }`, for the app to ignore or
 *   surface as a generic event.
 *
 * Throws {@link ProtocolError} for non-JSON, a non-object, a missing or non-string `type` or one longer than 64
 * characters, and a known type that breaks its (open) schema. {@link decodeServerMessage} stays strict: it is what
 * tests of a server use to check what it sends.
 *
 * @example
 * ```ts
 * const decoded = decodeServerFrame(raw)
 * if (decoded.known) handle(decoded.frame) // a ServerMessage
 * else emit('unknown', decoded.frame) // { type: 'message.edited', … }
 * ```
 */
export const decodeServerFrame: (raw: string) => DecodedServerFrame = createTolerantDecoder(ServerMessageSchemas, Compile)
