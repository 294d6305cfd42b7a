/**
 * Codes of errors that arise in the client itself. Errors from the server carry a wire
 * code from `ErrorCodes` of `@lanchat/protocol` instead (see {@link LanchatServerError}).
 *
 * @example
 * ```ts
 * client.on('error', (error) => {
 *   if (error.code === ClientErrorCodes.INVALID_FRAME) console.warn('server sent a bad frame')
 * })
 * ```
 */
export const ClientErrorCodes = {
  /** The first connection could not be opened, or the server closed it before `welcome`. */
  CONNECTION_FAILED: 'CONNECTION_FAILED',
  /** The connection dropped while a request waited for its reply. */
  CONNECTION_LOST: 'CONNECTION_LOST',
  /** The client was closed (by `close()`, a final close code, or after the last reconnect attempt). */
  CONNECTION_CLOSED: 'CONNECTION_CLOSED',
  /**
   * The account session ended (signed out here or elsewhere, revoked, password changed or reset, account disabled):
   * the server closed the connection with 4010. Sign in again. (A `token` that was already dead when connecting
   * fails `connect()` with `CONNECTION_FAILED`: the upgrade was refused with HTTP 401.)
   */
  SIGNED_OUT: 'SIGNED_OUT',
  /** A request was made while the client was idle or closed: call `connect()` first. */
  NOT_CONNECTED: 'NOT_CONNECTED',
  /** The runtime has no WebSocket and the `ws` package could not be loaded. */
  NO_WEBSOCKET: 'NO_WEBSOCKET',
  /** A request or the handshake got no answer in time, or a heartbeat `ping` got no `pong`. */
  TIMEOUT: 'TIMEOUT',
  /** The server sent a frame that does not match the protocol. It was ignored. */
  INVALID_FRAME: 'INVALID_FRAME',
  /** An event listener of the app threw; the error is in `cause`. */
  LISTENER_ERROR: 'LISTENER_ERROR',
  /** The outgoing message was discarded with `discard()` before it was acknowledged. */
  MESSAGE_DISCARDED: 'MESSAGE_DISCARDED',
  /** The message text is longer than the server's `limits.maxTextLength`; it was not sent. */
  MESSAGE_TOO_LONG: 'MESSAGE_TOO_LONG',
  /**
   * The server does not offer the feature a method needs (it is not in `client.features`, from `welcome.features`):
   * nothing was sent. Check `client.features` before offering the action.
   */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  /**
   * The server's certificate does not match the pinned fingerprint (`tls.pin`), or no longer chains to the pinned
   * certificate: someone may be intercepting the connection, or the server got a new certificate authority. Final:
   * the client does not reconnect. See {@link LanchatCertificateError}.
   */
  CERTIFICATE_MISMATCH: 'CERTIFICATE_MISMATCH',
  /**
   * The server's certificate is not trusted: it does not chain to the system's certificate authorities (or to
   * `tls.ca`), has expired, or does not name the host connected to. Final. Pass `tls.pin` or `tls.ca` (Node), or
   * install the server's CA (browsers).
   */
  CERTIFICATE_UNTRUSTED: 'CERTIFICATE_UNTRUSTED',
  /** The options given to the constructor are not valid. */
  INVALID_OPTIONS: 'INVALID_OPTIONS',
} as const

/** A code of an error raised by the client itself: one of {@link ClientErrorCodes}. */
export type ClientErrorCode = (typeof ClientErrorCodes)[keyof typeof ClientErrorCodes]
