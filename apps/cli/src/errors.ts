/**
 * Exit codes of `lanchat`, documented in docs/guides/cli.md. Scripts may rely on them.
 */
export const ExitCode = {
  /** Everything worked. */
  Ok: 0,
  /** The command line (or LANCHAT_URL) was wrong. */
  Usage: 1,
  /** No server was reachable, or none was found on the network. */
  ConnectionFailed: 2,
  /** The room does not exist. */
  RoomNotFound: 3,
  /** The server refused something: the name, or one or more messages. */
  Rejected: 4,
  /**
   * Your account session on this server ended (you signed out here or on another device, it was revoked, the password
   * changed, the account was disabled or deleted): run `lanchat login` again.
   */
  SignedOut: 5,
  /**
   * The server's certificate changed since you trusted it (or does not match `--trust`): someone may be intercepting
   * the connection. If the server's owner confirms the new fingerprint: `lanchat trust --forget HOST`, then connect.
   */
  CertificateChanged: 6,
  /**
   * The `wss://` server's certificate is not trusted yet and could not be confirmed: no terminal to ask on (pass
   * `--trust FINGERPRINT` or `--trust-on-first-use`), or you declined.
   */
  CertificateUntrusted: 7,
  /** Stopped by Ctrl-C (SIGINT), by the shell convention 128 + 2. */
  Interrupted: 130,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * An error meant for the person at the terminal: `lanchat: <message>` on stderr, then exit with `exitCode`.
 *
 * @example
 * ```ts
 * throw new CliError('room K7M2QX does not exist', ExitCode.RoomNotFound)
 * ```
 */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message)
  }
}

/** What `lanchat` says when the server ends this device's account session. */
export const SIGNED_OUT_MESSAGE = 'You were signed out on this device; run lanchat login'
