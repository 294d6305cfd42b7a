import { parseInviteLink } from '../chat/invite-link.js'
import { displayRoomId } from '../chat/slash-commands.js'
import { serverLabel } from '../config/server-url.js'
import { CliError, ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import { connect, joinRoom, resolveName, resolveServerUrl, type ConnectOptions } from './connection.js'
import type { CommandContext } from './context.js'

export interface JoinOptions extends ConnectOptions {
  /** A room code, or an invite link (`http://host:port/#join=ROOM&invite=SECRET`). */
  room: string
  /** The secret of an invite link to a private room. */
  invite?: string | undefined
}

/**
 * `lanchat join ROOM [--invite SECRET]`, or `lanchat join 'http://host:port/#join=ROOM&invite=SECRET'`: becomes a
 * member of a room (of a private room, with an invite) and says how to open it. The link gives the server unless
 * `--url` does. Exit 3 when the room does not exist or the invite does not work, 4 when you may not join (banned).
 */
export async function joinCommand(context: CommandContext, options: JoinOptions): Promise<number> {
  const link = parseInviteLink(options.room)
  if (link === undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(options.room)) {
    throw new CliError('that is not an invite link: one looks like http://host:port/#join=ROOM&invite=SECRET', ExitCode.Usage)
  }
  if (link !== undefined && options.invite !== undefined) throw new CliError('give an invite link, or a room with --invite, not both', ExitCode.Usage)
  const room = link?.room ?? options.room
  const invite = link?.invite ?? options.invite
  const url = await resolveServerUrl(context, link !== undefined && options.url === undefined ? { ...options, url: options.room } : options)
  const { name, remember } = await resolveName(context, options.name, url)
  const { client } = await connect(context, url, name, remember)
  try {
    const joined = await joinRoom(client, room, invite)
    const info = joined.room
    const code = displayRoomId(info.id, info.kind)
    const title = sanitizeLine(info.name) === code ? code : `${sanitizeLine(info.name)} (${code})`
    const kind = info.access === 'private' ? 'the private room' : info.access === 'public' ? 'the public room' : 'the room'
    const server = serverLabel(url)
    context.stdout.write(`Joined ${kind} ${title} on ${server}${info.access === 'private' ? ': you are a member now' : ''}.\n`)
    context.stdout.write(`Chat there with: lanchat ${server} --room ${code}\n`)
    return ExitCode.Ok
  } finally {
    await client.close()
  }
}
