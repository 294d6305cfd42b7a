import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CertificateNames } from './certificate-names.js'
import {
  certificateFacts,
  createCertificateAuthority,
  issueServerCertificate,
  renewalReason,
  RENEW_BEFORE_DAYS,
  type CertificateAndKey,
  type CertificateFacts,
} from './certificates.js'

/** The folder inside the data directory that holds the certificate authority and the server certificate. */
export const TLS_DIRECTORY = 'tls'
const FILES = { caCert: 'ca.crt', caKey: 'ca.key', serverCert: 'server.crt', serverKey: 'server.key' } as const

/** The TLS files in the data directory cannot be read or written; the message names the file and what to do. */
export class LanTlsError extends Error {
  override readonly name = 'LanTlsError'
  readonly code = 'LANCHAT_ERR_WEB_TLS'
}

/** The certificate authority and server certificate a run serves HTTPS with. */
export interface LanTls {
  authority: CertificateAndKey
  server: CertificateAndKey
  authorityFacts: CertificateFacts
  serverFacts: CertificateFacts
  /** Where they are kept (`<dataDir>/tls`), or undefined when kept in memory for this run only. */
  directory: string | undefined
  /** What happened at this start: a new authority (install it on the devices), a new server certificate, or neither. */
  change: { authority: 'created' | 'kept'; server: 'issued' | 'kept'; reason?: string | undefined }
}

/** Options of {@link prepareLanTls}. */
export interface PrepareLanTlsOptions {
  /** The data directory (its `tls` folder is made, mode 0700); undefined keeps everything in memory. */
  dataDir: string | undefined
  /** What the server certificate must cover (see `machineCertificateNames`). */
  names: CertificateNames
  /** The machine's name for the authority's subject. */
  authorityName: string
  now?: Date
}

/**
 * The certificate authority and server certificate for this start. The authority is made once and kept
 * (`tls/ca.key`, mode 0600, and `tls/ca.crt`) so that devices install it once; the server certificate is issued
 * again when it ends within {@link RENEW_BEFORE_DAYS} days or misses one of `names` (a new address, a new machine
 * name). Without a data directory both live in memory for the run.
 *
 * @example
 * ```ts
 * const tls = await prepareLanTls({ dataDir: '/srv/lanchat', names: machineCertificateNames(), authorityName: 'studio' })
 * https.createServer({ key: tls.server.key, cert: tls.server.cert })
 * ```
 */
export async function prepareLanTls(options: PrepareLanTlsOptions): Promise<LanTls> {
  const now = options.now ?? new Date()
  const directory = options.dataDir === undefined ? undefined : join(options.dataDir, TLS_DIRECTORY)
  if (directory !== undefined) makeDirectory(directory)
  const path = (file: keyof typeof FILES) => join(directory ?? '', FILES[file])

  let authority = directory === undefined ? undefined : readPair(path('caCert'), path('caKey'))
  let authorityChange: LanTls['change']['authority'] = 'kept'
  if (authority !== undefined && certificateFacts(authority.cert).notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * 86_400_000) {
    authority = undefined // Ten years on: a new one, to be installed again.
  }
  if (authority === undefined) {
    authority = await createCertificateAuthority({ name: options.authorityName, now })
    authorityChange = 'created'
    if (directory !== undefined) writePair(authority, path('caCert'), path('caKey'))
  }

  const stored = directory === undefined || authorityChange === 'created' ? undefined : readPair(path('serverCert'), path('serverKey'))
  const reason = stored === undefined ? undefined : renewalReason(certificateFacts(stored.cert), authority, stored.cert, options.names, now)
  const keep = stored !== undefined && reason === undefined
  const server = keep ? stored : await issueServerCertificate(authority, options.names, { now })
  if (!keep && directory !== undefined) writePair(server, path('serverCert'), path('serverKey'))
  return {
    authority,
    server,
    authorityFacts: certificateFacts(authority.cert),
    serverFacts: certificateFacts(server.cert),
    directory,
    change: { authority: authorityChange, server: keep ? 'kept' : 'issued', reason },
  }
}

function makeDirectory(directory: string): void {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new LanTlsError(`cannot create ${directory} for the HTTPS certificates: ${message(error)}.`, { cause: error })
  }
}

/** Both files, or undefined when neither exists. One without the other, or a file that does not parse, is an error. */
function readPair(certPath: string, keyPath: string): CertificateAndKey | undefined {
  const haveCert = existsSync(certPath)
  const haveKey = existsSync(keyPath)
  if (!haveCert && !haveKey) return undefined
  if (haveCert !== haveKey) {
    const missing = haveCert ? keyPath : certPath
    throw new LanTlsError(`${missing} is missing. Put it back, or remove ${haveCert ? certPath : keyPath} too to make new ones.`)
  }
  try {
    // A key file someone made readable to others is put back to owner-only.
    if ((statSync(keyPath).mode & 0o077) !== 0) chmodSync(keyPath, 0o600)
    const pair = { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') }
    certificateFacts(pair.cert)
    return pair
  } catch (error) {
    throw new LanTlsError(`cannot read ${certPath}: ${message(error)}. Remove it and ${keyPath} to make new ones.`, { cause: error })
  }
}

/** Writes through a temporary file and a rename, so that a crash never leaves half a key; keys are 0600. */
function writePair(pair: CertificateAndKey, certPath: string, keyPath: string): void {
  try {
    writeAtomically(keyPath, pair.key, 0o600)
    writeAtomically(certPath, pair.cert, 0o644)
  } catch (error) {
    throw new LanTlsError(`cannot write ${certPath}: ${message(error)}.`, { cause: error })
  }
}

function writeAtomically(path: string, content: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, content, { mode })
  chmodSync(temporary, mode)
  renameSync(temporary, path)
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
