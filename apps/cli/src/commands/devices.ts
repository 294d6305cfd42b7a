import { accountFailure } from '../accounts/account-failure.js'
import { accountServer, rememberAccount, signedIn } from '../accounts/account-server.js'
import { CliError, ExitCode } from '../errors.js'
import { formatTime } from '../render/format-time.js'
import { sanitizeLine } from '../render/sanitize.js'
import type { ConnectOptions } from './connection.js'
import type { CommandContext } from './context.js'

function when(ts: number): string {
  const date = new Date(ts)
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')} ${formatTime(ts)}`
}

/**
 * `lanchat devices [--server URL]`: the devices signed in to your account, this one marked; `lanchat devices revoke
 * ID` signs one out (its connections close at once). Revoking this device also forgets its token.
 */
export async function devicesCommand(context: CommandContext, revokeId: string | undefined, options: Pick<ConnectOptions, 'url' | 'discoverTimeoutMs'>): Promise<number> {
  const server = await accountServer(context, options)
  signedIn(server)
  try {
    const devices = await server.accounts.devices()
    if (revokeId === undefined) {
      const rows = devices.map((device) => [device.id, sanitizeLine(device.device), when(device.createdAt), when(device.lastUsedAt), device.current ? '← this device' : ''])
      const header = ['ID', 'DEVICE', 'SIGNED IN', 'LAST USED', '']
      const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)))
      for (const row of [header, ...rows]) context.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd()}\n`)
      return ExitCode.Ok
    }
    const target = devices.find((device) => device.id === revokeId)
    if (target === undefined) throw new CliError(`no device ${sanitizeLine(revokeId)} on your account; lanchat devices lists them`, ExitCode.Usage)
    await server.accounts.revokeDevice(revokeId)
    if (target.current) await rememberAccount(context, server.url, undefined)
    context.stdout.write(`Signed out ${sanitizeLine(target.device)}${target.current ? ' (this device)' : ''}.\n`)
    return ExitCode.Ok
  } catch (error) {
    if (error instanceof CliError) throw error
    throw accountFailure(error, server.label)
  }
}
