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
}

/**
 * What the CLI prints once the server listens: the local URL, one URL per network address (like Vite),
 * where the chat is kept, a QR code of the first network URL for phones, and, while the server has no admin, the
 * one-time link (and its QR code) that makes the first.
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
  const data = options.databasePath ?? paint.dim('in memory (gone when the server stops, --memory)')
  lines.push(`  ${paint.green('➜')}  ${paint.bold('Data:')}    ${data}`)
  if (shareUrl === undefined) {
    lines.push('')
  } else {
    lines.push('', `  Everyone on this network can open ${paint.cyan(shareUrl)}, or scan:`, '')
    for (const line of renderUnicodeCompact(shareUrl, { border: 2 }).split('\n')) lines.push(`  ${paint.qr(line)}`)
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
