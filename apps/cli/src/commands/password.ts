import { accountFailure } from '../accounts/account-failure.js'
import { accountServer, signedIn } from '../accounts/account-server.js'
import { passwordReader } from '../accounts/password-prompt.js'
import { ExitCode } from '../errors.js'
import type { ConnectOptions } from './connection.js'
import type { CommandContext } from './context.js'

export interface PasswordOptions extends Pick<ConnectOptions, 'url' | 'discoverTimeoutMs'> {
  /** Read the current password, then the new one, from the first two lines of stdin. */
  passwordStdin?: boolean | undefined
}

/**
 * `lanchat password [--server URL] [--password-stdin]`: changes the signed-in account's password (the current one,
 * then the new one twice). Every other device is signed out; this one stays signed in.
 */
export async function passwordCommand(context: CommandContext, options: PasswordOptions): Promise<number> {
  const server = await accountServer(context, options)
  signedIn(server)
  const passwords = passwordReader(context, options.passwordStdin === true)
  let current: string
  let next: string
  try {
    current = await passwords.ask('Current password: ')
    next = await passwords.askNew()
  } finally {
    passwords.close()
  }
  try {
    await server.accounts.changePassword(current, next)
  } catch (error) {
    throw accountFailure(error, server.label)
  }
  context.stdout.write('Password changed. Your other devices are signed out; this one stays signed in.\n')
  return ExitCode.Ok
}
