import { LanchatAccountError } from '@lanchat/client'
import { accountFailure } from '../accounts/account-failure.js'
import { accountServer, rememberAccount } from '../accounts/account-server.js'
import { ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import type { ConnectOptions } from './connection.js'
import { note, type CommandContext } from './context.js'

/**
 * `lanchat logout [--server URL]`: ends this device's session on the server (its connections close) and forgets the
 * token. Signed out already, or a session the server had ended: the token is forgotten all the same.
 */
export async function logoutCommand(context: CommandContext, options: Pick<ConnectOptions, 'url' | 'discoverTimeoutMs'>): Promise<number> {
  const server = await accountServer(context, options)
  if (server.stored === undefined) {
    note(context, `you are not signed in on ${server.label}`)
    return ExitCode.Ok
  }
  try {
    await server.accounts.logout()
  } catch (error) {
    // A session the server no longer knows is as good as signed out; anything else keeps the token for another try.
    if (!(LanchatAccountError.isInstance(error) && error.code === 'UNAUTHORIZED')) throw accountFailure(error, server.label)
  }
  await rememberAccount(context, server.url, undefined)
  context.stdout.write(`Signed out of ${server.label} (${sanitizeLine(server.stored.name)}). You chat there as a guest now.\n`)
  return ExitCode.Ok
}
