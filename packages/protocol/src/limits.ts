import type { ServerLimits } from './messages/server-limits.js'

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
  /** Longest room topic, in Unicode code points. */
  maxTopicLength: 256,
  /** Most people in a direct conversation, yourself included. */
  maxDirectMembers: 8,
  /** Most moderators of one room. */
  maxModerators: 50,
  /** Most muted members of one room. */
  maxMuted: 500,
  /** Most rooms one `rooms.list` returns. */
  maxDirectoryPage: 200,
  /** Most live invites of one room. */
  maxInvites: 50,
} as const

/** The welcome limits whose protocol default is in {@link LIMITS}: same name, same meaning. */
export type DefaultedLimit = keyof ServerLimits & keyof typeof LIMITS
