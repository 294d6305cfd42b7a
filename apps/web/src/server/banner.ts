import { renderUnicodeCompact } from 'uqr'
import type { ServerUrls } from './server-urls.js'

interface Colours {
  bold: (text: string) => string
  dim: (text: string) => string
  cyan: (text: string) => string
  green: (text: string) => string
  qr: (line: string) => string
}

function colours(enabled: boolean): Colours {
  const wrap = (open: string) => (text: string) => (enabled ? `\x1b[${open}m${text}\x1b[0m` : text)
  return {
    bold: wrap('1'),
    dim: wrap('2'),
    cyan: wrap('36'),
    green: wrap('32'),
    // uqr draws the light modules as full blocks; bright white on black keeps the code readable on light
    // terminal themes too, where the plain characters would show it inverted.
    qr: wrap('97;40'),
  }
}

/** Options of {@link banner}. */
export interface BannerOptions {
  colour: boolean
  readyInMs: number
  /** The database file, or undefined when the chat is kept in memory. */
  databasePath: string | undefined
  /** The first admin's one-time setup link (`/#setup=…`), while accounts are on and nobody is admin yet. */
  setupPath?: string | undefined
  /** HTTPS beside HTTP, when it is on. */
  https?: BannerHttps | undefined
}

/** What the banner says about HTTPS. */
export interface BannerHttps {
  urls: ServerUrls
  /** The trust page over HTTP (`http://192.168.1.23:5000/trust`). */
  trustUrl: string
  /** The certificate authority's SHA-256 fingerprint, `AB:CD:…`. */
  fingerprint256: string
  /** The certificate authority was made at this start (devices have to install it). */
  authorityCreated: boolean
  /** The HTTPS port asked for by default was taken, so another one is used. */
  movedFromBusyPort: boolean
}

/** Two blocks of lines next to each other (QR codes), each padded to its widest line. */
function sideBySide(left: string[], right: string[], gap = 4): string[] {
  const width = Math.max(0, ...left.map((line) => line.length))
  const rows = Math.max(left.length, right.length)
  return Array.from({ length: rows }, (_, index) => `${(left[index] ?? '').padEnd(width)}${' '.repeat(gap)}${right[index] ?? ''}`.trimEnd())
}

/**
 * What the CLI prints once the server listens: the local URL, one URL per network address (like Vite),
 * where the chat is kept, a QR code of the first network URL for phones, and, while the server has no admin, the
 * one-time link (and its QR code) that makes the first. With HTTPS on: its URLs, the trust page, the certificate
 * authority's fingerprint (people compare it with the trust page's), and the HTTPS QR code beside the HTTP one.
 *
 * @example
 * ```ts
 * const colour = process.stdout.hasColors?.() ?? false
 * process.stdout.write(banner(server.urls, { colour, readyInMs: 120, databasePath: server.databasePath }))
 * ```
 */
export function banner(urls: ServerUrls, options: BannerOptions): string {
  const paint = colours(options.colour)
  const lines = ['', `  ${paint.bold(paint.green('lanchat'))}  ${paint.dim(`ready in ${options.readyInMs} ms`)}`, '']
  lines.push(`  ${paint.green('➜')}  ${paint.bold('Local:')}   ${paint.cyan(urls.local)}`)
  for (const url of urls.network) lines.push(`  ${paint.green('➜')}  ${paint.bold('Network:')} ${paint.cyan(url)}`)
  const shareUrl = urls.network[0]
  if (shareUrl === undefined) {
    lines.push(
      `  ${paint.green('➜')}  ${paint.bold('Network:')} ${paint.dim('none. Listen on every interface with --host 0.0.0.0, and join a network.')}`,
    )
  }
  const https = options.https
  if (https !== undefined) {
    const moved = https.movedFromBusyPort ? paint.dim(' (the usual port was taken)') : ''
    const httpsUrls = https.urls.network.length === 0 ? [https.urls.local] : https.urls.network
    for (const url of httpsUrls) lines.push(`  ${paint.green('➜')}  ${paint.bold('HTTPS:')}   ${paint.cyan(url)}${moved}`)
    lines.push(`  ${paint.green('➜')}  ${paint.bold('Trust:')}   ${paint.cyan(https.trustUrl)} ${paint.dim('(install the CA once per device)')}`)
    lines.push(`  ${paint.green('➜')}  ${paint.bold('CA:')}      SHA-256 ${https.fingerprint256}`)
    if (https.authorityCreated) {
      lines.push(`     ${paint.dim('A new certificate authority was made at this start: devices install it from the trust page.')}`)
    }
  }
  const data = options.databasePath ?? paint.dim('in memory (gone when the server stops, --memory)')
  lines.push(`  ${paint.green('➜')}  ${paint.bold('Data:')}    ${data}`)
  const httpsShareUrl = https === undefined ? undefined : (https.urls.network[0] ?? https.urls.local)
  if (shareUrl === undefined) {
    lines.push('')
  } else if (httpsShareUrl === undefined) {
    lines.push('', `  Everyone on this network can open ${paint.cyan(shareUrl)}, or scan:`, '')
    for (const line of renderUnicodeCompact(shareUrl, { border: 2 }).split('\n')) lines.push(`  ${paint.qr(line)}`)
    lines.push('')
  } else {
    lines.push(
      '',
      `  Everyone on this network can open ${paint.cyan(shareUrl)}, or scan the left code.`,
      `  Devices that installed the CA (see the trust page) scan the right one, for HTTPS.`,
      '',
    )
    const left = renderUnicodeCompact(shareUrl, { border: 2 }).split('\n')
    const right = renderUnicodeCompact(httpsShareUrl, { border: 2 }).split('\n')
    const width = left[0]?.length ?? 0
    lines.push(`  ${'HTTP'.padEnd(width + 4)}HTTPS`)
    for (const line of sideBySide(left, right)) {
      // Paint each code on its own, so the gap between them stays the terminal's background.
      const leftPart = line.slice(0, width)
      const rightPart = line.slice(width + 4)
      lines.push(`  ${paint.qr(leftPart)}    ${rightPart === '' ? '' : paint.qr(rightPart)}`)
    }
    lines.push('')
  }
  if (options.setupPath !== undefined) {
    // The admin link works from any address of this machine: the network one, so a phone can scan it.
    const setupUrl = `${(shareUrl ?? urls.local).replace(/\/$/, '')}${options.setupPath}`
    lines.push(
      `  ${paint.bold('First admin:')} open this one-time link (or scan it) to make yourself the admin of this server.`,
      `  It works once, for 7 days. Admins give reset links to people who forget their password.`,
      `  ${paint.cyan(setupUrl)}`,
      '',
    )
    for (const line of renderUnicodeCompact(setupUrl, { border: 2 }).split('\n')) lines.push(`  ${paint.qr(line)}`)
    lines.push('')
  }
  lines.push(`  ${paint.dim('Press Ctrl+C to stop.')}`, '', '')
  return lines.join('\n')
}
