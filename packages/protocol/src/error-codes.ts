/**
 * Every `code` an `error` frame can carry. The list is closed: a client may switch on it.
 * The HTTP analogue of each is given for orientation.
 */
export const ErrorCodes = {
  /** 400. The frame is not valid JSON, or does not match any frame schema. The connection stays open. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** 413. The frame is larger than `limits.maxFrameBytes`. The connection stays open. */
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  /** 426. The client speaks a protocol version this server does not. The connection is closed. */
  UNSUPPORTED_PROTOCOL: 'UNSUPPORTED_PROTOCOL',
  /** 401. A command arrived before `hello`, or a second `hello` arrived. */
  HANDSHAKE_REQUIRED: 'HANDSHAKE_REQUIRED',
  /** 404. No room has this id. */
  ROOM_NOT_FOUND: 'ROOM_NOT_FOUND',
  /** 403. The command needs membership of a room the connection has not joined. */
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  /**
   * 429. Too many commands of one kind: wait `retryAfterMs` and send it again (nothing was done). Without
   * `retryAfterMs` a cap was reached (rooms per user or address, sessions per user): retrying will not help until
   * something is freed. A connection that keeps flooding after it was refused is closed with 4029.
   */
  RATE_LIMITED: 'RATE_LIMITED',
  /** 403. A server hook refused the message. It was not stored. */
  MESSAGE_REJECTED: 'MESSAGE_REJECTED',
  /**
   * 409. This `clientMsgId` was already used by the same sender for a different message. The stored one stands;
   * the new text was not stored. Send it again with a new `clientMsgId`.
   */
  CONFLICT: 'CONFLICT',
  /**
   * 403. Your role in the room does not allow this (moderators and owners manage rooms), you are muted or banned
   * there, or the server's policy does not let guests do it. Nothing was done.
   */
  FORBIDDEN: 'FORBIDDEN',
  /** 409. A room with the code asked for in `room.create` exists already. */
  ROOM_EXISTS: 'ROOM_EXISTS',
  /** 404. No one goes by the name or id `member.update` or `dm.open` named (or they may not be reached). */
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  /** 503. The server is shutting down, over capacity, or cannot store right now. Nothing was stored; retry later. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** 500. The server failed; the command had no effect. */
  INTERNAL: 'INTERNAL',
} as const

/** A wire error code: one of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes]
