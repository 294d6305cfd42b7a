import type { AllowedOrigins } from '../options.js'

/**
 * Whether a WebSocket upgrade may go ahead. Only browsers send `Origin`, and they always do, so a request without
 * one (Node, the CLI) is allowed: the check exists to stop other web pages from using a visitor's browser.
 *
 * @example
 * ```ts
 * isOriginAllowed('http://192.168.1.20:5000', '192.168.1.20:5000', 'same-host') // true
 * isOriginAllowed('https://evil.example', '192.168.1.20:5000', 'same-host')     // false
 * ```
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: AllowedOrigins): boolean {
  if (origin === undefined) return true
  if (allowed === '*') return true
  if (typeof allowed === 'function') return allowed(origin)
  const parsed = parseOrigin(origin)
  if (parsed === undefined) return false
  if (allowed === 'same-host') {
    if (host === undefined) return false
    // Through URL so that a default port is treated alike on both sides (`:80` for http).
    const requestHost = parseOrigin(`${parsed.protocol}//${host}`)
    return requestHost !== undefined && requestHost.host === parsed.host
  }
  return allowed.some((entry) => parseOrigin(entry)?.origin === parsed.origin)
}

function parseOrigin(text: string): URL | undefined {
  try {
    const url = new URL(text)
    return url.host === '' ? undefined : url
  } catch {
    return undefined
  }
}
