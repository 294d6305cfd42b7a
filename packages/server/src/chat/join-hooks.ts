import type { Member, RoomInfo } from '@lanchat/protocol'
import { silentLogger, type ChatLogger } from './logger.js'

/** What a {@link JoinHook} is asked about: who wants into which room, and how. */
export interface JoinRequest {
  readonly room: RoomInfo
  readonly user: Member
  /** `join`: `room.join` (with or without an invite link); `resume`: rejoining after a reconnect or on a new device. */
  readonly via: 'join' | 'resume'
}

/** What a {@link JoinHook} returns: nothing to allow, `{ refuse }` to keep the user out. */
export type JoinHookResult = void | undefined | { refuse: string }

/**
 * Asked before a user enters a room, after lanchat's own rules (private rooms, bans) let them: for host apps with
 * permissions of their own. Return `{ refuse: reason }` to keep them out: a join is answered `FORBIDDEN` with the
 * reason, a resume leaves the room out of the welcome (`lostRooms`). A hook that throws or does not settle within
 * `messageHookTimeoutMs` refuses (logged): a broken permission check keeps people out rather than letting them in.
 *
 * @example
 * ```ts
 * app.lanchat.onJoin(({ room, user }) =>
 *   room.id === 'staff' && !staff.has(user.id) ? { refuse: 'Staff only' } : undefined,
 * )
 * ```
 */
export type JoinHook = (request: JoinRequest) => JoinHookResult | Promise<JoinHookResult>

const TIMED_OUT = Symbol('timed out')

/** The host's join hooks, run in the order they were added; the first refusal wins. */
export class JoinHooks {
  readonly #hooks = new Set<{ hook: JoinHook }>()
  readonly #timeoutMs: number
  readonly #log: ChatLogger

  constructor(options: { timeoutMs: number; log?: ChatLogger }) {
    this.#timeoutMs = options.timeoutMs
    this.#log = options.log ?? silentLogger
  }

  add(hook: JoinHook): () => void {
    const entry = { hook }
    this.#hooks.add(entry)
    return () => {
      this.#hooks.delete(entry)
    }
  }

  /** Undefined when every hook lets the user in; otherwise the reason for the user. */
  async check(request: JoinRequest): Promise<string | undefined> {
    for (const { hook } of [...this.#hooks]) {
      const about = { room: request.room.id, userId: request.user.id, via: request.via }
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), this.#timeoutMs)
      })
      let result: JoinHookResult | typeof TIMED_OUT
      try {
        result = await Promise.race([Promise.resolve().then(() => hook(request)), timeout])
      } catch (error) {
        this.#log.error({ err: error, ...about }, 'lanchat join hook threw; the user was kept out')
        return 'The server could not check whether you may join this room'
      } finally {
        clearTimeout(timer)
      }
      if (result === TIMED_OUT) {
        this.#log.error({ ...about, timeoutMs: this.#timeoutMs }, 'lanchat join hook did not settle in time; the user was kept out')
        return 'The server took too long to check whether you may join this room'
      }
      if (result !== undefined && result !== null && typeof result === 'object' && 'refuse' in result) return String(result.refuse)
    }
    return undefined
  }
}
