import type { ClientErrorCodes } from './client-error-codes.js'
import { LanchatConnectionError } from './lanchat-connection-error.js'
import { LanchatError } from './lanchat-error.js'
import type { ServerCertificate } from '../tls/tls-options.js'

const marker = 'lanchat.error.certificate'
const symbol = Symbol.for(marker)

/**
 * A `wss://` or `https://` connection refused because of the server's certificate (Node): `CERTIFICATE_MISMATCH`
 * when it does not match `tls.pin`, `CERTIFICATE_UNTRUSTED` when nothing trusted vouches for it. The client closes
 * for good, without reconnecting: a new certificate needs a person's decision.
 *
 * @example
 * ```ts
 * client.on('error', (error) => {
 *   if (LanchatCertificateError.isInstance(error) && error.code === 'CERTIFICATE_MISMATCH') {
 *     console.error(`The server's certificate changed: ${error.chain[0]?.fingerprint256 ?? 'unknown'}`)
 *   }
 * })
 * ```
 */
export class LanchatCertificateError extends LanchatConnectionError {
  private readonly [symbol] = true
  override readonly name = 'LanchatCertificateError'
  declare readonly code: typeof ClientErrorCodes.CERTIFICATE_MISMATCH | typeof ClientErrorCodes.CERTIFICATE_UNTRUSTED
  /** The host name or address connected to. */
  readonly host: string
  /** The chain the server presented, its own certificate first, when it is known (empty otherwise). */
  readonly chain: ServerCertificate[]
  /** The pinned fingerprint, when there was one. */
  readonly pin: string | undefined

  constructor(options: {
    code: typeof ClientErrorCodes.CERTIFICATE_MISMATCH | typeof ClientErrorCodes.CERTIFICATE_UNTRUSTED
    message: string
    host: string
    chain?: ServerCertificate[] | undefined
    pin?: string | undefined
    cause?: unknown
  }) {
    super(options)
    this.host = options.host
    this.chain = options.chain ?? []
    this.pin = options.pin
  }

  static override isInstance(error: unknown): error is LanchatCertificateError {
    return LanchatError.hasMarker(error, marker)
  }
}
