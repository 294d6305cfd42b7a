import { CloseCode, decodeClientMessage, encode, ErrorCodes, ProtocolError, type ErrorFrame } from '@lanchat/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { RawData, WebSocket } from 'ws'
import type { ChatCore } from '../chat/chat-core.js'
import type { Principal } from '../chat/principal.js'
import { Connection } from './connection.js'
import type { ConnectionLimits } from './connection-limits.js'
import type { ConnectionPool } from './connection-pool.js'
import type { SharedEncoder } from './shared-encoder.js'

/** What every accepted socket shares. */
export interface AcceptContext {
  core: ChatCore
  pool: ConnectionPool
  /** The caps on open sockets, in all and per address. */
  limits: ConnectionLimits
  encoder: SharedEncoder
  log: FastifyBaseLogger
  maxFrameBytes: number
  maxBufferedBytes: number
  /** Makes a connection id. */
  nextId(): string
  /** Takes a new socket out of a host-owned @fastify/websocket's client list, when the host registered it. */
  untrack: ((socket: WebSocket) => void) | undefined
}

/**
 * Takes over an upgraded socket: wraps it, registers it with the chat core, and checks every inbound frame (size,
 * then `decodeClientMessage`) before the core sees it. Listeners are attached synchronously, so no frame sent
 * right after the upgrade is missed. Nothing thrown here escapes into ws or Fastify.
 */
export function acceptConnection(
  socket: WebSocket,
  context: AcceptContext,
  request: { principal: Principal; credential?: string | undefined; log: FastifyBaseLogger; address: string },
): void {
  const { core, pool } = context
  // Checked before the upgrade too; this catches upgrades that were under the cap together but are not all.
  if (context.limits.refusal(request.address) !== undefined) {
    socket.close(1013, 'too many connections')
    return
  }
  const release = context.limits.open(request.address)
  // The upgrade request's logger: every line of this connection carries its request id.
  const log = request.log.child({ plugin: 'lanchat' })
  context.untrack?.(socket)
  const connection = new Connection(socket, {
    id: context.nextId(),
    maxBufferedBytes: context.maxBufferedBytes,
    encoder: context.encoder,
    onGone(reason) {
      try {
        core.disconnect(chat, reason)
      } catch (error) {
        log.error({ err: error, connectionId: connection.id }, 'lanchat disconnect failed')
      }
      log.debug({ connectionId: connection.id, reason }, 'lanchat connection closed')
    },
  })
  // The pool keeps a closing connection until its socket is closed, so shutdown can still finish it off.
  pool.add(connection)
  void connection.closed.then(() => {
    pool.delete(connection)
    release()
  })
  const chat = core.connect(connection, { principal: request.principal, credential: request.credential, log, address: request.address })
  log.debug({ connectionId: connection.id }, 'lanchat connection opened')

  const reject = (code: ErrorFrame['code'], message: string, details: { ref?: string | undefined; issues?: ErrorFrame['issues'] } = {}) => {
    const frame: ErrorFrame = { type: 'error', code, message }
    if (details.ref !== undefined) frame.ref = details.ref
    if (details.issues !== undefined && details.issues.length > 0) frame.issues = details.issues
    connection.send(encode(frame))
    if (connection.recordBadFrame()) connection.close(CloseCode.ProtocolViolation, 'too many invalid frames')
  }

  socket.on('message', (data: RawData, isBinary: boolean) => {
    try {
      connection.markAlive()
      if (connection.isClosing) return
      const size = byteLength(data)
      // ws enforces this cap when the plugin registered it; a host's own registration may allow more.
      if (size > 4 * context.maxFrameBytes) {
        connection.close(CloseCode.MessageTooBig, 'frame too large')
        return
      }
      if (size > context.maxFrameBytes) {
        reject(ErrorCodes.FRAME_TOO_LARGE, `Frame of ${size} bytes is over the limit of ${context.maxFrameBytes}`)
        return
      }
      if (isBinary) {
        reject(ErrorCodes.BAD_REQUEST, 'Frames must be JSON text, not binary')
        return
      }
      let frame
      try {
        frame = decodeClientMessage(toText(data))
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error
        log.debug({ connectionId: connection.id, code: error.code }, 'lanchat invalid frame')
        reject(error.code, error.message, { ref: error.ref, issues: error.issues })
        return
      }
      core.receive(chat, frame).catch((error: unknown) => {
        log.error({ err: error, connectionId: connection.id }, 'lanchat frame handling failed')
      })
    } catch (error) {
      log.error({ err: error, connectionId: connection.id }, 'lanchat frame handling failed')
    }
  })
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, chunk) => total + chunk.length, 0)
  return data.byteLength
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}
