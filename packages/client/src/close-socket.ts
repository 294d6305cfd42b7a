import type { WebSocketLike } from './transport.js'

/** Close codes the client itself uses when it gives up on a socket (browsers allow 1000 and 3000–4999). */
export const CLIENT_CLOSE = { normal: 1000, handshakeTimeout: 4001, heartbeatTimeout: 4004 } as const

/** How long `close()` waits for the closing handshake before it drops the socket. */
const CLOSE_WAIT_MS = 1_000

/** Closes a socket cleanly and resolves with how it closed; drops it if the closing handshake stalls. */
export function closeSocket(socket: WebSocketLike): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const CLOSED = 3
    if (socket.readyState === CLOSED) {
      resolve({ code: 1005, reason: '' })
      return
    }
    const timer = setTimeout(() => {
      dropSocket(socket, CLIENT_CLOSE.normal, 'Client closed')
      resolve({ code: 1006, reason: '' })
    }, CLOSE_WAIT_MS)
    socket.addEventListener('close', (event) => {
      clearTimeout(timer)
      resolve({ code: event.code, reason: event.reason })
    })
    try {
      socket.close(CLIENT_CLOSE.normal, 'Client closed')
    } catch {
      clearTimeout(timer)
      resolve({ code: 1006, reason: '' })
    }
  })
}

/** Ends a socket without waiting: `terminate()` where there is one (`ws`), else `close()`. */
export function dropSocket(socket: WebSocketLike, code: number, reason: string): void {
  try {
    if (typeof socket.terminate === 'function') socket.terminate()
    else socket.close(code, reason)
  } catch {
    // Already closed or closing.
  }
}
