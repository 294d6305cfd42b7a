import { accountFailure } from '../accounts/account-failure.js'
import { accountServer } from '../accounts/account-server.js'
import { ACCOUNT_MARK } from '../chat/person-label.js'
import { readConfig } from '../config/config-file.js'
import { ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import type { ConnectOptions } from './connection.js'
import type { CommandContext } from './context.js'

/**
 * `lanchat whoami [--server URL]`: who you are on that server: the signed-in account (checked with the server), or a
 * guest with the remembered display name. A session the server ended is exit 5.
 */
export async function whoamiCommand(context: CommandContext, options: Pick<ConnectOptions, 'url' | 'discoverTimeoutMs'>): Promise<number> {
  const server = await accountServer(context, options)
  if (server.stored === undefined) {
    const name = (await readConfig(context.configPath)).name
    const as = name === undefined ? '' : ` named ${sanitizeLine(name)}`
    context.stdout.write(`You are a guest${as} on ${server.label}. lanchat login signs in; lanchat claim makes your name an account.\n`)
    return ExitCode.Ok
  }
  let account
  try {
    account = await server.accounts.me()
  } catch (error) {
    throw accountFailure(error, server.label)
  }
  const roles = ['account', ...(account.admin ? ['admin'] : []), ...(account.disabled ? ['disabled'] : [])].join(', ')
  context.stdout.write(`You are ${sanitizeLine(account.name)} ${ACCOUNT_MARK} (${roles}) on ${server.label}.\n`)
  return ExitCode.Ok
}
