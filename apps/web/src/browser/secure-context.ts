import { signal } from '@preact/signals'

/** What `/trust/https.json` says: the HTTPS port and CA fingerprint, or `null` when the server serves HTTP only. */
export interface HttpsInfo {
  port: number
  fingerprint256: string
}

/** Whether this page may use what browsers keep for secure pages (notifications, service workers, the clipboard API). */
export const secureContext: boolean = globalThis.isSecureContext

/** The server's HTTPS, once asked (`undefined` until then, `null` when it has none or the question failed). */
export const httpsInfo = signal<HttpsInfo | null | undefined>(undefined)

let asked = false

/**
 * Asks the server once whether it serves HTTPS (`/trust/https.json`); {@link httpsInfo} holds the answer.
 *
 * @example
 * ```ts
 * useEffect(() => loadHttpsInfo(), [])
 * ```
 */
export function loadHttpsInfo(): void {
  if (asked) return
  asked = true
  fetch('/trust/https.json', { cache: 'no-store' })
    .then(async (response) => (response.ok ? ((await response.json()) as { https?: HttpsInfo | null }) : undefined))
    .then((body) => {
      const https = body?.https
      httpsInfo.value = typeof https?.port === 'number' ? https : null
    })
    .catch(() => {
      httpsInfo.value = null
    })
}

/**
 * This server's address over HTTPS, on the host name the page was opened with (the certificate covers the machine's
 * addresses and names), as a location to build links from.
 *
 * @example
 * ```ts
 * secureLocation(location, 5001) // { origin: 'https://192.168.1.23:5001', pathname: '/' }
 * ```
 */
export function secureLocation(location: Pick<Location, 'hostname'>, port: number): { origin: string; pathname: string } {
  return { origin: `https://${location.hostname}:${port}`, pathname: '/' }
}

/** The trust page, which explains how to install the lanchat CA on this device. */
export const TRUST_PAGE = '/trust'
