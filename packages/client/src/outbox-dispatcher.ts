import { ErrorCodes, LIMITS, type ChatMessage, type ClientMessage, type Member, type MessageAck, type ServerLimits } from '@lanchat/protocol'
import { ClientErrorCodes } from './errors/client-error-codes.js'
import { LanchatError } from './errors/lanchat-error.js'
import type { LanchatServerError } from './errors/lanchat-server-error.js'
import type { Outbox, OutgoingMessage } from './outbox.js'
import type { Timers } from './timers.js'

/** Upper bound of the pause between resends of rate-limited messages. */
const MAX_PACE_MS = 5_000

/** What the dispatcher needs from the client. */
export interface OutboxDispatcherHost {
  /** Whether the connection is `open` (welcomed). */
  isOpen(): boolean
  limits(): ServerLimits | undefined
  /** A fresh request id. */
  nextId(): string
  write(frame: ClientMessage): void
}

/**
 * Puts the outbox on the wire: sends what waits while the connection is open, checks lengths
 * against the server's limit, settles messages from acks and, after a `RATE_LIMITED`, paces the
 * resends instead of sending them all at once.
 */
export class OutboxDispatcher {
  readonly #outbox: Outbox
  readonly #timers: Timers
  readonly #host: OutboxDispatcherHost
  #paceMs = 0

  constructor(outbox: Outbox, timers: Timers, host: OutboxDispatcherHost) {
    this.#outbox = outbox
    this.#timers = timers
    this.#host = host
  }

  /** A message just added or retried: sends it (and whatever waits) unless it is too long, which fails it. */
  submit(outgoing: OutgoingMessage): void {
    if (this.#checkLength(outgoing)) this.flush()
  }

  /** Sends every waiting message, oldest first, unless offline or a paced drain is running. */
  flush(): void {
    if (!this.#host.isOpen() || this.#timers.has('pace')) return
    for (const outgoing of this.#outbox.unsent()) this.#sendOutgoing(outgoing)
  }

  /** Back to the base pause (a new connection). */
  resetPace(): void {
    this.#paceMs = 0
  }

  stopPacing(): void {
    this.#timers.clear('pace')
  }

  /** A `message.ack`: settles its message unless its `message.created` did already. */
  acked(ack: MessageAck, from: Member): void {
    this.#paceMs = 0
    const outgoing = this.#outbox.byRequest(ack.ref) ?? this.#outbox.get(ack.clientMsgId)
    if (outgoing === undefined || outgoing.state !== 'pending' || outgoing.clientMsgId !== ack.clientMsgId) return
    // Usually its message.created came first and settled it; if not (a duplicate ack), rebuild the message.
    const message: ChatMessage = {
      id: ack.id,
      room: ack.room,
      seq: ack.seq,
      kind: 'user',
      from,
      text: outgoing.text,
      ts: ack.ts,
      clientMsgId: ack.clientMsgId,
    }
    this.#outbox.settle(ack.clientMsgId, message)
  }

  /** The server refused a `message.send`: a busy server gets it again later, anything else fails it. */
  refused(outgoing: OutgoingMessage, error: LanchatServerError): void {
    if (error.code === ErrorCodes.RATE_LIMITED || error.code === ErrorCodes.UNAVAILABLE) {
      this.#outbox.requeue(outgoing.clientMsgId)
      this.#pace(error.retryAfterMs)
      return
    }
    this.#outbox.fail(outgoing.clientMsgId, error)
  }

  #sendOutgoing(outgoing: OutgoingMessage): void {
    const id = this.#host.nextId()
    this.#outbox.dispatched(outgoing.clientMsgId, id)
    this.#host.write({ type: 'message.send', id, room: outgoing.room, text: outgoing.text, clientMsgId: outgoing.clientMsgId })
  }

  /**
   * After a `RATE_LIMITED` (or `UNAVAILABLE`): resend the waiting messages one at a time, oldest
   * first, a little slower than the server's sustained rate. The first goes when the server's
   * `retryAfterMs` has passed; without one, a refusal that comes when no such drain is running
   * doubles the pause (up to 5 s), and an ack brings it back to the base. The server refuses
   * every later message until the refused one comes back, so none overtakes another.
   */
  #pace(retryAfterMs?: number): void {
    const perSecond = this.#host.limits()?.messagesPerSecond ?? 10
    const base = Math.ceil(1200 / Math.max(perSecond, 0.2))
    if (retryAfterMs !== undefined) {
      // The newest refusal knows best when the server takes the next one.
      this.#paceMs = Math.min(MAX_PACE_MS, Math.max(retryAfterMs, 1))
    } else {
      if (this.#timers.has('pace')) return
      this.#paceMs = this.#paceMs === 0 ? base : Math.min(MAX_PACE_MS, this.#paceMs * 2)
    }
    const tick = () => {
      if (!this.#host.isOpen()) return
      const [next, ...rest] = this.#outbox.unsent()
      if (next !== undefined) this.#sendOutgoing(next)
      if (rest.length > 0) this.#timers.set('pace', tick, Math.max(this.#paceMs, base))
    }
    this.#timers.set('pace', tick, this.#paceMs)
  }

  #checkLength(outgoing: OutgoingMessage): boolean {
    const maxTextLength = this.#host.limits()?.maxTextLength ?? LIMITS.maxTextLength
    if (outgoing.text.length <= maxTextLength) return true
    this.#outbox.fail(
      outgoing.clientMsgId,
      new LanchatError({
        code: ClientErrorCodes.MESSAGE_TOO_LONG,
        message: `The message has ${outgoing.text.length} characters; the server takes at most ${maxTextLength}`,
      }),
    )
    return false
  }
}
