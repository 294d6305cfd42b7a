import { renderUnicodeCompact } from 'uqr'
import { accountFailure } from '../accounts/account-failure.js'
import { accountServer, signedIn, webAddress } from '../accounts/account-server.js'
import { CliError, ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import type { ConnectOptions } from './connection.js'
import type { CommandContext } from './context.js'

/** What an admin command does to an account. */
export type AdminAction =
  | { kind: 'reset-link'; name: string; qr: boolean }
  | { kind: 'make-admin'; name: string; admin: boolean }
  | { kind: 'disable'; name: string; disabled: boolean }
  | { kind: 'delete'; name: string; confirmed: boolean }

/**
 * `lanchat admin …` (admins only): a one-time password reset link for an account (printed with its QR code), the
 * admin role, disabling an account (its devices are signed out), and deleting one (the person is a guest again).
 */
export async function adminCommand(context: CommandContext, action: AdminAction, options: Pick<ConnectOptions, 'url' | 'discoverTimeoutMs'>): Promise<number> {
  const server = await accountServer(context, options)
  signedIn(server)
  const name = sanitizeLine(action.name)
  try {
    switch (action.kind) {
      case 'reset-link': {
        const link = await server.accounts.issueResetLink(action.name)
        const address = webAddress(server.url, link.path)
        const until = new Date(link.expiresAt).toISOString().replace('T', ' ').slice(0, 16)
        context.stdout.write(`Password reset link for ${name} (works once, until ${until} UTC):\n\n  ${address}\n\n`)
        if (action.qr) context.stdout.write(`${renderUnicodeCompact(address, { border: 2 }).split('\n').map((line) => `  ${line}`).join('\n')}\n\n`)
        context.stdout.write('Hand it to them in person or over a channel you trust: whoever opens it sets the password.\n')
        return ExitCode.Ok
      }
      case 'make-admin': {
        const account = await server.accounts.setAdmin(action.name, action.admin)
        context.stdout.write(`${sanitizeLine(account.name)} is ${account.admin ? 'now an admin' : 'no longer an admin'}.\n`)
        return ExitCode.Ok
      }
      case 'disable': {
        const account = await server.accounts.setDisabled(action.name, action.disabled)
        context.stdout.write(account.disabled ? `${sanitizeLine(account.name)} is disabled and signed out everywhere.\n` : `${sanitizeLine(account.name)} can sign in again.\n`)
        return ExitCode.Ok
      }
      case 'delete': {
        if (!action.confirmed) throw new CliError(`deleting ${name} makes them a guest and signs them out everywhere; run again with --yes to do it`, ExitCode.Usage)
        await server.accounts.deleteAccount(action.name)
        context.stdout.write(`Deleted the account ${name}: they are a guest again; their messages stay.\n`)
        return ExitCode.Ok
      }
    }
  } catch (error) {
    if (error instanceof CliError) throw error
    throw accountFailure(error, server.label)
  }
}
