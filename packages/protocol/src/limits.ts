/**
 * Protocol limits. A server may lower or raise the tunable ones and announces the
 * values in force in `welcome.limits`; the schemas enforce the hard ones below.
 *
 * @example
 * ```ts
 * import { LIMITS, textLength } from '@lanchat/protocol'
 * if (textLength(text) > LIMITS.maxTextLength) throw new Error('too long')
 * ```
 */
export const LIMITS = {
  /** Largest frame, in bytes of UTF-8, a server accepts by default. */
  maxFrameBytes: 64 * 1024,
  /** Longest message text, in Unicode code points (see `textLength`). */
  maxTextLength: 4000,
  /** Longest display name, in Unicode code points (see `textLength`). */
  maxNameLength: 32,
  /** Longest room display name, in Unicode code points. */
  maxRoomNameLength: 64,
  /** Longest room id. */
  maxRoomIdLength: 32,
  /** Most messages one `history.get` returns. */
  maxHistoryPage: 100,
  /** Most rooms a `hello` may ask to resume. */
  maxResumeRooms: 64,
  /** Longest request id or client message id. */
  maxIdLength: 64,
} as const

/** The limits in force on a server, sent in `welcome`. */
export interface ServerLimits {
  maxFrameBytes: number
  maxTextLength: number
  maxNameLength: number
  maxRoomNameLength: number
  maxHistoryPage: number
  /** Messages sent in `room.joined` on join. */
  joinHistory: number
  /** Most missed messages a resume replays before it answers `recovered: false`. */
  maxResumeMessages: number
  /** How long a typing notice lasts unless refreshed, in ms. */
  typingTimeoutMs: number
  /** Messages a connection may send per second, sustained. */
  messagesPerSecond: number
  /** Messages a connection may send in a burst. */
  messageBurst: number
}
