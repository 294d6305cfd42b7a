import { createServer, type Server as HttpsServer } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'
import { decodeClientMessage, encode, type ClientMessage, type ServerMessage } from '@lanchat/protocol'
import { onTestFinished } from 'vitest'

/** The client frame of a given `type`. */
export type ClientFrameOf<Type extends ClientMessage['type']> = Extract<ClientMessage, { type: Type }>

/**
 * One connection accepted by a {@link ScriptedPeer}. Every frame the client sends is decoded
 * with the protocol's own decoder, so a test also proves the client only sends valid frames.
 */
export class PeerConnection {
  readonly socket: WebSocket
  /** Every client frame received, in order. */
  readonly frames: ClientMessage[] = []
  /** Frames that failed `decodeClientMessage` (must stay empty). */
  readonly invalid: string[] = []
  readonly closed: Promise<{ code: number; reason: string }>
  readonly #waiters = new Set<() => void>()
  #cursor = 0

  constructor(socket: WebSocket) {
    this.socket = socket
    socket.on('message', (data) => {
      const text = String(data)
      try {
        this.frames.push(decodeClientMessage(text))
      } catch {
        this.invalid.push(text)
      }
      for (const wake of [...this.#waiters]) wake()
    })
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: String(reason) })
        for (const wake of [...this.#waiters]) wake()
      })
    })
  }

  /** The next frame of `type` (after those already taken) that matches, waiting for it if needed. */
  async take<Type extends ClientMessage['type']>(
    type: Type,
    matches: (frame: ClientFrameOf<Type>) => boolean = () => true,
    timeoutMs = 3_000,
  ): Promise<ClientFrameOf<Type>> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      for (let index = this.#cursor; index < this.frames.length; index++) {
        const frame = this.frames[index] as ClientMessage
        if (frame.type === type && matches(frame as ClientFrameOf<Type>)) {
          this.#cursor = index + 1
          return frame as ClientFrameOf<Type>
        }
      }
      const remaining = deadline - Date.now()
      if (remaining <= 0) {
        throw new Error(`no "${type}" frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(this.#cursor))}`)
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, remaining)
        const waiters = this.#waiters
        function wake() {
          clearTimeout(timer)
          waiters.delete(wake)
          resolve()
        }
        waiters.add(wake)
      })
    }
  }

  /** Every frame of `type` received so far. */
  framesOf<Type extends ClientMessage['type']>(type: Type): Array<ClientFrameOf<Type>> {
    return this.frames.filter((frame): frame is ClientFrameOf<Type> => frame.type === type)
  }

  /** Sends a server frame (or any text, to test what the client does with a bad one). */
  send(frame: ServerMessage | string): void {
    this.socket.send(typeof frame === 'string' ? frame : encode(frame))
  }
}

/**
 * A real WebSocket server on 127.0.0.1 and a free port that plays the server's side of the
 * protocol exactly as a test scripts it: drops, replays, duplicates, bad frames. Closed when the
 * test ends.
 */
export class ScriptedPeer {
  readonly server: WebSocketServer
  readonly url: string
  /** The HTTPS server under a peer made by {@link ScriptedPeer.startTls}. */
  readonly https: HttpsServer | undefined
  readonly connections: PeerConnection[] = []
  readonly #waiters = new Set<() => void>()

  private constructor(server: WebSocketServer, port: number, https?: HttpsServer) {
    this.server = server
    this.https = https
    this.url = `${https === undefined ? 'ws' : 'wss'}://127.0.0.1:${port}/ws`
    server.on('connection', (socket) => {
      this.connections.push(new PeerConnection(socket))
      for (const wake of [...this.#waiters]) wake()
    })
  }

  static async start(): Promise<ScriptedPeer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
    const address = server.address()
    if (typeof address === 'string' || address === null) throw new Error('no port')
    const peer = new ScriptedPeer(server, address.port)
    onTestFinished(() => peer.close())
    return peer
  }

  /**
   * The same over TLS (`wss://127.0.0.1:port/ws`) with the given key and certificate chain (PEM); `onRequest`
   * answers plain HTTPS requests. Change the certificate with `peer.https.setSecureContext()`.
   */
  static async startTls(
    credentials: { key: string; cert: string },
    onRequest: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.writeHead(404).end(),
  ): Promise<ScriptedPeer> {
    const https = createServer(credentials, onRequest)
    const server = new WebSocketServer({ server: https })
    await new Promise<void>((resolve, reject) => {
      https.once('error', reject)
      https.listen(0, '127.0.0.1', resolve)
    })
    const address = https.address()
    if (typeof address === 'string' || address === null) throw new Error('no port')
    const peer = new ScriptedPeer(server, address.port, https)
    onTestFinished(async () => {
      await peer.close()
      https.closeAllConnections()
      await new Promise((resolve) => https.close(resolve))
    })
    return peer
  }

  /** The `index`-th connection (from 0), waiting for it if needed. */
  async connection(index: number, timeoutMs = 3_000): Promise<PeerConnection> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const connection = this.connections[index]
      if (connection !== undefined) return connection
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error(`no connection #${index} within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, remaining)
        const waiters = this.#waiters
        function wake() {
          clearTimeout(timer)
          waiters.delete(wake)
          resolve()
        }
        waiters.add(wake)
      })
    }
  }

  /** Stops listening and drops every connection. */
  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
