import { type Command, Option } from 'commander'
import { adminCommand, type AdminAction } from './commands/admin.js'
import { claimCommand } from './commands/claim.js'
import type { CommandContext } from './commands/context.js'
import { devicesCommand } from './commands/devices.js'
import { loginCommand } from './commands/login.js'
import { logoutCommand } from './commands/logout.js'
import { passwordCommand } from './commands/password.js'
import { whoamiCommand } from './commands/whoami.js'

type RunCommand = (work: (context: CommandContext) => Promise<number>) => Promise<void>

interface ServerOptions {
  server?: string
  url?: string
  discoverTimeout: number
}

const ACCOUNTS_HELP = `
The sign-in is kept per server in the config file ($XDG_CONFIG_HOME/lanchat/config.json, mode 0600); lanchat,
send and tail on that server then run as the account. Exit 5 means the session ended or is missing: run
lanchat login. Docs: docs/guides/cli.md#accounts`

/** --server (and -u/--url, as the other commands spell it) and --discover-timeout, on an account command. */
function withServer(command: Command, discoverTimeout: () => Option): Command {
  return command
    .option('-s, --server <url>', 'the server (default: $LANCHAT_URL, else look on the network)')
    .addOption(new Option('-u, --url <url>', 'the same as --server').hideHelp())
    .addOption(discoverTimeout())
    .addHelpText('after', ACCOUNTS_HELP)
}

function serverOf(options: ServerOptions): { url: string | undefined; discoverTimeoutMs: number } {
  return { url: options.server ?? options.url, discoverTimeoutMs: options.discoverTimeout }
}

/**
 * Adds the account commands to the `lanchat` program: `login`, `logout`, `whoami`, `claim`, `password`, `devices`
 * and `admin …`.
 *
 * @example
 * ```ts
 * addAccountCommands(program, run, discoverTimeoutOption)
 * ```
 */
export function addAccountCommands(program: Command, run: RunCommand, discoverTimeout: () => Option): void {
  withServer(
    program
      .command('login')
      .description('sign in to your account on a server; lanchat, send and tail there then use it')
      .option('-n, --name <name>', 'the account name (default: $LANCHAT_NAME, else a prompt)')
      .option('--password-stdin', 'read the password from the first line of stdin (for scripts) instead of a prompt'),
    discoverTimeout,
  ).action(async (options: ServerOptions & { name?: string; passwordStdin?: boolean }) => {
    await run((context) => loginCommand(context, { ...serverOf(options), name: options.name, passwordStdin: options.passwordStdin }))
  })

  withServer(program.command('logout').description('sign out on this device (its connections close) and forget the token'), discoverTimeout).action(
    async (options: ServerOptions) => {
      await run((context) => logoutCommand(context, serverOf(options)))
    },
  )

  withServer(program.command('whoami').description('who you are on a server: your account (✓), or a guest'), discoverTimeout).action(async (options: ServerOptions) => {
    await run((context) => whoamiCommand(context, serverOf(options)))
  })

  withServer(
    program
      .command('claim')
      .description('make your guest name an account with a password (asked twice); prints your recovery codes once')
      .option('-n, --name <name>', 'the guest name to claim (default: the one lanchat uses on that server)')
      .option('--password-stdin', 'read the new password from the first line of stdin'),
    discoverTimeout,
  ).action(async (options: ServerOptions & { name?: string; passwordStdin?: boolean }) => {
    await run((context) => claimCommand(context, { ...serverOf(options), name: options.name, passwordStdin: options.passwordStdin }))
  })

  withServer(
    program
      .command('password')
      .description('change your password; every other device is signed out')
      .option('--password-stdin', 'read the current password, then the new one, from the first two lines of stdin'),
    discoverTimeout,
  ).action(async (options: ServerOptions & { passwordStdin?: boolean }) => {
    await run((context) => passwordCommand(context, { ...serverOf(options), passwordStdin: options.passwordStdin }))
  })

  const devices = withServer(program.command('devices').description('list the devices signed in to your account'), discoverTimeout).action(
    async (options: ServerOptions) => {
      await run((context) => devicesCommand(context, undefined, serverOf(options)))
    },
  )
  withServer(devices.command('revoke').description('sign a device out (its connections close at once)').argument('<id>', 'the ID from lanchat devices'), discoverTimeout).action(
    async (id: string, options: ServerOptions) => {
      await run((context) => devicesCommand(context, id, serverOf(options)))
    },
  )

  const admin = program.command('admin').description('manage accounts (admins only)')
  const adminAction = (name: string, description: string, build: (account: string, options: Record<string, unknown>) => AdminAction, configure = (command: Command) => command) => {
    withServer(configure(admin.command(name).description(description).argument('<name>', 'the account name')), discoverTimeout).action(
      async (account: string, options: ServerOptions & Record<string, unknown>) => {
        await run((context) => adminCommand(context, build(account, options), serverOf(options)))
      },
    )
  }
  adminAction(
    'reset-link',
    'print a one-time password reset link (24 h) for an account, with its QR code',
    (name, options) => ({ kind: 'reset-link', name, qr: options.qr !== false }),
    (command) => command.option('--no-qr', 'print the link only'),
  )
  adminAction(
    'make-admin',
    'make an account an admin (--remove: no longer)',
    (name, options) => ({ kind: 'make-admin', name, admin: options.remove !== true }),
    (command) => command.option('--remove', 'take the admin role away instead'),
  )
  adminAction(
    'disable',
    'disable an account: signed out everywhere, cannot sign in (--enable: undo)',
    (name, options) => ({ kind: 'disable', name, disabled: options.enable !== true }),
    (command) => command.option('--enable', 'let the account sign in again'),
  )
  adminAction(
    'delete',
    'delete an account: the person is a guest again and signed out everywhere; their messages stay',
    (name, options) => ({ kind: 'delete', name, confirmed: options.yes === true }),
    (command) => command.option('-y, --yes', 'do it (required)'),
  )
}
