import { Type } from 'typebox'

/**
 * The limits in force on a server, sent in `welcome.limits`: the one source of both the schema and the type. The
 * first five share their names with `LIMITS`, whose values are their defaults (a server may lower or raise
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
