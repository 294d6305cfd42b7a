import { accountFailure } from '../accounts/account-failure.js'
import { accountPolicy, accountServer, deviceLabel, rememberAccount } from '../accounts/account-server.js'
import { passwordReader } from '../accounts/password-prompt.js'
import { ACCOUNT_MARK } from '../chat/person-label.js'
import { CliError, ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import { connect, resolveName, type ConnectOptions } from './connection.js'
import type { CommandContext } from './context.js'

export interface ClaimOptions extends ConnectOptions {
  /** Read the new password from the first line of stdin. */
  passwordStdin?: boolean | undefined
}

/**
 * `lanchat claim [--server URL] [--name NAME] [--password-stdin]`: makes your current guest name an account (same
 * user, history and rooms) with a password asked twice, signs this device in, and prints the recovery codes once.
 */
export async function claimCommand(context: CommandContext, options: ClaimOptions): Promise<number> {
  const server = await accountServer(context, options)
  if (server.stored !== undefined) {
    throw new CliError(`you are signed in on ${server.label} as ${sanitizeLine(server.stored.name)} already`, ExitCode.Usage)
  }
  const policy = await accountPolicy(server)
  if (policy.policy === 'accounts-only') throw new CliError(`${server.label} is for accounts only: there is no guest name to claim; ask an admin for an account`, ExitCode.Rejected)
  const { name, remember } = await resolveName(context, options.name, server.url)
  const passwords = passwordReader(context, options.passwordStdin === true)
  let password: string
  try {
    password = await passwords.askNew()
  } finally {
    passwords.close()
  }
  // The guest this CLI is on that server (its remembered session): that user becomes the account.
  const { client } = await connect(context, server.url, name, remember)
  let signed
  try {
    signed = await server.accounts.claim(String(client.session), password, { device: deviceLabel() })
  } catch (error) {
    throw accountFailure(error, server.label)
  } finally {
    await client.close()
  }
  await rememberAccount(context, server.url, { name: signed.account.name, token: signed.token })
  const lines = [
    `${sanitizeLine(signed.account.name)} is now your account on ${server.label} ${ACCOUNT_MARK}. This device is signed in.`,
    '',
    'Your recovery codes. Store these now, somewhere safe (a password manager, or on paper): each one signs you in',
    'once if you forget your password, and they are shown only this once.',
    '',
    ...(signed.recoveryCodes ?? []).map((code) => `  ${sanitizeLine(code)}`),
    '',
  ]
  context.stdout.write(`${lines.join('\n')}\n`)
  return ExitCode.Ok
}
