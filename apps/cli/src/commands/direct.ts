import { LanchatServerError, type LanchatClient, type RoomJoined } from '@lanchat/client'
import { knownPeople, resolvePerson } from '../chat/people.js'
import { CliError, ExitCode } from '../errors.js'
import { sanitizeLine } from '../render/sanitize.js'

/**
 * Opens the direct conversation with the person a script names (`lanchat send --to NAME`): someone in the rooms the
 * server gave back to this user (an account's rooms, its direct conversations), else someone in the lobby now; a user
 * id works too. No one by that name is exit 3, several people by that name exit 1 (with their labels to pick from),
 * a server without direct messages or a refusal exit 4.
 *
 * @example
 * ```ts
 * const { room } = await openDirect(client, 'Maria')
 * client.send(room.id, 'the build is green')
 * ```
 */
export async function openDirect(client: LanchatClient, typed: string): Promise<RoomJoined> {
  if (!client.features.has('dm')) throw new CliError('this server does not offer direct messages', ExitCode.Rejected)
  const find = () => resolvePerson(typed, knownPeople(client.rooms.values(), client.user?.id))
  let match = find()
  if (match.kind === 'none' && !client.rooms.has('lobby')) {
    // Not among this user's rooms: look at who is in the lobby (a server may have none).
    await client.join('lobby').catch(() => undefined)
    match = find()
  }
  const shown = sanitizeLine(typed)
  if (match.kind === 'none') throw new CliError(`no one called ${shown} is in the lobby or in your rooms`, ExitCode.RoomNotFound)
  if (match.kind === 'many') {
    const labels = match.choices.map((choice) => `"${sanitizeLine(choice.label)}"`)
    throw new CliError(`several people are called ${shown}: give the one you mean, as --to ${labels.join(' or --to ')}`, ExitCode.Usage)
  }
  try {
    return await client.openDm([match.person.id])
  } catch (error) {
    if (LanchatServerError.isInstance(error) && (error.code === 'FORBIDDEN' || error.code === 'USER_NOT_FOUND')) {
      throw new CliError(`cannot write to ${shown}: ${sanitizeLine(error.message)}`, ExitCode.Rejected)
    }
    throw new CliError(`could not open a conversation with ${shown}: ${sanitizeLine(error instanceof Error ? error.message : String(error))}`, ExitCode.ConnectionFailed)
  }
}
