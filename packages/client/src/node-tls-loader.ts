import type * as NodeTls from './tls/node-tls.js'
import type { ServerCertificate } from './tls/tls-options.js'

// The Node-only half of the `tls` option, loaded on first use by a name in a variable, as `ws` is: bundlers leave it
// out of browser bundles (where `tls` is refused). The path holds from `src/` and from the built `dist/index.js`, so
// this file stays at the root of `src/`.
const nodeTlsModule = './tls/node-tls.js'

let loading: Promise<typeof NodeTls> | undefined

/** The Node-only TLS module (pinning, certificate probes, a pinned `fetch`). */
export function loadNodeTls(): Promise<typeof NodeTls> {
  return (loading ??= import(/* @vite-ignore */ nodeTlsModule) as Promise<typeof NodeTls>)
}

/**
 * The certificates a `wss://` or `https://` server presents, its own first, fetched without trusting them (nothing
 * is sent but the TLS handshake). Node only. For trust on first use: show the last one (its CA, when the server sends
 * it) or the first to the person, and pin the fingerprint they accept (`tls: { pin }`).
 *
 * @example
 * ```ts
 * const chain = await getServerCertificates('wss://192.168.1.20:5001/ws')
 * const anchor = chain.at(-1)
 * console.log(`${anchor?.subject}: ${anchor?.fingerprint256}`)
 * ```
 */
export async function getServerCertificates(url: string, options: { timeoutMs?: number } = {}): Promise<ServerCertificate[]> {
  return (await loadNodeTls()).getServerCertificates(url, options)
}
