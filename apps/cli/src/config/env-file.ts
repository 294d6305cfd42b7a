import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Parses the `KEY=VALUE` lines of a `.env` file: blank lines and `#` comments are skipped, `export ` in front
 * is allowed, values may be quoted ('…' literal, "…" with \n, \t, \" and \\ escapes); an unquoted value ends
 * at ` #`.
 *
 * @example
 * ```ts
 * parseEnvFile('LANCHAT_URL=192.168.1.20:5000\n# me\nLANCHAT_NAME="Maria"') // { LANCHAT_URL: '192.168.1.20:5000', LANCHAT_NAME: 'Maria' }
 * ```
 */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim()
    if (line === '' || line.startsWith('#')) continue
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line)
    if (match === null) continue
    const [, key, rawValue] = match as unknown as [string, string, string]
    values[key] = parseValue(rawValue)
  }
  return values
}

function closingQuote(raw: string, quote: string): number {
  if (quote === "'") return raw.indexOf("'", 1)
  for (let index = 1; index < raw.length; index++) {
    if (raw[index] === '\\') index++
    else if (raw[index] === '"') return index
  }
  return -1
}

function parseValue(raw: string): string {
  const quote = raw[0]
  if (quote === '"' || quote === "'") {
    const close = closingQuote(raw, quote)
    if (close > 0) {
      const body = raw.slice(1, close)
      if (quote === "'") return body
      return body.replace(/\\([nrt"\\])/g, (_, escaped: string) =>
        escaped === 'n' ? '\n' : escaped === 'r' ? '\r' : escaped === 't' ? '\t' : escaped,
      )
    }
  }
  const comment = raw.search(/\s#/)
  return (comment === -1 ? raw : raw.slice(0, comment)).trim()
}

/**
 * The `LANCHAT_*` variables of `.env` in `directory`, under those of the real environment (which win).
 * A missing or unreadable file counts as empty.
 *
 * @example
 * ```ts
 * const environment = await withEnvFile(process.env, process.cwd())
 * environment.LANCHAT_URL
 * ```
 */
export async function withEnvFile(
  environment: Readonly<Record<string, string | undefined>>,
  directory: string,
): Promise<Record<string, string | undefined>> {
  let text: string
  try {
    text = await readFile(join(directory, '.env'), 'utf8')
  } catch {
    return { ...environment }
  }
  const fromFile = Object.fromEntries(Object.entries(parseEnvFile(text)).filter(([key]) => key.startsWith('LANCHAT_')))
  const merged: Record<string, string | undefined> = { ...fromFile }
  for (const [key, value] of Object.entries(environment)) if (value !== undefined) merged[key] = value
  return merged
}
