import type { MessageDraft } from '../store/store.js'

/** What a {@link MessageHook} returns: nothing to let the message through, `{ reject }` to refuse it. */
export type MessageHookResult = void | undefined | { reject: string }

/**
 * Runs before a user's message is stored. Return (or resolve) `{ reject: reason }`, or throw, to refuse it: the
 * sender gets `MESSAGE_REJECTED` with the reason as its message, and nothing is stored.
 *
 * @example
 * ```ts
 * const noShouting: MessageHook = (draft) =>
 *   draft.text.length > 10 && draft.text === draft.text.toUpperCase() ? { reject: 'Please do not shout' } : undefined
 * app.lanchat.onMessage(noShouting)
 * ```
 */
export type MessageHook = (draft: Readonly<MessageDraft>) => MessageHookResult | Promise<MessageHookResult>

/** The host's message hooks, run in the order they were added; the first refusal wins. */
export class MessageHooks {
  readonly #hooks = new Set<{ hook: MessageHook }>()

  add(hook: MessageHook): () => void {
    const entry = { hook }
    this.#hooks.add(entry)
    return () => {
      this.#hooks.delete(entry)
    }
  }

  /** The reason of the first hook that refused the draft, or undefined when all let it through. */
  async check(draft: Readonly<MessageDraft>): Promise<string | undefined> {
    for (const { hook } of [...this.#hooks]) {
      let result: MessageHookResult
      try {
        result = await hook(draft)
      } catch (error) {
        return error instanceof Error ? error.message : String(error)
      }
      if (result !== undefined && result !== null && typeof result === 'object' && 'reject' in result) {
        return String(result.reject)
      }
    }
    return undefined
  }
}
