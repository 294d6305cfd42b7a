import { CloseCode, type LeaveReason } from '@lanchat/protocol'
import type { WebSocket } from 'ws'
import type { ChatPeer } from '../chat/peer.js'
import { writeFrame } from './frame-writer.js'
import type { SharedEncoder } from './shared-encoder.js'

/** After the server sends a close frame, the peer has this long to answer before the socket is destroyed. */
export const CLOSE_GRACE_MS = 1_000
/**
 * A slow consumer's close frame waits behind its unread backlog, so it gets longer: a reader that was only paused
 * (a phone switching networks, a busy tab) still reads its backlog and then sees 4008. Nothing more is queued for
 * a closing socket, so the memory held meanwhile is bounded by `maxBufferedBytes` and one frame.
 */
export const SLOW_CONSUMER_GRACE_MS = 10_000
/** More invalid frames than this within {@link BAD_FRAME_WINDOW_MS} close the socket (4009). */
export const BAD_FRAME_LIMIT = 20
export const BAD_FRAME_WINDOW_MS = 10_000

/** Options of a {@link Connection}. */
export interface ConnectionOptions {
  id: string
  maxBufferedBytes: number
  encoder: SharedEncoder
  /**
   * Called once when the connection ends: `left` when the peer closed cleanly (1000 or no code), `disconnected`
   * otherwise (dropped, or closed by the server). Called in a microtask, never from inside a `send` or `close`.
   */
  onGone(reason: LeaveReason): void
}

/**
 * One WebSocket as a chat peer: sends with a slow-consumer check, closes with a grace period, and keeps the
 * heartbeat state and the invalid-frame count.
 */
export class Connection implements ChatPeer {
  readonly id: string
  readonly socket: WebSocket
  /** Resolves when the socket has closed. */
  readonly closed: Promise<void>
  readonly #options: ConnectionOptions
  #closing = false
  #gone = false
  #alive = true
  #badFrames: number[] = []
  #terminateTimer: ReturnType<typeof setTimeout> | undefined

  constructor(socket: WebSocket, options: ConnectionOptions) {
    this.id = options.id
    this.socket = socket
    this.#options = options
    let resolveClosed: () => void = () => {}
    this.closed = new Promise((resolve) => (resolveClosed = resolve))
    socket.on('pong', () => this.markAlive())
    socket.on('close', (code: number) => {
      if (this.#terminateTimer !== undefined) clearTimeout(this.#terminateTimer)
      this.#terminateTimer = undefined
      const clean = !this.#closing && (code === 1000 || code === 1005)
      this.#closing = true
      this.#notifyGone(clean ? 'left' : 'disconnected')
      resolveClosed()
    })
  }

  get isClosing(): boolean {
    return this.#closing
  }

  /** Sends a frame, unless the peer has let too much pile up: then it is closed as a slow consumer (4008). */
  send(data: string): void {
    if (this.#closing || this.socket.readyState !== this.socket.OPEN) return
    if (this.socket.bufferedAmount > this.#options.maxBufferedBytes) {
      this.close(CloseCode.SlowConsumer, 'slow consumer', SLOW_CONSUMER_GRACE_MS)
      return
    }
    writeFrame(this.socket, this.#options.encoder.encode(data))
  }

  /**
   * Starts a close handshake with `code` and reports the connection gone at once (a dead peer would never finish
   * the handshake). The socket is destroyed if the peer has not answered within `graceMs`.
   */
  close(code: number, reason: string, graceMs = CLOSE_GRACE_MS): void {
    if (this.#closing) return
    this.#closing = true
    this.#notifyGone('disconnected')
    this.socket.close(code, reason)
    this.#terminateTimer = setTimeout(() => this.terminate(), graceMs)
    this.#terminateTimer.unref?.()
  }

  /** Destroys the socket without a handshake. */
  terminate(): void {
    if (this.#terminateTimer !== undefined) clearTimeout(this.#terminateTimer)
    this.#terminateTimer = undefined
    this.#closing = true
    this.#notifyGone('disconnected')
    this.socket.terminate()
  }

  /** The peer showed a sign of life (a pong or a frame). */
  markAlive(): void {
    this.#alive = true
  }

  /** One heartbeat tick: a peer that has not answered the previous ping is closed (4004); others get a new ping. */
  heartbeat(): void {
    if (this.#closing) return
    if (!this.#alive) {
      this.close(CloseCode.HeartbeatTimeout, 'heartbeat timeout')
      return
    }
    this.#alive = false
    this.socket.ping()
  }

  /** Counts an invalid frame; true when the peer has now sent too many and must be closed. */
  recordBadFrame(): boolean {
    const now = Date.now()
    this.#badFrames.push(now)
    while (this.#badFrames.length > 0 && (this.#badFrames[0] ?? now) <= now - BAD_FRAME_WINDOW_MS) this.#badFrames.shift()
    return this.#badFrames.length > BAD_FRAME_LIMIT
  }

  #notifyGone(reason: LeaveReason): void {
    if (this.#gone) return
    this.#gone = true
    // Deferred: the chat core may be in the middle of a broadcast that made this peer close.
    queueMicrotask(() => this.#options.onGone(reason))
  }
}
