import {
  ClientErrorCodes,
  getServerCertificates,
  LanchatCertificateError,
  normalizeFingerprint,
  type LanchatTlsOptions,
  type ServerCertificate,
} from '@lanchat/client'
import { readConfig, updateConfig, type CliConfig, type TrustedCertificate } from '../config/config-file.js'
import { ask, canAsk } from '../commands/connection.js'
import { note, type CommandContext } from '../commands/context.js'
import { CliError, ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'

/** How a certificate not seen before may be trusted without asking: `--trust`, `--trust-on-first-use` or their variables. */
export interface TrustChoice {
  /** The fingerprint the person already knows (from the server's banner or trust page). */
  fingerprint: string | undefined
  /** Trust whatever the server presents the first time (still pinned afterwards). */
  onFirstUse: boolean
}

let flags: { fingerprint?: string | undefined; onFirstUse?: boolean | undefined } = {}

/** The command line's `--trust` and `--trust-on-first-use`, set before a command runs. */
export function setTrustFlags(options: { trust?: string | undefined; trustOnFirstUse?: boolean | undefined }): void {
  flags = { fingerprint: options.trust, onFirstUse: options.trustOnFirstUse }
}

/** The flags, else `LANCHAT_TRUST` and `LANCHAT_TRUST_ON_FIRST_USE=1`. */
export function trustChoice(environment: Readonly<Record<string, string | undefined>>): TrustChoice {
  const fromEnvironment = environment.LANCHAT_TRUST
  return {
    fingerprint: flags.fingerprint ?? (fromEnvironment === undefined || fromEnvironment === '' ? undefined : fromEnvironment),
    onFirstUse: flags.onFirstUse === true || /^(1|true|yes)$/i.test(environment.LANCHAT_TRUST_ON_FIRST_USE ?? ''),
  }
}

/**
 * The key of a server in the trusted list: `host:port` of its address, lower case, the port always written.
 *
 * @example
 * ```ts
 * trustKey('wss://Chat.local:5001/ws') // 'chat.local:5001'
 * trustKey('chat.local')               // 'chat.local:443'
 * ```
 */
export function trustKey(urlOrHost: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(urlOrHost) ? urlOrHost : `wss://${urlOrHost}`
  const url = new URL(withScheme)
  const port = url.port === '' ? (url.protocol === 'ws:' || url.protocol === 'http:' ? '80' : '443') : url.port
  return `${url.hostname.toLowerCase()}:${port}`
}

/** The `tls` option of every client and accounts API made for a trusted server in this run. */
const trusted = new Map<string, LanchatTlsOptions>()

/**
 * The SDK's `tls` option for `url`: the pinned certificate when the server is a trusted `wss://` one (after
 * {@link ensureTrusted}), else `undefined`.
 */
export function tlsFor(url: string): LanchatTlsOptions | undefined {
  if (!url.startsWith('wss:')) return undefined
  return trusted.get(trustKey(url))
}

function pinOf(certificate: TrustedCertificate): LanchatTlsOptions {
  return { pin: certificate.fingerprint, ca: certificate.pem }
}

/** The certificate to show and pin: the CA at the top of the chain the server sends, else the server's own. */
export function anchorOf(chain: readonly ServerCertificate[]): ServerCertificate | undefined {
  const top = chain.at(-1)
  return top?.isCA === true ? top : chain[0]
}

/** Fetches the chain a server presents, without trusting it. */
export async function presentedChain(url: string): Promise<ServerCertificate[]> {
  try {
    return await getServerCertificates(url, { timeoutMs: 5_000 })
  } catch (error) {
    const reason = error instanceof Error ? sanitizeLine(error.message) : String(error)
    throw new CliError(`cannot reach ${trustKey(url)} to see its certificate: ${reason}`, ExitCode.ConnectionFailed)
  }
}

function describe(certificate: ServerCertificate, context: CommandContext): string {
  const kind = certificate.isCA ? 'certificate authority' : 'certificate'
  return `  ${kind}: ${sanitizeLine(certificate.subject)} (valid until ${sanitizeLine(certificate.validTo)})\n  SHA-256: ${context.errorColours.bold(certificate.fingerprint256)}\n`
}

/** The warning shown before a certificate is trusted for the first time. */
function showFirstUse(context: CommandContext, key: string, anchor: ServerCertificate): void {
  context.stderr.write(
    `${context.errorColours.yellow('lanchat: first connection to')} ${key} ${context.errorColours.yellow('over TLS. It presents this')}\n` +
      describe(anchor, context) +
      'Compare the fingerprint with the one the server printed when it started, or the one its trust page shows\n' +
      '(/trust on its http:// address). If they differ, do not trust it: someone may be intercepting the connection.\n',
  )
}

async function remember(context: CommandContext, key: string, certificate: ServerCertificate): Promise<void> {
  const entry: TrustedCertificate = {
    fingerprint: certificate.fingerprint256,
    pem: certificate.pem,
    subject: certificate.subject,
    trustedAt: new Date().toISOString(),
  }
  try {
    await updateConfig(context.configPath, (config) => ({ ...config, trust: { ...config.trust, [key]: entry } }))
  } catch (error) {
    note(context, `could not save the trusted certificate in ${context.configPath}: ${error instanceof Error ? error.message : String(error)}`)
  }
  trusted.set(key, pinOf(entry))
}

/** The refusal when the certificate is not the one trusted (or given with --trust). */
export function changedError(key: string, expected: { fingerprint: string; subject?: string }, chain: readonly ServerCertificate[]): CliError {
  const now = anchorOf(chain)
  const was = expected.subject === undefined ? expected.fingerprint : `${sanitizeLine(expected.subject)}, ${expected.fingerprint}`
  const is = now === undefined ? 'a certificate that does not chain to it' : `${sanitizeLine(now.subject)}, ${now.fingerprint256}`
  return new CliError(
    `the certificate of ${key} is NOT the one trusted (trusted: ${was}; it presents: ${is}). ` +
      'Someone may be intercepting the connection; do not go on unless the server really got a new certificate authority. ' +
      `If its owner confirms the new fingerprint (its start banner or trust page), run: lanchat trust --forget ${key}, then connect again`,
    ExitCode.CertificateChanged,
  )
}

/**
 * Makes sure a `wss://` server is trusted before anything connects to it: a server trusted before is pinned; one seen
 * for the first time shows its CA's (or its own) fingerprint with a warning and is trusted when the person says yes on
 * a terminal, when it matches `--trust FINGERPRINT`, or with `--trust-on-first-use`; otherwise exit 7. A `ws://`
 * server needs nothing.
 */
export async function ensureTrusted(context: CommandContext, url: string, choice: TrustChoice = trustChoice(context.environment)): Promise<void> {
  if (!url.startsWith('wss:')) return
  const key = trustKey(url)
  const stored = (await readConfig(context.configPath)).trust?.[key]
  if (stored !== undefined) {
    trusted.set(key, pinOf(stored))
    return
  }
  const chain = await presentedChain(url)
  const anchor = anchorOf(chain)
  if (anchor === undefined) throw new CliError(`${key} presented no certificate`, ExitCode.CertificateUntrusted)
  if (choice.fingerprint !== undefined) {
    const wanted = normalizeFingerprint(choice.fingerprint)
    if (wanted === undefined) throw new CliError('--trust takes a SHA-256 fingerprint: 64 hex digits, with or without colons', ExitCode.Usage)
    const match = chain.find((certificate) => certificate.fingerprint256 === wanted)
    if (match === undefined) throw changedError(key, { fingerprint: wanted }, chain)
    await remember(context, key, match)
    note(context, `trusted ${key} (${sanitizeLine(match.subject)}, fingerprint as given with --trust)`)
    return
  }
  showFirstUse(context, key, anchor)
  if (choice.onFirstUse) {
    await remember(context, key, anchor)
    note(context, `trusted on first use (--trust-on-first-use); from now on only this certificate is accepted for ${key}`)
    return
  }
  if (!canAsk(context)) {
    throw new CliError(
      `${key} is not trusted yet and there is no terminal to ask: pass --trust ${anchor.fingerprint256} once you have compared it, or --trust-on-first-use`,
      ExitCode.CertificateUntrusted,
    )
  }
  const answer = await ask(context, 'Trust it and connect? [y/N] ')
  if (answer === undefined || !/^\s*y(es)?\s*$/i.test(answer)) throw new CliError(`${key} was not trusted; nothing was sent to it`, ExitCode.CertificateUntrusted)
  await remember(context, key, anchor)
}

/**
 * What to say when the SDK refused a connection over the certificate: exit 6 when it changed (with what it presents
 * now), 7 when it is not trusted for another reason; `undefined` for any other error.
 */
export async function certificateFailure(context: CommandContext, error: unknown, url: string): Promise<CliError | undefined> {
  if (!LanchatCertificateError.isInstance(error)) return undefined
  const key = trustKey(url)
  if (error.code === ClientErrorCodes.CERTIFICATE_MISMATCH) {
    const stored = (await readConfig(context.configPath)).trust?.[key]
    const chain = error.chain.length > 0 ? error.chain : await presentedChain(url).catch(() => [])
    return changedError(key, stored ?? { fingerprint: error.pin ?? 'unknown' }, chain)
  }
  return new CliError(`the certificate of ${key} is not trusted: ${sanitizeLine(error.message)}`, ExitCode.CertificateUntrusted)
}

/** The same without looking at the server again (for the accounts API's errors): exit 6 or 7, or `undefined`. */
export function certificateFailureNow(error: unknown, server: string): CliError | undefined {
  if (!LanchatCertificateError.isInstance(error)) return undefined
  const key = trustKey(server)
  if (error.code === ClientErrorCodes.CERTIFICATE_MISMATCH) return changedError(key, { fingerprint: error.pin ?? 'unknown' }, error.chain)
  return new CliError(`the certificate of ${key} is not trusted: ${sanitizeLine(error.message)}`, ExitCode.CertificateUntrusted)
}

/** The trusted servers, for `lanchat trust --list`. */
export function trustedServers(config: CliConfig): Array<[string, TrustedCertificate]> {
  return Object.entries(config.trust ?? {}).sort(([left], [right]) => left.localeCompare(right))
}
