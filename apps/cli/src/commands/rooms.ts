import { LanchatError } from '@lanchat/client'
import { displayRoomId } from '../chat/slash-commands.js'
import { describeError } from '../chat/describe-error.js'
import { serverLabel } from '../config/server-url.js'
import { CliError, ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'
import { displayWidth } from '../render/text-width.js'
import { connect, resolveName, resolveServerUrl, type ConnectOptions } from './connection.js'
import { note, type CommandContext } from './context.js'

export interface RoomsOptions extends ConnectOptions {
  /** Words the room's name, code or topic must contain. */
  query?: string | undefined
  /** Print the server's answer as JSON. */
  json?: boolean | undefined
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)))
}

/**
 * `lanchat rooms [QUERY]`: the server's room directory, its public rooms busiest first: one line each (code, name,
 * members, online, topic), or with `--json` the array the server sent (`[{ room, members, online }]`). Nothing found
 * is not an error (exit 0); a server without a directory is exit 4.
 */
export async function roomsCommand(context: CommandContext, options: RoomsOptions): Promise<number> {
  const url = await resolveServerUrl(context, options)
  const { name, remember } = await resolveName(context, options.name, url)
  const { client } = await connect(context, url, name, remember)
  try {
    if (!client.features.has('rooms.directory')) throw new CliError(`${serverLabel(url)} has no room directory`, ExitCode.Rejected)
    let rooms
    try {
      rooms = await client.listRooms(options.query)
    } catch (error) {
      const exit = LanchatError.isInstance(error) && error.code === 'FORBIDDEN' ? ExitCode.Rejected : ExitCode.ConnectionFailed
      throw new CliError(`could not list the rooms: ${describeError(error)}`, exit)
    }
    if (options.json === true) {
      context.stdout.write(`${JSON.stringify(rooms, null, 2)}\n`)
      return ExitCode.Ok
    }
    if (rooms.length === 0) {
      note(context, options.query === undefined ? `no public rooms on ${serverLabel(url)} yet` : `no public room matches "${sanitizeLine(options.query)}"`)
      return ExitCode.Ok
    }
    const lines = rooms.map(({ room, members, online }) => ({
      code: displayRoomId(room.id, room.kind),
      name: sanitizeLine(room.name),
      people: `${members} ${members === 1 ? 'member' : 'members'}, ${online} online`,
      topic: room.topic === undefined ? '' : sanitizeLine(room.topic),
    }))
    const codeWidth = Math.max(...lines.map((line) => displayWidth(line.code)))
    const nameWidth = Math.max(...lines.map((line) => displayWidth(line.name)))
    const peopleWidth = Math.max(...lines.map((line) => displayWidth(line.people)))
    for (const line of lines) {
      const row = `${pad(line.code, codeWidth)}  ${pad(line.name, nameWidth)}  ${pad(line.people, peopleWidth)}  ${line.topic}`
      context.stdout.write(`${row.trimEnd()}\n`)
    }
    return ExitCode.Ok
  } finally {
    await client.close()
  }
}
