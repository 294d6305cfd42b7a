/**
 * WebSocket close codes the server uses. 1xxx are standard; 4xxx are lanchat's.
 * A client reconnects after any of them except those marked final.
 */
export const CloseCode = {
  /** Server shutting down (standard "going away"). Reconnect later. */
  GoingAway: 1001,
  /** The frame exceeded the transport's hard cap (standard "message too big"). */
  MessageTooBig: 1009,
  /** Final: the client's protocol version is not supported. */
  UnsupportedProtocol: 4000,
  /** No `hello` arrived in time. */
  HandshakeTimeout: 4001,
  /** Final: the server refused the connection (for example a foreign `Origin`). */
  Forbidden: 4003,
  /** The peer did not answer pings in time. */
  HeartbeatTimeout: 4004,
  /** The peer read too slowly and its unsent data passed the limit. Resume to catch up. */
  SlowConsumer: 4008,
  /** The peer broke the protocol repeatedly (for example a flood of invalid frames). */
  ProtocolViolation: 4009,
  /**
   * The peer kept sending over its command budget after it was refused with `RATE_LIMITED` (a flood). Not final:
   * reconnect after a backoff, and honour `retryAfterMs`.
   */
  RateLimited: 4029,
  /**
   * Final: the account session this connection signed in with ended: signed out (here or on another device),
   * revoked, its password changed or reset, or the account was disabled or deleted. Sign in again.
   */
  SignedOut: 4010,
} as const

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** Close codes after which a client must not reconnect on its own. */
export const FINAL_CLOSE_CODES: readonly number[] = [CloseCode.UnsupportedProtocol, CloseCode.Forbidden, CloseCode.SignedOut]
