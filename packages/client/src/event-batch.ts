/**
 * Holds back the events raised during one step of the client (a frame, a closed socket,
 * `close()`) and emits them in order after it. App code (event listeners) therefore never runs in
 * the middle of a step, sees the state that step left, and whatever it does in a listener (send,
 * request) comes after what the step set in motion.
 */
export class EventBatch {
  #pending: Array<() => void> | undefined

  /** Runs `work` with the events it raises held back, then emits them; nested runs join the outer one. */
  run(work: () => void): void {
    if (this.#pending !== undefined) {
      work()
      return
    }
    const pending: Array<() => void> = []
    this.#pending = pending
    try {
      work()
    } finally {
      this.#pending = undefined
    }
    for (const emit of pending) emit()
  }

  /** Emits now, or after the step in progress. */
  emit(emit: () => void): void {
    if (this.#pending !== undefined) this.#pending.push(emit)
    else emit()
  }
}
