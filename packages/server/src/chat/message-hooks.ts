import { ErrorCodes, type ErrorCode } from '@lanchat/protocol'
import type { MessageDraft } from '../store/store.js'
import { silentLogger, type ChatLogger } from './logger.js'

/** What a {@link MessageHook} returns: nothing to let the message through, `{ reject }` to refuse it. */
export type MessageHookResult = void | undefined | { reject: string }

/**
 * Runs before a user's message is stored. Return (or resolve) `{ reject: reason }` to refuse it: the sender gets
 * `MESSAGE_REJECTED` with the reason as its message, and nothing is stored.
 *
 * A hook that throws (or rejects) is a server error, not a refusal: the error is logged, and the sender gets
 * `INTERNAL` with a generic message, never the error's text. A hook that has not settled within
 * `messageHookTimeoutMs` is given up on: the sender gets `UNAVAILABLE`, and the room goes on with its next message.
 *
 * @example
 * ```ts
 * const noShouting: MessageHook = (draft) =>
 *   draft.text.length > 10 && draft.text === draft.text.toUpperCase() ? { reject: 'Please do not shout' } : undefined
 * app.lanchat.onMessage(noShouting)
 * ```
 */
export type MessageHook = (draft: Readonly<MessageDraft>) => MessageHookResult | Promise<MessageHookResult>

/** What the hooks made of a draft. */
export type HookVerdict =
  | { outcome: 'accepted' }
  /** A hook returned `{ reject }`: the reason is for the sender. */
  | { outcome: 'rejected'; reason: string }
  /** A hook threw or rejected: a server error, logged here; the sender learns nothing of it. */
  | { outcome: 'failed' }
  /** A hook did not settle in time: logged here; the message was not stored. */
  | { outcome: 'timed-out' }

/** Settings of {@link MessageHooks}. */
export interface MessageHooksOptions {
  /** How long one hook may take before the message is answered with an error and the room moves on. */
  timeoutMs: number
  log?: ChatLogger
}

const TIMED_OUT = Symbol('timed out')

/** The host's message hooks, run in the order they were added; the first refusal, failure or timeout wins. */
export class MessageHooks {
  readonly #hooks = new Set<{ hook: MessageHook }>()
  readonly #timeoutMs: number
  readonly #log: ChatLogger

  constructor(options: MessageHooksOptions) {
    this.#timeoutMs = options.timeoutMs
    this.#log = options.log ?? silentLogger
  }

  add(hook: MessageHook): () => void {
    const entry = { hook }
    this.#hooks.add(entry)
    return () => {
      this.#hooks.delete(entry)
    }
  }

  /** Runs every hook on the draft, each within the timeout, and says what they made of it. */
  async check(draft: Readonly<MessageDraft>): Promise<HookVerdict> {
    let index = 0
    for (const { hook } of [...this.#hooks]) {
      index++
      const about = { room: draft.room, userId: draft.from.id, clientMsgId: draft.clientMsgId, hook: index }
      let result: MessageHookResult | typeof TIMED_OUT
      try {
        result = await this.#run(hook, draft, about)
      } catch (error) {
        this.#log.error({ err: error, ...about }, 'lanchat message hook threw; the message was not stored')
        return { outcome: 'failed' }
      }
      if (result === TIMED_OUT) {
        this.#log.error(
          { ...about, timeoutMs: this.#timeoutMs },
          'lanchat message hook did not settle in time; the message was not stored',
        )
        return { outcome: 'timed-out' }
      }
      if (result !== undefined && result !== null && typeof result === 'object' && 'reject' in result) {
        return { outcome: 'rejected', reason: String(result.reject) }
      }
    }
    return { outcome: 'accepted' }
  }

  /** One hook raced against the timeout. A hook that settles after it is ignored (a late failure is logged). */
  #run(hook: MessageHook, draft: Readonly<MessageDraft>, about: object): Promise<MessageHookResult | typeof TIMED_OUT> {
    let timer: ReturnType<typeof setTimeout> | undefined
    let late = false
    // Through a promise, so a hook that throws synchronously is handled like one that rejects.
    const running = Promise.resolve().then(() => hook(draft))
    running.catch((error: unknown) => {
      if (late) this.#log.error({ err: error, ...about }, 'lanchat message hook threw after its timeout')
    })
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => {
        late = true
        resolve(TIMED_OUT)
      }, this.#timeoutMs)
    })
    return Promise.race([running, timeout]).finally(() => clearTimeout(timer))
  }
}

/**
 * The error a sender gets for a draft the hooks did not accept: `MESSAGE_REJECTED` with the hook's own reason for a
 * refusal; `INTERNAL` for a hook that threw and `UNAVAILABLE` for one that timed out, both with a generic message
 * (what went wrong is in the server's log, not on the wire).
 */
export function hookRefusal(verdict: Exclude<HookVerdict, { outcome: 'accepted' }>): { code: ErrorCode; reason: string } {
  switch (verdict.outcome) {
    case 'rejected':
      return { code: ErrorCodes.MESSAGE_REJECTED, reason: verdict.reason }
    case 'failed':
      return { code: ErrorCodes.INTERNAL, reason: 'The server could not check this message; it was not sent' }
    case 'timed-out':
      return { code: ErrorCodes.UNAVAILABLE, reason: 'The server took too long to check this message; it was not sent, try again' }
  }
}
