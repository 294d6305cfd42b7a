import { X509Certificate as NodeX509Certificate, createHash, randomBytes, webcrypto } from 'node:crypto'
import { isIP } from 'node:net'
import type { CertificateNames } from './certificate-names.js'
import { x509 } from './x509.js'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * How long a server certificate is valid, from its (backdated) start to its end. Apple platforms refuse TLS server
 * certificates valid for more than 825 days outright and, for those issued since September 2020, Safari and Chrome
 * hold publicly trusted ones to 398 days; 397 days stays inside every limit a phone or browser applies, even
 * counted loosely (the CA/Browser Forum's own 398 allows for a day of rounding). Renewal is automatic, so the
 * short life costs nothing: the CA installed on the phones stays the same.
 */
export const SERVER_CERTIFICATE_DAYS = 397
/** How long the certificate authority is valid: about ten years, as it is installed by hand on every device. */
export const AUTHORITY_DAYS = 3652
/** A server certificate that ends within this many days is replaced at start. */
export const RENEW_BEFORE_DAYS = 30
// Phones with a clock a little behind would see a certificate from "the future"; start it an hour back.
const BACKDATE_MS = 60 * 60 * 1000

// ECDSA P-256 with SHA-256: accepted everywhere (iOS, Android, Windows, macOS, NSS), small and fast to make.
const KEY_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' }
const SIGNING_ALGORITHM: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' }

const crypto = webcrypto as unknown as Crypto

/** A certificate and its private key, both PEM. */
export interface CertificateAndKey {
  /** The certificate (`-----BEGIN CERTIFICATE-----`). */
  cert: string
  /** The private key, PKCS #8 (`-----BEGIN PRIVATE KEY-----`). */
  key: string
}

async function newKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key)
  return withNewline(x509.PemConverter.encode(der, 'PRIVATE KEY'))
}

/** PEM ends with a line break, so that files and concatenated chains (`server + CA`) stay well-formed. */
function withNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : `${pem}\n`
}

async function importSigningKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0]
  if (der === undefined) throw new Error('no PEM key')
  return crypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, false, ['sign'])
}

/** A random positive 128-bit serial number, hex. */
function serialNumber(): string {
  const bytes = randomBytes(16)
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x01
  return bytes.toString('hex')
}

/**
 * Makes a new certificate authority for this server: a self-signed ECDSA P-256 certificate that may sign server
 * certificates only (`pathLen 0`), valid for about ten years. `name` goes into its subject so that a phone with
 * the CAs of several lanchat servers tells them apart.
 *
 * @example
 * ```ts
 * const ca = await createCertificateAuthority({ name: 'studio' })
 * ```
 */
export async function createCertificateAuthority(options: { name: string; now?: Date }): Promise<CertificateAndKey> {
  const now = options.now ?? new Date()
  const keys = await newKeyPair()
  const notBefore = new Date(now.getTime() - BACKDATE_MS)
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: [{ CN: [`lanchat CA for ${options.name} (${now.toISOString().slice(0, 10)})`] }, { O: ['lanchat'] }],
      notBefore,
      notAfter: new Date(notBefore.getTime() + AUTHORITY_DAYS * DAY_MS),
      keys,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  )
  return { cert: withNewline(cert.toString('pem')), key: await privateKeyPem(keys.privateKey) }
}

/**
 * Issues a server certificate from `authority` for every name and address in `names`: ECDSA P-256, SHA-256,
 * `serverAuth`, valid for {@link SERVER_CERTIFICATE_DAYS} days (and never past the authority's own end).
 *
 * @example
 * ```ts
 * const server = await issueServerCertificate(ca, { dns: ['localhost', 'studio.local'], ip: ['127.0.0.1', '192.168.1.23'] })
 * ```
 */
export async function issueServerCertificate(
  authority: CertificateAndKey,
  names: CertificateNames,
  options: { now?: Date } = {},
): Promise<CertificateAndKey> {
  const now = options.now ?? new Date()
  const authorityCert = new x509.X509Certificate(authority.cert)
  const signingKey = await importSigningKey(authority.key)
  const keys = await newKeyPair()
  const notBefore = new Date(now.getTime() - BACKDATE_MS)
  const notAfter = new Date(Math.min(notBefore.getTime() + SERVER_CERTIFICATE_DAYS * DAY_MS, authorityCert.notAfter.getTime()))
  const alternativeNames: x509.JsonGeneralName[] = [
    ...names.dns.map((value) => ({ type: 'dns' as const, value })),
    ...names.ip.map((value) => ({ type: 'ip' as const, value })),
  ]
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: [{ CN: [names.dns.find((name) => name !== 'localhost') ?? 'localhost'] }, { O: ['lanchat'] }],
      issuer: authorityCert.subjectName,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        // Apple requires serverAuth in the extended key usage of every TLS server certificate.
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(alternativeNames, false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(authorityCert, false, crypto),
      ],
    },
    crypto,
  )
  return { cert: withNewline(cert.toString('pem')), key: await privateKeyPem(keys.privateKey) }
}

/** What a certificate covers and until when, read with Node's own X.509 parser. */
export interface CertificateFacts {
  notBefore: Date
  notAfter: Date
  dns: string[]
  ip: string[]
  /** `AB:CD:…`, the SHA-256 of the certificate's DER, as Windows, macOS and browsers show it. */
  fingerprint256: string
  /** Base64 SHA-256 of the certificate's public key (SPKI), the form of HPKP and Chromium's SPKI list. */
  spkiSha256: string
}

/**
 * Reads a PEM certificate: its validity, the names and addresses in its subject alternative name, and its
 * fingerprints.
 *
 * @example
 * ```ts
 * certificateFacts(pem).fingerprint256 // 'A1:B2:…'
 * ```
 */
export function certificateFacts(pem: string): CertificateFacts {
  const cert = new NodeX509Certificate(pem)
  const dns: string[] = []
  const ip: string[] = []
  // Node lists them as `DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1`.
  for (const entry of (cert.subjectAltName ?? '').split(/,\s*/)) {
    const [kind, ...rest] = entry.split(':')
    const value = rest.join(':')
    if (kind === 'DNS') dns.push(value.toLowerCase())
    else if (kind === 'IP Address') ip.push(canonicalAddress(value))
  }
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' })
  return {
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    dns,
    ip,
    fingerprint256: cert.fingerprint256,
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
  }
}

/** Why a server certificate must be replaced, or undefined when it still serves. */
export function renewalReason(
  server: CertificateFacts,
  authority: CertificateAndKey,
  serverPem: string,
  names: CertificateNames,
  now: Date = new Date(),
): string | undefined {
  if (!new NodeX509Certificate(serverPem).verify(new NodeX509Certificate(authority.cert).publicKey)) {
    return 'it was not issued by this certificate authority'
  }
  if (server.notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) return 'it expires soon'
  if (server.notBefore.getTime() > now.getTime()) return 'it is not valid yet'
  const missingName = names.dns.find((name) => !server.dns.includes(name))
  if (missingName !== undefined) return `it does not cover ${missingName}`
  const covered = new Set(server.ip.map(canonicalAddress))
  const missingAddress = names.ip.find((address) => !covered.has(canonicalAddress(address)))
  if (missingAddress !== undefined) return `it does not cover ${missingAddress}`
  return undefined
}

/** One text form per address, so `0:0:0:0:0:0:0:1` and `::1` compare equal. */
function canonicalAddress(address: string): string {
  if (isIP(address) !== 6) return address
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1)
  } catch {
    return address.toLowerCase()
  }
}
