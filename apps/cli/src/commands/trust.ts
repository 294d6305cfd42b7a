import { readConfig, updateConfig } from '../config/config-file.js'
import { toSocketUrl } from '../config/server-url.js'
import { CliError, ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import { changedError, ensureTrusted, presentedChain, trustChoice, trustedServers, trustKey } from '../tls/server-trust.js'
import type { CommandContext } from './context.js'

/** Options of `lanchat trust`. */
export interface TrustOptions {
  /** The server to look at and trust (`https://host:port`, `wss://…`, `host:port`). */
  url?: string | undefined
  /** `host:port` (or an address) whose trusted certificate to forget. */
  forget?: string | undefined
  list?: boolean | undefined
  /** Trust without asking (the fingerprint was compared some other way). */
  yes?: boolean | undefined
}

/**
 * `lanchat trust URL` shows the certificate a `wss://`/`https://` server presents and trusts it (asking on a terminal,
 * or with `--trust FINGERPRINT` / `--yes`); `--forget HOST` forgets a trusted one; `--list` lists them.
 */
export async function trustCommand(context: CommandContext, options: TrustOptions): Promise<number> {
  if (options.list === true) {
    const servers = trustedServers(await readConfig(context.configPath))
    if (servers.length === 0) context.stdout.write('No trusted servers yet.\n')
    for (const [host, certificate] of servers) {
      context.stdout.write(`${host}  ${certificate.fingerprint}  ${sanitizeLine(certificate.subject)}  (since ${certificate.trustedAt.slice(0, 10)})\n`)
    }
    return ExitCode.Ok
  }
  if (options.forget !== undefined) {
    let key: string
    try {
      key = trustKey(options.forget)
    } catch {
      throw new CliError(`"${options.forget}" is not a server address; give host:port`, ExitCode.Usage)
    }
    let found = false
    await updateConfig(context.configPath, (config) => {
      const trust = { ...config.trust }
      found = key in trust
      delete trust[key]
      const { trust: _previous, ...rest } = config
      return Object.keys(trust).length === 0 ? rest : { ...rest, trust }
    })
    context.stdout.write(found ? `Forgot the certificate of ${key}; the next connection shows the one it presents and asks again.\n` : `${key} was not trusted.\n`)
    return ExitCode.Ok
  }
  if (options.url === undefined) throw new CliError('give the server to trust (lanchat trust https://host:port), --forget HOST or --list', ExitCode.Usage)
  const url = toSocketUrl(options.url)
  if (!url.startsWith('wss:')) throw new CliError(`${options.url} is not a TLS address: give https://host:port or wss://host:port/ws`, ExitCode.Usage)
  const key = trustKey(url)
  const stored = (await readConfig(context.configPath)).trust?.[key]
  if (stored !== undefined) {
    const chain = await presentedChain(url)
    if (!chain.some((certificate) => certificate.fingerprint256 === stored.fingerprint)) throw changedError(key, stored, chain)
    context.stdout.write(`${key} is trusted: ${sanitizeLine(stored.subject)}\n  SHA-256: ${stored.fingerprint}\n`)
    return ExitCode.Ok
  }
  const choice = trustChoice(context.environment)
  await ensureTrusted(context, url, { fingerprint: choice.fingerprint, onFirstUse: options.yes === true || choice.onFirstUse })
  const now = (await readConfig(context.configPath)).trust?.[key]
  context.stdout.write(`Trusted ${key}: ${sanitizeLine(now?.subject ?? '')}\n  SHA-256: ${now?.fingerprint ?? ''}\n`)
  return ExitCode.Ok
}
