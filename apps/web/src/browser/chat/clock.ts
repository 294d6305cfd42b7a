import { signal } from '@preact/signals'

/** The current time, refreshed every 20 seconds so relative timestamps ("3 min") stay true. */
export const now = signal(Date.now())

let timer: ReturnType<typeof setInterval> | undefined

/** Starts the clock; the app calls it once. */
export function startClock(): void {
  timer ??= setInterval(() => {
    now.value = Date.now()
  }, 20_000)
}
