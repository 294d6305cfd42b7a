import { LanchatError, type LanchatClient, type Member } from '@lanchat/client'
import { sanitizeLine } from '../render/sanitize.js'
import type { NoticeTone } from './display-entries.js'
import { inviteLink, parseInviteLink, qrLines, roughDuration } from './invite-link.js'
import { knownPeople, nameFold, resolvePerson, splitLeadingName, type PersonMatch } from './people.js'
import { displayRoomId, MEMBER_COMMANDS, type MemberCommandName, type NotifyLevel, type SlashCommand } from './slash-commands.js'

/** A room as the room commands need it. */
export interface CommandRoom {
  readonly id: string
  /** How its id is shown (`K7M2QX`, `lobby`, `Maria` for a direct conversation). */
  readonly label: string
  /** Its name, sanitized. */
  readonly name: string
}

/** What the room commands use of the chat session. */
export interface RoomCommandHost {
  readonly client: LanchatClient
  /** The chat socket URL, for invite links. */
  readonly serverUrl: string | undefined
  /** The room on screen. */
  readonly activeRoom: CommandRoom | undefined
  /** Says a line in the room on screen. */
  say(text: string, tone?: NoticeTone): void
  /** Starts showing a room the client is in, and goes there when `activate`. */
  show(roomId: string, activate: boolean): CommandRoom
  /** Sends a text to a room (split when it is long). */
  sendTo(roomId: string, text: string): void
  /** Runs `work` that takes you out of a room (the server's `room.left`), and stops showing it. */
  leaveWith(roomId: string, work: () => Promise<unknown>): Promise<void>
}

/** The commands this module runs. */
export type RoomCommand = Extract<
  SlashCommand,
  {
    name:
      | 'create'
      | 'join'
      | 'list'
      | 'msg'
      | 'dm'
      | 'topic'
      | 'rename'
      | MemberCommandName
      | 'invite-link'
      | 'invites'
      | 'revoke'
      | 'keep'
      | 'delete-room'
      | 'notify'
  }
>

const ROOM_COMMAND_NAMES = new Set<string>(['create', 'join', 'list', 'msg', 'dm', 'topic', 'rename', ...Object.keys(MEMBER_COMMANDS), 'invite-link', 'invites', 'revoke', 'keep', 'delete-room', 'notify'])

/** Whether {@link runRoomCommand} runs this command. */
export function isRoomCommand(command: SlashCommand): command is RoomCommand {
  return ROOM_COMMAND_NAMES.has(command.name)
}

/** The features the commands need, in the words said when a server does not offer one. */
const FEATURE_WORDS = {
  'rooms.manage': 'public and private rooms or room management',
  'rooms.directory': 'a room directory',
  dm: 'direct messages',
  notify: 'notification levels',
} as const

const NOTIFY_WORDS: Record<NotifyLevel, string> = {
  all: 'every message',
  mentions: 'mentions of you (and direct messages)',
  none: 'nothing',
}

/** Most people in a direct conversation besides you (the protocol's `maxDirectMembers` is 8, you included). */
const MAX_DIRECT_OTHERS = 7

function title(room: CommandRoom): string {
  return room.name === room.label ? room.label : `${room.name} (${room.label})`
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return LanchatError.isInstance(error) && codes.includes(error.code)
}

/**
 * Runs a command about rooms, direct conversations, invites and moderation, through the SDK. Problems the person can
 * fix are said as lines; other errors are thrown (the session says them).
 *
 * @example
 * ```ts
 * if (isRoomCommand(command)) await runRoomCommand(session, command)
 * ```
 */
export async function runRoomCommand(host: RoomCommandHost, command: RoomCommand): Promise<void> {
  const { client } = host
  const offers = (feature: keyof typeof FEATURE_WORDS): boolean => {
    if (client.features.has(feature)) return true
    host.say(`This server does not offer ${FEATURE_WORDS[feature]}.`, 'error')
    return false
  }
  const currentRoom = (): CommandRoom | undefined => {
    const room = host.activeRoom
    if (room === undefined) host.say('You are not in a room.', 'error')
    return room
  }
  const people = (): Member[] => knownPeople(client.rooms.values(), client.user?.id)
  /** One person for a typed name, or `undefined` after saying why not. */
  const pick = (typed: string, match: PersonMatch, command: string): Member | undefined => {
    const shown = sanitizeLine(typed)
    if (match.kind === 'one') return match.person
    if (match.kind === 'many') {
      const labels = match.choices.map((choice) => sanitizeLine(choice.label))
      host.say(`Several people are called ${shown}: ${labels.join(', ')}. Write the one you mean as shown, as in /${command} ${labels[0] ?? ''}`, 'error')
      return undefined
    }
    host.say(`No one called ${shown} is in your rooms: /${command} works with the people you share a room with (/who lists them).`, 'error')
    return undefined
  }

  switch (command.name) {
    case 'create': {
      const managed = command.access !== undefined || command.code !== undefined
      if (managed && !offers('rooms.manage')) return
      const joined = await client.create({
        ...(command.roomName === undefined ? {} : { name: command.roomName }),
        ...(command.access === undefined ? {} : { access: command.access }),
        ...(command.code === undefined ? {} : { code: command.code.toLowerCase() }),
      })
      const room = host.show(joined.room.id, true)
      if (command.access === 'public') {
        host.say(`Created the public room ${title(room)}: anyone on the server finds it with /list and joins with /join ${room.label}.`)
      } else if (command.access === 'private') {
        host.say(`Created the private room ${title(room)}: people come in when you /invite NAME them, or with an /invite-link.`)
      } else {
        host.say(
          `Created ${room.name} with the code ${room.label}. Others join it with /join ${room.label}. It is kept while anyone is in it and deleted with its messages once everyone has left${managed ? ' (/keep keeps it)' : ''}.`,
        )
      }
      return
    }
    case 'join': {
      let room = command.room.trim()
      let invite = command.invite
      const link = parseInviteLink(room)
      if (link !== undefined) {
        room = link.room
        invite = link.invite
      } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(room)) {
        host.say('That is not an invite link: one looks like http://host:port/#join=ROOM&invite=SECRET.', 'error')
        return
      }
      if (invite !== undefined && !offers('rooms.manage')) return
      const id = room.toLowerCase()
      if (client.rooms.has(id)) {
        host.show(id, true)
        return
      }
      try {
        host.show((await client.join(room, invite === undefined ? {} : { invite })).room.id, true)
      } catch (error) {
        if (isCode(error, 'ROOM_NOT_FOUND', 'BAD_REQUEST')) {
          if (invite !== undefined) host.say('That invite does not work: it expired, was revoked or used up, or the room is gone.', 'error')
          else {
            const hint = client.features.has('rooms.manage') ? ' (a private room needs an invite)' : ''
            host.say(`There is no room ${sanitizeLine(room.toUpperCase())}. Check the code${hint}.`, 'error')
          }
          return
        }
        if (isCode(error, 'FORBIDDEN')) {
          host.say(`You may not join ${sanitizeLine(room)}: ${sanitizeLine((error as Error).message)}`, 'error')
          return
        }
        throw error
      }
      return
    }
    case 'list': {
      if (!offers('rooms.directory')) return
      const rooms = await client.listRooms(command.query)
      if (rooms.length === 0) {
        host.say(command.query === undefined ? 'There are no public rooms yet: /create --public NAME makes one.' : `No public room matches "${sanitizeLine(command.query)}".`)
        return
      }
      host.say(`Public rooms (${rooms.length}); /join CODE to go in:`)
      for (const { room, members, online } of rooms) {
        const code = displayRoomId(room.id, room.kind)
        const name = sanitizeLine(room.name)
        const topic = room.topic === undefined || room.topic === '' ? '' : ` — ${sanitizeLine(room.topic)}`
        const yours = client.rooms.has(room.id) ? '  (you are in it)' : ''
        host.say(`  ${code}${name === code ? '' : `  ${name}`} · ${members} ${members === 1 ? 'member' : 'members'}, ${online} online${topic}${yours}`)
      }
      return
    }
    case 'msg': {
      if (!offers('dm')) return
      const known = people()
      const { name, rest } = splitLeadingName(command.argument, known)
      const person = pick(name, resolvePerson(name, known), 'msg')
      if (person === undefined) return
      const joined = await client.openDm([person.id])
      // With no text, go to the conversation (as /query does); with text, send it and stay where you are.
      const room = host.show(joined.room.id, rest === '')
      if (rest !== '') {
        host.sendTo(joined.room.id, rest)
        if (host.activeRoom?.id !== room.id) host.say(`Sent to ${room.label} in your direct conversation: /switch ${room.label} to go there.`)
      }
      return
    }
    case 'dm': {
      if (!offers('dm')) return
      const known = people()
      const chosen = new Map<string, Member>()
      for (const name of command.names) {
        const person = pick(name, resolvePerson(name, known), 'dm')
        if (person === undefined) return
        chosen.set(person.id, person)
      }
      if (chosen.size > MAX_DIRECT_OTHERS) {
        host.say(`A direct conversation has at most ${MAX_DIRECT_OTHERS} people besides you; make a private room for more (/create --private NAME).`, 'error')
        return
      }
      const joined = await client.openDm([...chosen.keys()])
      host.show(joined.room.id, true)
      return
    }
    case 'topic': {
      const room = currentRoom()
      if (room === undefined) return
      if (command.topic === undefined) {
        const topic = client.rooms.get(room.id)?.info.topic
        host.say(topic === undefined || topic === '' ? `${title(room)} has no topic; moderators set one with /topic TEXT.` : `Topic of ${title(room)}: ${sanitizeLine(topic)}`)
        return
      }
      if (!offers('rooms.manage')) return
      // Every member (you too) sees the change as a line from the server.
      await client.updateRoom(room.id, { topic: command.topic })
      return
    }
    case 'rename': {
      const room = currentRoom()
      if (room === undefined || !offers('rooms.manage')) return
      await client.updateRoom(room.id, { name: command.roomName })
      return
    }
    case 'invite':
    case 'kick':
    case 'ban':
    case 'unban':
    case 'mute':
    case 'unmute':
    case 'op':
    case 'deop':
    case 'owner': {
      const room = currentRoom()
      if (room === undefined || !offers('rooms.manage')) return
      const typed = command.person.trim()
      // Someone in this room first, then anyone in your rooms; else the server looks the name up (accounts, people online).
      const inRoom = resolvePerson(typed, client.rooms.get(room.id)?.members ?? [])
      const match = inRoom.kind === 'none' ? resolvePerson(typed, people()) : inRoom
      if (match.kind === 'many') {
        pick(typed, match, command.name)
        return
      }
      const target = match.kind === 'one' ? { user: match.person.id } : { name: typed }
      try {
        await client.manageMember(room.id, MEMBER_COMMANDS[command.name], target)
      } catch (error) {
        if (isCode(error, 'USER_NOT_FOUND')) {
          host.say(`No one called ${sanitizeLine(typed)} can be found on this server.`, 'error')
          return
        }
        throw error
      }
      return
    }
    case 'invite-link': {
      const room = currentRoom()
      if (room === undefined || !offers('rooms.manage')) return
      const invite = await client.createInvite(room.id, {
        ...(command.expiresInMs === undefined ? {} : { expiresInMs: command.expiresInMs }),
        ...(command.maxUses === undefined ? {} : { maxUses: command.maxUses }),
      })
      const token = invite.token ?? ''
      const uses = invite.maxUses === undefined ? '' : `, for ${invite.maxUses} ${invite.maxUses === 1 ? 'person' : 'people'}`
      host.say(`Invite link to ${title(room)} (works for ${roughDuration(invite.expiresAt - Date.now())}${uses}; /revoke ${invite.id} stops it):`)
      if (host.serverUrl === undefined) {
        host.say(`  lanchat join ${invite.room} --invite ${token}`)
        return
      }
      const link = inviteLink(host.serverUrl, invite.room, token)
      host.say(`  ${link}`)
      for (const line of qrLines(link)) host.say(line)
      host.say(`Open it in a browser, or in a terminal: lanchat join '${link}'`)
      return
    }
    case 'invites': {
      const room = currentRoom()
      if (room === undefined || !offers('rooms.manage')) return
      const invites = await client.listInvites(room.id)
      if (invites.length === 0) {
        host.say(`${title(room)} has no live invite links; /invite-link makes one.`)
        return
      }
      host.say(`Invite links of ${title(room)} (/revoke ID stops one):`)
      for (const invite of invites) {
        const used = `used ${invite.uses}${invite.maxUses === undefined ? '' : ` of ${invite.maxUses}`}`
        host.say(`  ${sanitizeLine(invite.id)}  by ${sanitizeLine(invite.createdBy.name)}, ${used}, ${roughDuration(invite.expiresAt - Date.now())} left`)
      }
      return
    }
    case 'revoke': {
      const room = currentRoom()
      if (room === undefined || !offers('rooms.manage')) return
      const left = await client.revokeInvite(room.id, command.invite)
      if (left.some((invite) => invite.id === command.invite)) host.say(`The invite ${sanitizeLine(command.invite)} is still there.`, 'error')
      else host.say(`Revoked ${sanitizeLine(command.invite)}: that link no longer lets anyone in.`)
      return
    }
    case 'keep': {
      const room = currentRoom()
      if (room === undefined || !offers('rooms.manage')) return
      await client.updateRoom(room.id, { kept: true })
      return
    }
    case 'delete-room': {
      const room = currentRoom()
      if (room === undefined || !offers('rooms.manage')) return
      if (command.confirm === undefined) {
        host.say(`This deletes ${title(room)} and all its messages, for everyone in it. To do it, type: /delete-room ${room.label}`, 'error')
        return
      }
      if (nameFold(command.confirm) !== nameFold(room.label) && command.confirm.toLowerCase() !== room.id) {
        host.say(`That is not the code of this room: type /delete-room ${room.label} to delete ${title(room)}.`, 'error')
        return
      }
      await host.leaveWith(room.id, () => client.deleteRoom(room.id))
      host.say(`Deleted ${title(room)} with its messages.`)
      return
    }
    case 'notify': {
      const room = currentRoom()
      if (room === undefined) return
      if (command.level === undefined) {
        const level = client.rooms.get(room.id)?.notify ?? 'mentions'
        host.say(`${title(room)} notifies you of ${NOTIFY_WORDS[level]}; /notify all|mentions|none changes it.`)
        return
      }
      if (!offers('notify')) return
      await client.setNotify(room.id, command.level)
      host.say(`${title(room)} now notifies you of ${NOTIFY_WORDS[command.level]}, on all your devices.`)
      return
    }
  }
}
