import { LanchatServerError } from '@lanchat/client'
import { Alerter, notifierCommand, watchAlerts } from '../chat/alerts.js'
import { ChatSession } from '../chat/chat-session.js'
import { readConfig } from '../config/config-file.js'
import { parseInviteLink } from '../chat/invite-link.js'
import { runLineMode } from '../chat/line-mode.js'
import { serverLabel } from '../config/server-url.js'
import { CliError, ExitCode, SIGNED_OUT_MESSAGE } from '../errors.js'
import { colourEnabled } from '../render/terminal-colours.js'
import { sanitizeLine } from '../render/sanitize.js'
import { connect, resolveName, resolveServerUrl, type ConnectOptions } from './connection.js'
import type { CommandContext } from './context.js'

export interface ChatOptions extends ConnectOptions {
  /** A room to open after the lobby. */
  room?: string | undefined
  /** Force line mode even on a terminal. */
  plain?: boolean | undefined
  /** `--no-bell`: no terminal bell for DMs and mentions this run (else the config's `alerts.bell`, default on). */
  bell?: boolean | undefined
  /** `--no-notify`: no desktop notification this run (else the config's `alerts.notify`, default on). */
  notify?: boolean | undefined
}

/**
 * `lanchat [url]`: connects, lands in the lobby (and --room), and chats, full screen on a terminal, in
 * line mode otherwise. Resolves with the exit code once you leave.
 */
export async function chatCommand(context: CommandContext, options: ChatOptions): Promise<number> {
  // An invite link pasted as the address or as --room: its server (unless one is given), then its room.
  const roomLink = options.room === undefined ? undefined : parseInviteLink(options.room)
  const link = (options.url === undefined ? undefined : parseInviteLink(options.url)) ?? roomLink
  const room = link?.room ?? options.room
  const url = await resolveServerUrl(context, options.url === undefined && roomLink !== undefined ? { ...options, url: options.room } : options)
  const { name, remember } = await resolveName(context, options.name, url)
  const connection = await connect(context, url, name, remember)
  const { client } = connection

  let renaming: string | undefined
  const session = new ChatSession({
    client,
    serverUrl: url,
    remember: (update) => {
      // A rename moves the session token to the new name; a new token (after a restart of the server) is saved.
      if (update.name !== undefined) {
        void connection.rememberIdentity({ ...(renaming === undefined ? {} : { previousName: renaming }), rememberName: true })
      } else if (update.session !== undefined) {
        void connection.rememberIdentity()
      }
      renaming = client.user?.name
    },
  })
  renaming = client.user?.name

  // A bell and a desktop notification for what concerns you, per room notification level (docs/guides/cli.md).
  const stored = (await readConfig(context.configPath)).alerts
  const alerter = new Alerter({
    settings: { bell: options.bell !== false && stored?.bell !== false, notify: options.notify !== false && stored?.notify !== false },
    bell: context.stdout.isTTY === true ? (text) => context.stdout.write(text) : undefined,
    notifier: notifierCommand(process.platform, context.environment),
  })
  const stopAlerts = watchAlerts(client, alerter, (roomId) => session.rooms.find((view) => view.id === roomId)?.label ?? roomId)

  // SIGTERM (and Ctrl-C where the terminal is not in raw mode) leave the way /quit does.
  const quit = (): void => {
    void session.submit('/quit')
  }
  process.on('SIGINT', quit)
  process.on('SIGTERM', quit)
  // The server ended this device's account session: leave the chat and say so (exit 5).
  let signedOut = false
  const stopWatching = session.on('signedOut', () => {
    signedOut = true
    quit()
  })

  try {
    await session.enter('lobby')
    // The rooms of your account (or kept guest session) that the welcome brought back: direct conversations too.
    session.adoptRooms()
    if (room !== undefined) {
      try {
        await session.enter(room, false, link?.invite)
      } catch (error) {
        if (LanchatServerError.isInstance(error) && (error.code === 'ROOM_NOT_FOUND' || error.code === 'BAD_REQUEST')) {
          throw new CliError(
            link === undefined ? `room ${sanitizeLine(room)} does not exist on this server` : `the invite to ${sanitizeLine(room)} does not work: it expired, was revoked or used up, or the room is gone`,
            ExitCode.RoomNotFound,
          )
        }
        if (LanchatServerError.isInstance(error) && error.code === 'FORBIDDEN') {
          throw new CliError(`you may not join ${sanitizeLine(room)}: ${sanitizeLine(error.message)}`, ExitCode.Rejected)
        }
        throw error
      }
    }
    const fullScreen =
      options.plain !== true &&
      context.stdin.isTTY === true &&
      context.stdout.isTTY === true &&
      context.environment.TERM !== 'dumb'
    if (fullScreen) {
      // ink reads CI / CONTINUOUS_INTEGRATION when it loads and then draws only a final frame. A person at a
      // real terminal (dev containers set CI=true) still needs the live view, so drop them before ink loads.
      delete process.env.CI
      delete process.env.CONTINUOUS_INTEGRATION
      // Loaded only here: ink and React are the heaviest part, and scripts never need them.
      const { runFullScreen } = await import('../tui/run-full-screen.js')
      await runFullScreen(session, {
        stdin: process.stdin,
        stdout: process.stdout,
        serverLabel: serverLabel(url),
        colour: colourEnabled(context.environment, true),
        light: context.light,
      })
      await session.flush(5_000)
    } else {
      await runLineMode(session, {
        input: context.stdin,
        output: context.stdout,
        style: { colours: context.colours, environment: context.environment, light: context.light },
      })
    }
    if (signedOut) throw new CliError(SIGNED_OUT_MESSAGE, ExitCode.SignedOut)
    return ExitCode.Ok
  } finally {
    stopAlerts()
    stopWatching()
    process.off('SIGINT', quit)
    process.off('SIGTERM', quit)
    session.dispose()
    await client.close()
  }
}
