import { ClientErrorCodes } from '../errors/client-error-codes.js'
import { LanchatCertificateError } from '../errors/lanchat-certificate-error.js'
import type { ServerCertificate } from './tls-options.js'

/** The refusal of a server whose chain does not hold the pinned certificate. */
export function mismatchError(host: string, pin: string, chain: ServerCertificate[], cause?: unknown): LanchatCertificateError {
  const presented = chain.at(-1)
  return new LanchatCertificateError({
    code: ClientErrorCodes.CERTIFICATE_MISMATCH,
    message: `The certificate of ${host} does not match the pinned fingerprint ${pin}${
      presented === undefined ? '' : ` (it presented ${presented.subject}, ${presented.fingerprint256})`
    }: someone may be intercepting the connection, or the server has a new certificate`,
    host,
    chain,
    pin,
    cause,
  })
}

// Node's certificate verification errors (OpenSSL's names) and its host name check.
const verifyErrorCode = /CERT|SELF_SIGNED|ISSUER|LEAF_SIGNATURE|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH|HOSTNAME/

/**
 * The certificate refusal behind a socket `error` (`ws` passes the cause in Node), or `undefined` for any other
 * failure, which is retried as usual.
 */
export function certificateRefusal(url: string, error: unknown, pin: string | undefined): LanchatCertificateError | undefined {
  if (LanchatCertificateError.isInstance(error)) return error
  const code = (error as { code?: unknown } | undefined)?.code
  if (typeof code !== 'string' || !verifyErrorCode.test(code)) return undefined
  const host = url.replace(/^\w+:\/\/([^/]*).*$/, '$1')
  const wrongHost = /ALTNAME|HOSTNAME/.test(code)
  if (pin !== undefined && !wrongHost) return mismatchError(host, pin, [], error)
  return new LanchatCertificateError({
    code: ClientErrorCodes.CERTIFICATE_UNTRUSTED,
    message: `The certificate of ${host} ${wrongHost ? 'is not made out to that address' : 'is not trusted'} (${(error as Error).message})`,
    host,
    pin,
    cause: error,
  })
}
