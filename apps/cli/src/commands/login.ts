import { LanchatAccounts } from '@lanchat/client'
import { tlsFor } from '../tls/server-trust.js'
import { accountFailure } from '../accounts/account-failure.js'
import { accountPolicy, accountServer, deviceLabel, rememberAccount } from '../accounts/account-server.js'
import { passwordReader } from '../accounts/password-prompt.js'
import { ACCOUNT_MARK } from '../chat/person-label.js'
import { readConfig } from '../config/config-file.js'
import { CliError, ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import { ask, canAsk, type ConnectOptions } from './connection.js'
import type { CommandContext } from './context.js'

export interface LoginOptions extends Pick<ConnectOptions, 'url' | 'discoverTimeoutMs'> {
  name?: string | undefined
  /** Read the password from the first line of stdin instead of a prompt. */
  passwordStdin?: boolean | undefined
}

async function accountName(context: CommandContext, given: string | undefined): Promise<string> {
  const name = given ?? context.environment.LANCHAT_NAME
  if (name !== undefined && name.trim() !== '') return name.trim()
  if (!canAsk(context)) throw new CliError('give the account name with --name', ExitCode.Usage)
  const remembered = (await readConfig(context.configPath)).name
  for (;;) {
    const answer = await ask(context, remembered === undefined ? 'Account name: ' : `Account name [${sanitizeLine(remembered)}]: `)
    if (answer === undefined) throw new CliError('no name given', ExitCode.Usage)
    if (answer.trim() !== '') return answer.trim()
    if (remembered !== undefined) return remembered
  }
}

/**
 * `lanchat login [--server URL] [--name NAME] [--password-stdin]`: signs in to an account and keeps its session token
 * in the config file (mode 0600), so that `lanchat`, `send` and `tail` on that server are that account. A session
 * this device had there before is signed out.
 */
export async function loginCommand(context: CommandContext, options: LoginOptions): Promise<number> {
  const server = await accountServer(context, options)
  await accountPolicy(server)
  const name = await accountName(context, options.name)
  const passwords = passwordReader(context, options.passwordStdin === true)
  let password: string
  try {
    password = await passwords.ask('Password: ')
  } finally {
    passwords.close()
  }
  let signed
  try {
    signed = await server.accounts.login(name, password, { device: deviceLabel() })
  } catch (error) {
    throw accountFailure(error, server.label)
  }
  await rememberAccount(context, server.url, { name: signed.account.name, token: signed.token })
  // The session this device had before (another account, or the same one) is not needed any more: end it.
  if (server.stored !== undefined) await new LanchatAccounts({ url: server.url, token: server.stored.token, tls: tlsFor(server.url) }).logout().catch(() => undefined)
  const admin = signed.account.admin ? ', an admin' : ''
  context.stdout.write(`Signed in to ${server.label}: you are ${sanitizeLine(signed.account.name)} ${ACCOUNT_MARK} (account${admin}). lanchat, send and tail use it there until lanchat logout.\n`)
  return ExitCode.Ok
}
