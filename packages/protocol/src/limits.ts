import { Type } from 'typebox'

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

/**
 * The limits in force on a server, sent in `welcome.limits`: the one source of both the schema and the type. The
 * first five share their names with {@link LIMITS}, whose values are their defaults (a server may lower or raise
 * `maxFrameBytes`; the other four are enforced by the schemas, so a server announces them as they are).
 */
export const ServerLimits = Type.Object(
  {
    /** Largest frame the server accepts, in bytes of UTF-8. */
    maxFrameBytes: Type.Integer({ minimum: 1 }),
    /** Longest message text, in Unicode code points. */
    maxTextLength: Type.Integer({ minimum: 1 }),
    /** Longest display name, in Unicode code points. */
    maxNameLength: Type.Integer({ minimum: 1 }),
    /** Longest room display name, in Unicode code points. */
    maxRoomNameLength: Type.Integer({ minimum: 1 }),
    /** Most messages one `history.get` returns. */
    maxHistoryPage: Type.Integer({ minimum: 1 }),
    /** Messages sent in `room.joined` on join. */
    joinHistory: Type.Integer({ minimum: 0 }),
    /** Most missed messages a resume replays before it answers `recovered: false`. */
    maxResumeMessages: Type.Integer({ minimum: 0 }),
    /** How long a typing notice lasts unless refreshed, in ms. */
    typingTimeoutMs: Type.Integer({ minimum: 0 }),
    /** Messages a connection may send per second, sustained. */
    messagesPerSecond: Type.Number({ minimum: 0 }),
    /** Messages a connection may send in a burst. */
    messageBurst: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type ServerLimits = Type.Static<typeof ServerLimits>

/** The welcome limits whose protocol default is in {@link LIMITS}: same name, same meaning. */
export type DefaultedLimit = keyof ServerLimits & keyof typeof LIMITS
