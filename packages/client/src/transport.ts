import { LanchatConnectionError } from './errors/lanchat-connection-error.js'
import { ClientErrorCodes } from './errors/client-error-codes.js'

/**
 * The part of the WebSocket API the client uses. The browser's `WebSocket`, the `ws`
 * package's `WebSocket` and happy-dom's all fit.
 */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  /** `ws` only: drops the TCP connection at once, without a closing handshake. */
  terminate?(): void
  addEventListener(type: 'open', listener: () => void): void
  /** `ws` passes the cause as `event.error`; browsers pass nothing useful. */
  addEventListener(type: 'error', listener: (event: { error?: unknown } | undefined) => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void
}

/** A WebSocket class: `globalThis.WebSocket`, `WebSocket` from `ws`, or a subclass of either. */
export type WebSocketConstructor = new (url: string) => WebSocketLike

/** Node's WebSocket classes (`ws`, and Node's own from 22) also take headers, for a bearer token; `ws` takes TLS options. */
type WebSocketWithOptions = new (url: string, options: Record<string, unknown>) => WebSocketLike

/**
 * Opens a socket, with `Authorization: Bearer <token>` when there is a token and with `ws`'s TLS options when there
 * are some (Node only).
 */
export function openWebSocket(
  WebSocketClass: WebSocketConstructor,
  url: string,
  token: string | undefined,
  tlsOptions?: Record<string, unknown>,
): WebSocketLike {
  if (token === undefined && tlsOptions === undefined) return new WebSocketClass(url)
  const headers = token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }
  return new (WebSocketClass as unknown as WebSocketWithOptions)(url, { ...tlsOptions, ...headers })
}

/** `readyState` of an open socket, the same in every implementation. */
export const WEB_SOCKET_OPEN = 1

// In a variable, so bundlers leave the import alone: browsers never reach it, and `ws` must
// not end up in a browser bundle.
const wsModuleName = 'ws'

/**
 * The WebSocket class to use: the one passed in the options, else the runtime's own
 * (browsers, Deno, Bun, Node ≥ 22), else the `ws` package (Node 20), loaded on first use. `needsWs` (the `tls`
 * option) skips the runtime's own, which takes no TLS options.
 *
 * @example
 * ```ts
 * const WebSocket = await resolveWebSocket(options.WebSocket)
 * const socket = new WebSocket('ws://localhost:5000/ws')
 * ```
 */
export async function resolveWebSocket(option?: WebSocketConstructor, needsWs = false): Promise<WebSocketConstructor> {
  if (option !== undefined) return option
  const native = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  if (native !== undefined && !needsWs) return native
  try {
    const module = (await import(/* @vite-ignore */ wsModuleName)) as {
      WebSocket?: WebSocketConstructor
      default?: WebSocketConstructor
    }
    const found = module.WebSocket ?? module.default
    if (found === undefined) throw new TypeError('the "ws" module has no WebSocket export')
    return found
  } catch (error) {
    throw new LanchatConnectionError({
      code: ClientErrorCodes.NO_WEBSOCKET,
      message: 'This runtime has no WebSocket: install the "ws" package (npm i ws) or pass options.WebSocket',
      cause: error,
    })
  }
}
