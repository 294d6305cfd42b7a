import { CliError, ExitCode } from '../errors.js'

/** The demo server's port, used when an address gives none (`lanchat 192.168.1.20`). */
export const DEFAULT_PORT = 5000

/**
 * Turns what a person types into the chat socket's URL. Accepted: `ws://host:port/ws` (and `wss://`, kept as
 * given), `http://host:port[/prefix]` (→ `ws://host:port[/prefix]/ws`, `https` → `wss`), `host:port` and
 * `host` (port 5000). IPv6 addresses go in brackets: `[::1]:5000`.
 *
 * @example
 * ```ts
 * toSocketUrl('192.168.1.20:5000')     // 'ws://192.168.1.20:5000/ws'
 * toSocketUrl('http://chat.local:80/') // 'ws://chat.local/ws'
 * ```
 */
export function toSocketUrl(input: string): string {
  const trimmed = input.trim()
  if (trimmed === '') throw new CliError('the server address is empty', ExitCode.Usage)
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
  let url: URL
  try {
    url = new URL(hasScheme ? trimmed : `http://${trimmed}`)
  } catch {
    throw new CliError(`"${input}" is not a server address; try host:port, http://host:port or ws://host:port/ws`, ExitCode.Usage)
  }
  if (!hasScheme && url.port === '') url.port = String(DEFAULT_PORT)
  const scheme = url.protocol
  if (scheme === 'ws:' || scheme === 'wss:') {
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/ws'
  } else if (scheme === 'http:' || scheme === 'https:') {
    url.protocol = scheme === 'https:' ? 'wss:' : 'ws:'
    const prefix = url.pathname.replace(/\/+$/, '')
    url.pathname = prefix.endsWith('/ws') ? prefix : `${prefix}/ws`
  } else {
    throw new CliError(`"${input}" is not a lanchat address: use ws://, wss://, http:// or https://`, ExitCode.Usage)
  }
  url.hash = ''
  return url.toString()
}

/**
 * A short label for a socket URL, for status lines: `host:port`.
 *
 * @example
 * ```ts
 * serverLabel('ws://192.168.1.20:5000/ws') // '192.168.1.20:5000'
 * ```
 */
export function serverLabel(socketUrl: string): string {
  return new URL(socketUrl).host
}
