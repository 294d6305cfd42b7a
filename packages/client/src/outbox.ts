import type { ChatMessage } from '@lanchat/protocol'
import type { LanchatError } from './errors/lanchat-error.js'

/** Where an outgoing message stands: waiting to be stored, stored, or refused. */
export type OutgoingState = 'pending' | 'sent' | 'failed'

/**
 * A message the app sent with `client.send()`. The same object changes as the message moves
 * on: `pending` (queued or on its way) → `sent` (stored by the server; `message` is set) or
 * `failed` (`error` says why; `client.retry()` makes it pending again).
 */
export interface OutgoingMessage {
  /** The idempotency key: every resend carries it, so the server stores the message once. */
  readonly clientMsgId: string
  readonly room: string
  readonly text: string
  readonly state: OutgoingState
  /** Why it failed, when `state` is `failed`. */
  readonly error?: LanchatError | undefined
  /** The stored message, when `state` is `sent`. */
  readonly message?: ChatMessage | undefined
  /**
   * Resolves with the stored message, or rejects with a `LanchatError` when the message fails.
   * Ignoring it is safe: it never causes an unhandled rejection. `retry()` gives a fresh one.
   */
  readonly acked: Promise<ChatMessage>
}

interface MutableOutgoing {
  clientMsgId: string
  room: string
  text: string
  state: OutgoingState
  error?: LanchatError | undefined
  message?: ChatMessage | undefined
  acked: Promise<ChatMessage>
}

interface Entry {
  readonly outgoing: MutableOutgoing
  /** The `id` of the `message.send` frame on the wire, while one is. */
  requestId: string | undefined
  resolve: (message: ChatMessage) => void
  reject: (error: LanchatError) => void
}

/**
 * The queue of messages not yet stored by the server: the state machine behind
 * `client.send()`, `client.outbox`, `retry()` and `discard()`. It knows nothing of sockets;
 * the client tells it what was sent, acknowledged, refused or lost.
 *
 * @example
 * ```ts
 * const outbox = new Outbox((outgoing) => render(outgoing))
 * const outgoing = outbox.add('lobby', 'hi', createId())
 * outbox.dispatched(outgoing.clientMsgId, '7')
 * outbox.settle(outgoing.clientMsgId, storedMessage) // outgoing.state === 'sent'
 * ```
 */
export class Outbox {
  readonly #entries = new Map<string, Entry>()
  readonly #byRequest = new Map<string, string>()
  readonly #onChange: (outgoing: OutgoingMessage) => void

  /** `onChange` is called with the message after each change of state (and when it is queued). */
  constructor(onChange: (outgoing: OutgoingMessage) => void) {
    this.#onChange = onChange
  }

  /** Queues a message as `pending`. */
  add(room: string, text: string, clientMsgId: string): OutgoingMessage {
    const { promise, resolve, reject } = deferred()
    const outgoing: MutableOutgoing = { clientMsgId, room, text, state: 'pending', acked: promise }
    const entry: Entry = { outgoing, requestId: undefined, resolve, reject }
    this.#entries.set(clientMsgId, entry)
    this.#onChange(outgoing)
    return outgoing
  }

  /** Pending and failed messages, oldest first. */
  list(): OutgoingMessage[] {
    return [...this.#entries.values()].map((entry) => entry.outgoing)
  }

  /** The pending or failed message with this key. */
  get(clientMsgId: string): OutgoingMessage | undefined {
    return this.#entries.get(clientMsgId)?.outgoing
  }

  /** Pending messages not on the wire right now, oldest first: what to send next. */
  unsent(): OutgoingMessage[] {
    const unsent: OutgoingMessage[] = []
    for (const entry of this.#entries.values()) {
      if (entry.outgoing.state === 'pending' && entry.requestId === undefined) unsent.push(entry.outgoing)
    }
    return unsent
  }

  /** Records that the message went out in the `message.send` frame with this `id`. */
  dispatched(clientMsgId: string, requestId: string): void {
    const entry = this.#entries.get(clientMsgId)
    if (entry === undefined || entry.outgoing.state !== 'pending') return
    if (entry.requestId !== undefined) this.#byRequest.delete(entry.requestId)
    entry.requestId = requestId
    this.#byRequest.set(requestId, clientMsgId)
  }

  /** The message sent in the frame with this `id`, while it waits for its reply. */
  byRequest(requestId: string): OutgoingMessage | undefined {
    const clientMsgId = this.#byRequest.get(requestId)
    return clientMsgId === undefined ? undefined : this.#entries.get(clientMsgId)?.outgoing
  }

  /** The server stored it: `sent`, out of the outbox, `acked` resolves. False if it was not pending. */
  settle(clientMsgId: string, message: ChatMessage): boolean {
    const entry = this.#entries.get(clientMsgId)
    if (entry === undefined || entry.outgoing.state !== 'pending') return false
    this.#forgetRequest(entry)
    this.#entries.delete(clientMsgId)
    entry.outgoing.state = 'sent'
    entry.outgoing.message = message
    entry.outgoing.error = undefined
    entry.resolve(message)
    this.#onChange(entry.outgoing)
    return true
  }

  /**
   * It cannot be sent as it is: `failed`, stays in the outbox for `retry()`, `acked` rejects. With `awaitReply`, the
   * frame on the wire stays known, so that its reply (an error, most likely) settles nothing and is not reported.
   */
  fail(clientMsgId: string, error: LanchatError, awaitReply = false): boolean {
    const entry = this.#entries.get(clientMsgId)
    if (entry === undefined || entry.outgoing.state !== 'pending') return false
    if (!awaitReply) this.#forgetRequest(entry)
    entry.outgoing.state = 'failed'
    entry.outgoing.error = error
    entry.reject(error)
    this.#onChange(entry.outgoing)
    return true
  }

  /** Its frame got no answer that settles it (rate limit, lost connection): send it again later. */
  requeue(clientMsgId: string): void {
    const entry = this.#entries.get(clientMsgId)
    if (entry !== undefined) this.#forgetRequest(entry)
  }

  /** The connection dropped: nothing is on the wire any more. */
  connectionLost(): void {
    for (const entry of this.#entries.values()) entry.requestId = undefined
    this.#byRequest.clear()
  }

  /** Makes a failed message pending again, with a fresh `acked`. Undefined if there is no failed message with this key. */
  retry(clientMsgId: string): OutgoingMessage | undefined {
    const entry = this.#entries.get(clientMsgId)
    if (entry === undefined || entry.outgoing.state !== 'failed') return undefined
    entry.outgoing.state = 'pending'
    entry.outgoing.error = undefined
    const { promise, resolve, reject } = deferred()
    entry.outgoing.acked = promise
    entry.resolve = resolve
    entry.reject = reject
    this.#onChange(entry.outgoing)
    return entry.outgoing
  }

  /**
   * Drops a pending or failed message from the outbox: it is reported one last time, `failed` with `error`, and a
   * pending one's `acked` rejects. A copy already on the wire may still be stored; it then arrives as a normal message.
   */
  discard(clientMsgId: string, error: LanchatError): boolean {
    const entry = this.#entries.get(clientMsgId)
    if (entry === undefined) return false
    const wasPending = entry.outgoing.state === 'pending'
    this.#forgetRequest(entry)
    this.#entries.delete(clientMsgId)
    entry.outgoing.state = 'failed'
    entry.outgoing.error = error
    if (wasPending) entry.reject(error)
    this.#onChange(entry.outgoing)
    return true
  }

  /** Fails every pending message to `room` with `error` (the client is no longer in it; the server refuses what is on the wire). */
  failRoom(room: string, error: LanchatError): void {
    for (const entry of [...this.#entries.values()]) if (entry.outgoing.room === room) this.fail(entry.outgoing.clientMsgId, error, true)
  }

  /** Fails every pending message with `error` (the client is closed for good). */
  failPending(error: LanchatError): void {
    for (const entry of [...this.#entries.values()]) this.fail(entry.outgoing.clientMsgId, error)
  }

  /** Messages in the outbox (pending and failed). */
  get size(): number {
    return this.#entries.size
  }

  #forgetRequest(entry: Entry): void {
    if (entry.requestId !== undefined) this.#byRequest.delete(entry.requestId)
    entry.requestId = undefined
  }
}

/** The `acked` promise of a message, already marked handled: the app may ignore it, and awaiting it still throws. */
function deferred(): { promise: Promise<ChatMessage>; resolve: (message: ChatMessage) => void; reject: (error: LanchatError) => void } {
  let resolve: (message: ChatMessage) => void = () => {}
  let reject: (error: LanchatError) => void = () => {}
  const promise = new Promise<ChatMessage>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise
    reject = rejectPromise
  })
  promise.catch(() => {})
  return { promise, resolve, reject }
}
