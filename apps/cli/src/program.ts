import { isClientMsgId } from '@lanchat/client'
import { Command, InvalidArgumentError, Option } from 'commander'
import { addAccountCommands } from './account-commands.js'
import { chatCommand } from './commands/chat.js'
import type { CommandContext } from './commands/context.js'
import { discoverCommand } from './commands/discover.js'
import { joinCommand } from './commands/join.js'
import { roomsCommand } from './commands/rooms.js'
import { sendCommand } from './commands/send.js'
import { tailCommand } from './commands/tail.js'
import { trustCommand } from './commands/trust.js'
import { setTrustFlags } from './tls/server-trust.js'

/** The version printed by `lanchat --version`; tsup replaces it with package.json's at build time. */
declare const __LANCHAT_VERSION__: string | undefined

/** The default time to browse the network for servers, in seconds. */
export const DEFAULT_DISCOVER_SECONDS = 3

/**
 * Reads a duration in seconds (`3`, `1.5`, `3s`) or milliseconds (`500ms`), as milliseconds.
 *
 * @example
 * ```ts
 * parseDuration('500ms') // 500
 * parseDuration('2')     // 2000
 * ```
 */
export function parseDuration(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i.exec(value)
  if (match === null) throw new InvalidArgumentError('give a number of seconds, such as 3 or 1.5 (or 500ms)')
  const amount = Number(match[1])
  const milliseconds = match[2]?.toLowerCase() === 'ms' ? amount : amount * 1000
  if (milliseconds <= 0 || milliseconds > 600_000) throw new InvalidArgumentError('give a time above 0 and up to 600 seconds')
  return Math.round(milliseconds)
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('give a whole number, such as 20')
  return Number(value)
}

/** Room for the `-<n>` each message appends to a send key, within the protocol's 64-character clientMsgId. */
const MAX_SEND_KEY_LENGTH = 48

/**
 * Reads a `send --id` key: letters, digits, `_` and `-`, so that `<key>-<n>` is a valid clientMsgId.
 *
 * @example
 * ```ts
 * parseSendKey('deploy-1842') // 'deploy-1842'
 * ```
 */
export function parseSendKey(value: string): string {
  if (!isClientMsgId(value)) throw new InvalidArgumentError('use letters, digits, _ and - only, such as deploy-1842')
  if (value.length > MAX_SEND_KEY_LENGTH) throw new InvalidArgumentError(`use at most ${MAX_SEND_KEY_LENGTH} characters`)
  return value
}

const EXIT_CODES_HELP = `
Environment:
  LANCHAT_URL     server address used when none is given
  LANCHAT_NAME    display name used when --name is not given (signed in, the account's name is used)
  LANCHAT_TRUST, LANCHAT_TRUST_ON_FIRST_USE=1   as --trust and --trust-on-first-use
  (both are also read from a .env file in the current directory)
  NO_COLOR, FORCE_COLOR   turn colours off or on

Exit codes:
  0    ok
  1    usage error (bad option or address; several servers found and none chosen)
  2    connection failed (server unreachable, none found on the network)
  3    room not found (an invite that does not work; send --to: no one by that name)
  4    rejected: the server refused your name, a message, a password or an account request
  5    signed out: your account session on that server ended (or none is signed in); run lanchat login
  6    certificate changed: a wss:// server presents another certificate than the one trusted (or --trust gave)
  7    certificate not trusted: first connection to a wss:// server with no terminal to confirm it, or declined
  130  interrupted (Ctrl-C) in send and tail

Docs: docs/guides/cli.md`

type RunCommand = (work: (context: CommandContext) => Promise<number>) => Promise<void>

function discoverTimeoutOption(): Option {
  return new Option('--discover-timeout <seconds>', 'how long to look for servers on the network when no address is given')
    .argParser(parseDuration)
    .default(DEFAULT_DISCOVER_SECONDS * 1000, `${DEFAULT_DISCOVER_SECONDS} s`)
}

/**
 * The `lanchat` command line: `lanchat [url]` chats; `send`, `tail` and `discover` are for scripts and
 * looking around. `run` executes a command's work with the process context and exits with its code.
 *
 * @example
 * ```ts
 * await createProgram(run).parseAsync(process.argv)
 * ```
 */
export function createProgram(run: RunCommand): Command {
  const program = new Command('lanchat')
    .description('Chat with everyone on your network from the terminal, find lanchat servers, and script rooms.')
    .version(typeof __LANCHAT_VERSION__ === 'string' ? __LANCHAT_VERSION__ : '0.0.0', '-V, --version')
    .enablePositionalOptions()
    .showHelpAfterError('(run lanchat --help for usage)')
    .argument('[url]', 'server address: host:port, http://host:port or ws://host:port/ws, or an invite link (default: $LANCHAT_URL, else look on the network)')
    .option('-n, --name <name>', 'your display name (default: $LANCHAT_NAME, the remembered one, or a prompt)')
    .option('-r, --room <code>', 'also join this room and show it (an invite link works too)')
    .option('--plain', 'line mode: one line per event, for screen readers, dumb terminals and logs (default when stdin or stdout is not a terminal)')
    .option('--no-bell', 'no terminal bell for direct messages and mentions of you (config: alerts.bell)')
    .option('--no-notify', 'no desktop notification for them (config: alerts.notify)')
    .addOption(discoverTimeoutOption())
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (url: string | undefined, options: { name?: string; room?: string; plain?: boolean; bell: boolean; notify: boolean; discoverTimeout: number }) => {
      await run((context) =>
        chatCommand(context, {
          url,
          name: options.name,
          room: options.room,
          plain: options.plain,
          bell: options.bell,
          notify: options.notify,
          discoverTimeoutMs: options.discoverTimeout,
        }),
      )
    })

  program
    .command('send')
    .description('send a message to a room, or a direct message to someone; with no text, send each line of stdin (empty lines are skipped)')
    .argument('[text...]', 'the message (default: read lines from stdin until it ends)')
    .option('-r, --room <code>', 'the room to send to (a code such as K7M2QX, or lobby)')
    .option('-t, --to <name>', 'instead of --room: a direct message to this person (someone in the lobby or your rooms)')
    .option('-u, --url <url>', 'server address (default: $LANCHAT_URL, else look on the network)')
    .option('-n, --name <name>', 'display name to send as (default: $LANCHAT_NAME, the remembered one, or your login name)')
    .addOption(new Option('--id <key>', 'make the send safe to repeat: run again with the same key, name and server, it posts nothing twice').argParser(parseSendKey))
    .addOption(discoverTimeoutOption())
    .addHelpText('after', `
Lines longer than the server's limit (4000 characters by default) are split into several messages, and a
note on stderr says so. The command ends when stdin ends and every message is acknowledged: exit 0 when all
were stored, 4 when any was refused.

With --id, message n of the run is sent with the key "<key>-<n>", and the server stores a key once per user:
a script that failed half-way (or did not hear back) can simply run again.

Examples:
  lanchat send --room K7M2QX "build finished"
  tail -f /var/log/app.log | lanchat send --room ops --url 192.168.1.20:5000
  lanchat send --room ops --id deploy-1842 "Deployed 1.8.42"   # safe to retry
  lanchat send --to Maria "your build is green"              # a direct message`)
    .action(
      async (words: string[], options: { room?: string; to?: string; url?: string; name?: string; id?: string; discoverTimeout: number }) => {
        await run((context) =>
          sendCommand(context, words, {
            room: options.room,
            to: options.to,
            url: options.url,
            name: options.name,
            key: options.id,
            discoverTimeoutMs: options.discoverTimeout,
          }),
        )
      },
    )

  program
    .command('tail')
    .description('print the messages of a room as they arrive, until Ctrl-C')
    .requiredOption('-r, --room <code>', 'the room to follow')
    .option('--json', 'one JSON object per line (the message as the server sent it, text unchanged)')
    .addOption(new Option('--history <n>', 'first print the last N messages').argParser(parseCount).default(0))
    .option('-u, --url <url>', 'server address (default: $LANCHAT_URL, else look on the network)')
    .option('-n, --name <name>', 'display name to join as')
    .addOption(discoverTimeoutOption())
    .addHelpText('after', `
Examples:
  lanchat tail --room lobby --history 20
  lanchat tail --room K7M2QX --json | jq -r .text`)
    .action(async (options: { room: string; json?: boolean; history: number; url?: string; name?: string; discoverTimeout: number }) => {
      await run((context) =>
        tailCommand(context, {
          room: options.room,
          json: options.json,
          history: options.history,
          url: options.url,
          name: options.name,
          discoverTimeoutMs: options.discoverTimeout,
        }),
      )
    })

  program
    .command('rooms')
    .description("list the server's public rooms (its directory), busiest first")
    .argument('[query]', 'only rooms whose name, code or topic contains these words')
    .option('--json', 'print the JSON array the server sent: [{ room, members, online }]')
    .option('-u, --url <url>', 'server address (default: $LANCHAT_URL, else look on the network)')
    .option('-n, --name <name>', 'display name to connect as')
    .addOption(discoverTimeoutOption())
    .addHelpText('after', `
Examples:
  lanchat rooms
  lanchat rooms deploy --json | jq -r '.[].room.id'`)
    .action(async (query: string | undefined, options: { json?: boolean; url?: string; name?: string; discoverTimeout: number }) => {
      await run((context) => roomsCommand(context, { query, json: options.json, url: options.url, name: options.name, discoverTimeoutMs: options.discoverTimeout }))
    })

  program
    .command('join')
    .description('become a member of a room: a private one with an invite (--invite, or paste the invite link)')
    .argument('<room>', "the room's code, or an invite link http://host:port/#join=ROOM&invite=SECRET")
    .option('-i, --invite <secret>', 'the secret of an invite link to a private room')
    .option('-u, --url <url>', 'server address (default: the invite link\'s, $LANCHAT_URL, else look on the network)')
    .option('-n, --name <name>', 'display name to join as')
    .addOption(discoverTimeoutOption())
    .addHelpText('after', `
Exit 3 when the room does not exist or the invite does not work (expired, revoked, used up), 4 when you may
not join (banned).

Examples:
  lanchat join 'http://192.168.1.23:5000/#join=ops&invite=Xk3…'
  lanchat join ops --invite Xk3… --url 192.168.1.23:5000`)
    .action(async (room: string, options: { invite?: string; url?: string; name?: string; discoverTimeout: number }) => {
      await run((context) => joinCommand(context, { room, invite: options.invite, url: options.url, name: options.name, discoverTimeoutMs: options.discoverTimeout }))
    })

  addAccountCommands(program, run, discoverTimeoutOption)

  program
    .command('discover')
    .description('list the lanchat servers on the local network (mDNS, _lanchat._tcp)')
    .option('--json', 'print a JSON array of { name, url, host, port, path, addresses }')
    .addOption(
      new Option('-t, --timeout <seconds>', 'how long to listen for answers').argParser(parseDuration).default(DEFAULT_DISCOVER_SECONDS * 1000, `${DEFAULT_DISCOVER_SECONDS} s`),
    )
    .action(async (options: { json?: boolean; timeout: number }) => {
      await run((context) => discoverCommand(context, { json: options.json, timeoutMs: options.timeout }))
    })

  program
    .command('trust')
    .description("show the certificate of an https:// (wss://) server and trust it; forget or list trusted ones")
    .argument('[url]', 'the server: https://host:port or wss://host:port/ws')
    .option('--forget <host>', 'forget the certificate trusted for host:port (after its owner confirmed a new one)')
    .option('--list', 'list the trusted servers and their fingerprints')
    .option('-y, --yes', 'trust what it presents without asking (you compared the fingerprint another way)')
    .addHelpText('after', `
The first connection to a wss:// server shows its CA's SHA-256 fingerprint (or its own certificate's) and asks
whether to trust it; compare it with what the server printed when it started, or its trust page. From then on
only that certificate is accepted: a different one is refused with exit 6 (someone may be intercepting).

Examples:
  lanchat trust https://192.168.1.20:5001
  lanchat trust https://192.168.1.20:5001 --trust AB:12:…   # the fingerprint from the server's banner
  lanchat trust --forget 192.168.1.20:5001`)
    .action(async (url: string | undefined, options: { forget?: string; list?: boolean; yes?: boolean }) => {
      await run((context) => trustCommand(context, { url, forget: options.forget, list: options.list, yes: options.yes }))
    })

  // Every command that connects takes the trust of a wss:// server seen for the first time.
  const connecting = (command: Command): Command[] =>
    command.name() === 'discover' ? [] : [command, ...command.commands.flatMap((child) => connecting(child))]
  for (const command of connecting(program)) {
    command
      .option('--trust <fingerprint>', "wss:// servers: trust the server's certificate if its SHA-256 fingerprint is this one")
      .option('--trust-on-first-use', 'wss:// servers: trust the certificate a new server presents without asking (then pinned)')
  }
  program.hook('preAction', (_program, action) => {
    setTrustFlags(action.opts<{ trust?: string; trustOnFirstUse?: boolean }>())
  })

  return program
}
