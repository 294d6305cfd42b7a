import { ClientErrorCodes } from '../errors/client-error-codes.js'
import type { LanchatCertificateError } from '../errors/lanchat-certificate-error.js'
import { LanchatConnectionError } from '../errors/lanchat-connection-error.js'
import { LanchatError } from '../errors/lanchat-error.js'
import { certificateRefusal, mismatchError } from './certificate-refusal.js'
import { normalizeFingerprint, type LanchatTlsOptions, type ServerCertificate } from './tls-options.js'

// Node's modules by names in variables, as with `ws`: bundlers leave the imports alone, and a browser never runs
// this file (the `tls` option is refused there). The few shapes used are declared here: the SDK has no Node types.
const tlsModuleName = 'node:tls'
const httpsModuleName = 'node:https'

interface PeerCertificate {
  raw?: Uint8Array & { toString(encoding: 'base64'): string }
  fingerprint256?: string
  subject?: Record<string, string | string[] | undefined>
  issuer?: Record<string, string | string[] | undefined>
  ca?: boolean
  valid_from?: string
  valid_to?: string
  issuerCertificate?: PeerCertificate
}

interface TlsSocket {
  getPeerCertificate(detailed: true): PeerCertificate
  once(event: 'secureConnect' | 'timeout', listener: () => void): void
  once(event: 'error', listener: (error: Error) => void): void
  setTimeout(ms: number): void
  destroy(): void
}

interface TlsModule {
  connect(options: Record<string, unknown>): TlsSocket
  checkServerIdentity(host: string, certificate: PeerCertificate): Error | undefined
}

interface IncomingMessage {
  statusCode?: number
  headers: Record<string, string | string[] | undefined>
  on(event: 'data', listener: (chunk: Uint8Array) => void): void
  on(event: 'end', listener: () => void): void
  on(event: 'error', listener: (error: Error) => void): void
}

interface HttpsModule {
  request(
    url: string,
    options: Record<string, unknown>,
    callback: (response: IncomingMessage) => void,
  ): { on(event: 'error', listener: (error: Error) => void): void; end(body?: string): void; destroy(error?: Error): void }
}

const modules: { tls?: Promise<TlsModule>; https?: Promise<HttpsModule> } = {}
const loadTls = () => (modules.tls ??= import(/* @vite-ignore */ tlsModuleName) as Promise<TlsModule>)
const loadHttps = () => (modules.https ??= import(/* @vite-ignore */ httpsModuleName) as Promise<HttpsModule>)

function name(fields: PeerCertificate['subject']): string {
  const common = fields?.CN
  if (common !== undefined) return Array.isArray(common) ? common.join(', ') : common
  return Object.entries(fields ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ')
}

function toPem(raw: NonNullable<PeerCertificate['raw']>): string {
  const body = raw.toString('base64').replace(/.{1,64}/g, '$&\n')
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`
}

/** Node's detailed peer certificate as a chain, the server's own first (Node links a root to itself). */
function describeChain(leaf: PeerCertificate): ServerCertificate[] {
  const chain: ServerCertificate[] = []
  const seen = new Set<string>()
  for (let certificate: PeerCertificate | undefined = leaf; certificate?.raw !== undefined; certificate = certificate.issuerCertificate) {
    const fingerprint256 = certificate.fingerprint256 ?? ''
    if (seen.has(fingerprint256)) break
    seen.add(fingerprint256)
    chain.push({
      fingerprint256,
      subject: name(certificate.subject),
      issuer: name(certificate.issuer),
      isCA: certificate.ca === true,
      validFrom: certificate.valid_from ?? '',
      validTo: certificate.valid_to ?? '',
      pem: toPem(certificate.raw),
    })
  }
  return chain
}

interface Endpoint {
  host: string
  port: number
  servername: string | undefined
}

function endpoint(url: string): Endpoint {
  const parsed = new URL(url)
  if (parsed.protocol !== 'wss:' && parsed.protocol !== 'https:') {
    throw new LanchatError({ code: ClientErrorCodes.INVALID_OPTIONS, message: `${url} is not a wss:// or https:// address` })
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  const isAddress = /^[\d.]+$/.test(host) || host.includes(':')
  return { host, port: parsed.port === '' ? 443 : Number(parsed.port), servername: isAddress ? undefined : host }
}

/** The chain a server presents, fetched without trusting it (see `getServerCertificates` of the package). */
export async function getServerCertificates(url: string, options: { timeoutMs?: number } = {}): Promise<ServerCertificate[]> {
  const target = endpoint(url)
  const tls = await loadTls()
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: target.host, port: target.port, servername: target.servername, rejectUnauthorized: false })
    socket.setTimeout(options.timeoutMs ?? 10_000)
    socket.once('timeout', () => {
      socket.destroy()
      reject(new LanchatConnectionError({ code: ClientErrorCodes.CONNECTION_FAILED, message: `No TLS handshake with ${url} in time` }))
    })
    socket.once('error', (error) => {
      reject(new LanchatConnectionError({ code: ClientErrorCodes.CONNECTION_FAILED, message: `Cannot reach ${url}: ${error.message}`, cause: error }))
    })
    socket.once('secureConnect', () => {
      const chain = describeChain(socket.getPeerCertificate(true))
      socket.destroy()
      resolve(chain)
    })
  })
}

/**
 * The trust of one client (or accounts API) in one server, from its `tls` option: the options for `ws` and
 * `https.request`, and the refusal when a connection failed over the certificate.
 */
export class TlsTrust {
  readonly #url: string
  readonly #options: LanchatTlsOptions
  readonly #pin: string | undefined
  /** The trusted CA: the option's, or the pinned certificate found in the chain the server sent. */
  #ca: string | Uint8Array | undefined
  /** Set when the host check saw a chain without the pin. */
  #refused: LanchatCertificateError | undefined

  constructor(url: string, options: LanchatTlsOptions) {
    this.#url = url
    this.#options = options
    this.#pin = options.pin === undefined ? undefined : normalizeFingerprint(options.pin)
    if (options.pin !== undefined && this.#pin === undefined) {
      throw new LanchatError({ code: ClientErrorCodes.INVALID_OPTIONS, message: 'options.tls.pin must be a SHA-256 fingerprint: 64 hex digits' })
    }
    this.#ca = options.ca
  }

  /** Options for `new WebSocket(url, options)` of `ws` and for `https.request`. Rejects with the refusal if a pin cannot be found. */
  async connectOptions(): Promise<Record<string, unknown>> {
    const tls = await loadTls()
    const pin = this.#pin
    const { host } = endpoint(this.#url)
    // In errors, host:port: what a person would name the server by.
    const server = new URL(this.#url).host
    if (this.#ca === undefined && pin !== undefined) {
      const chain = await getServerCertificates(this.#url)
      const pinned = chain.find((certificate) => certificate.fingerprint256 === pin)
      if (pinned === undefined) throw mismatchError(server, pin, chain)
      this.#ca = pinned.pem
    }
    this.#refused = undefined
    return {
      ...(this.#ca === undefined ? {} : { ca: typeof this.#ca === 'string' ? this.#ca : new TextDecoder().decode(this.#ca) }),
      rejectUnauthorized: true,
      // A pinned certificate that is not a root (a server's own, issued by a CA) is a trust anchor too.
      allowPartialTrustChain: true,
      checkServerIdentity: (hostname: string, certificate: PeerCertificate): Error | undefined => {
        const chain = describeChain(certificate)
        const index = pin === undefined ? -1 : chain.findIndex((entry) => entry.fingerprint256 === pin)
        if (pin !== undefined && index === -1) {
          this.#refused = mismatchError(server, pin, chain)
          return Object.assign(new Error(this.#refused.message), { code: ClientErrorCodes.CERTIFICATE_MISMATCH })
        }
        // The server's own certificate pinned: it is the server, whatever names it holds.
        const wrongName = index === 0 ? undefined : tls.checkServerIdentity(hostname, certificate)
        if (wrongName === undefined) this.#options.onCertificate?.({ host, chain, pinned: chain[index] })
        return wrongName
      },
    }
  }

  /** The refusal behind a failed connection, if the certificate was the reason. */
  refusal(error: unknown): LanchatCertificateError | undefined {
    const code = (error as { code?: unknown } | undefined)?.code
    if (code === ClientErrorCodes.CERTIFICATE_MISMATCH && this.#refused !== undefined) return this.#refused
    return certificateRefusal(this.#url, error, this.#pin)
  }

  /** A `fetch` over `node:https` that trusts what this does (for the accounts API). */
  fetch(): typeof fetch {
    return async (input, init) => {
      const options = await this.connectOptions()
      const https = await loadHttps()
      const headers: Record<string, string> = {}
      new Headers(init?.headers).forEach((value, key) => (headers[key] = value))
      const body = typeof init?.body === 'string' ? init.body : undefined
      return new Promise<Response>((resolve, reject) => {
        const request = https.request(String(input instanceof Request ? input.url : input), { ...options, method: init?.method ?? 'GET', headers, agent: false }, (response) => {
          const chunks: BlobPart[] = []
          response.on('data', (chunk) => chunks.push(chunk as Uint8Array<ArrayBuffer>))
          response.on('error', reject)
          response.on('end', () => {
            const status = response.statusCode ?? 500
            const responseHeaders = new Headers()
            for (const [key, value] of Object.entries(response.headers)) {
              for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(key, item)
            }
            const empty = status === 204 || status === 304
            resolve(new Response(empty ? null : new Blob(chunks), { status, headers: responseHeaders }))
          })
        })
        request.on('error', (error) => reject(this.refusal(error) ?? error))
        request.end(body)
      })
    }
  }
}
