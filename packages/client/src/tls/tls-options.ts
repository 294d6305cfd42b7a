/** One certificate the server presented, as {@link LanchatTlsOptions.onCertificate} and `getServerCertificates()` describe it. */
export interface ServerCertificate {
  /** SHA-256 fingerprint of the DER certificate, upper-case hex in pairs: `AB:12:…` (64 hex digits). */
  fingerprint256: string
  /** The subject's common name (or the whole subject when it has none). */
  subject: string
  /** The issuer's common name (or the whole issuer). */
  issuer: string
  /** Whether it is a certificate authority (basic constraints `CA:TRUE`). */
  isCA: boolean
  /** Start and end of validity, as the certificate says (`Dec  2 15:00:00 2026 GMT`). */
  validFrom: string
  validTo: string
  /** The certificate in PEM, to store and pass as `ca` later. */
  pem: string
}

/** What {@link LanchatTlsOptions.onCertificate} is told about a TLS connection that was made. */
export interface CertificateInfo {
  /** The host name or address connected to. */
  host: string
  /** The chain, the server's own certificate first, then each issuer up to the root that was trusted. */
  chain: ServerCertificate[]
  /** The certificate in `chain` that matched `pin`, when a pin was given. */
  pinned: ServerCertificate | undefined
}

/**
 * How a Node client trusts a `wss://` (or `https://`) server, typically a LAN server with its own certificate
 * authority that no system trusts. Node only: in a browser the option is refused, and the browser's own
 * trust store decides (install the server's CA, see its trust page).
 *
 * @example Pin the server's CA by the fingerprint its start banner or trust page shows
 * ```ts
 * const client = new LanchatClient({
 *   url: 'wss://192.168.1.20:5001/ws',
 *   name: 'bot',
 *   tls: { pin: 'AB:12:…:9F' },
 * })
 * ```
 *
 * @example Trust a CA file (the demo serves it at `/trust/lanchat-ca.crt`)
 * ```ts
 * import { readFile } from 'node:fs/promises'
 * const tls = { ca: await readFile('lanchat-ca.crt', 'utf8') }
 * const client = new LanchatClient({ url: 'wss://chat.local:5001/ws', name: 'bot', tls })
 * ```
 */
export interface LanchatTlsOptions {
  /**
   * Certificate authorities (PEM) to trust instead of the system's: the connection is made only if the server's
   * certificate chains to one of them and names the host connected to.
   */
  ca?: string | Uint8Array | undefined
  /**
   * SHA-256 fingerprint (64 hex digits, with or without `:`, any case) of a certificate that must be in the server's
   * verified chain: its CA's (a renewed server certificate still matches) or its own. Without `ca`, the client first
   * fetches the chain the server sends, takes the certificate with this fingerprint as the only trusted one, and
   * then connects (the server must send that certificate in its chain, as the lanchat demo does). The host name is
   * checked against the server's certificate unless the pinned one is the server's own certificate. When nothing
   * matches, the connection is refused with `CERTIFICATE_MISMATCH`, for good: no reconnect.
   */
  pin?: string | undefined
  /** Called on each TLS connection that was made, with the chain that was verified; for logs or display. */
  onCertificate?: ((info: CertificateInfo) => void) | undefined
}

/**
 * A fingerprint in the one form the client compares: upper-case hex pairs joined by `:`; `undefined` when it is not
 * 64 hex digits (separators `:`, spaces and `-` are ignored).
 *
 * @example
 * ```ts
 * normalizeFingerprint('ab12…9f') // 'AB:12:…:9F'
 * ```
 */
export function normalizeFingerprint(fingerprint: string): string | undefined {
  const hex = fingerprint.replace(/[\s:-]/g, '').toUpperCase()
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined
  return hex.replace(/(..)(?!$)/g, '$1:')
}
