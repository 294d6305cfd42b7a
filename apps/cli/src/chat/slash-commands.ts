import { parseLifetime } from './invite-link.js'
import { nameFold, splitNames } from './people.js'

/**
 * The slash commands of the interactive chat, shared by the full-screen view and line mode: parsing what was
 * typed, Tab completion, and the /help text.
 */

/** When a room notifies you. */
export type NotifyLevel = 'all' | 'mentions' | 'none'

/** What a moderation command does to a member, in the protocol's words (`member.update`'s `action`). */
export type MemberAction = 'invite' | 'remove' | 'ban' | 'unban' | 'mute' | 'unmute' | 'moderator' | 'member' | 'owner'

/** The commands that act on one member, with the `member.update` action each one is. */
export const MEMBER_COMMANDS = {
  invite: 'invite',
  kick: 'remove',
  ban: 'ban',
  unban: 'unban',
  mute: 'mute',
  unmute: 'unmute',
  op: 'moderator',
  deop: 'member',
  owner: 'owner',
} as const satisfies Record<string, MemberAction>

/** A command that acts on one member: `/kick NAME`, `/op NAME`, … */
export type MemberCommandName = keyof typeof MEMBER_COMMANDS

/** A command typed at the input line. */
export type SlashCommand =
  | { name: 'create'; roomName?: string; access?: 'public' | 'private'; code?: string }
  | { name: 'join'; room: string; invite?: string }
  | { name: 'leave' }
  | { name: 'rooms' }
  | { name: 'list'; query?: string }
  | { name: 'switch'; target: string }
  | { name: 'who' }
  | { name: 'more' }
  | { name: 'msg'; argument: string }
  | { name: 'dm'; names: string[] }
  | { name: 'topic'; topic?: string }
  | { name: 'rename'; roomName: string }
  | { name: MemberCommandName; person: string }
  | { name: 'invite-link'; expiresInMs?: number; maxUses?: number }
  | { name: 'invites' }
  | { name: 'revoke'; invite: string }
  | { name: 'keep' }
  | { name: 'delete-room'; confirm?: string }
  | { name: 'notify'; level?: NotifyLevel }
  | { name: 'name'; newName: string }
  | { name: 'quit' }
  | { name: 'help' }

/** What a line of input means. */
export type ParsedInput =
  | { kind: 'empty' }
  | { kind: 'message'; text: string }
  | { kind: 'command'; command: SlashCommand }
  | { kind: 'invalid'; problem: string }

interface CommandSpec {
  name: SlashCommand['name']
  usage: string
  summary: string
  aliases: readonly string[]
  /** Where /help puts it. */
  group: 'chat' | 'direct' | 'manage'
}

/** Every command with its usage line, in /help order. */
export const COMMANDS: readonly CommandSpec[] = [
  { name: 'create', usage: '/create [--public|--private] [--code CODE] [name]', summary: 'make a room and go there (no option: a code room, gone when empty)', aliases: [], group: 'chat' },
  { name: 'join', usage: '/join CODE [INVITE]', summary: 'join a room by its code, or paste an invite link', aliases: [], group: 'chat' },
  { name: 'leave', usage: '/leave', summary: 'leave the current room', aliases: ['part'], group: 'chat' },
  { name: 'rooms', usage: '/rooms', summary: 'list the rooms you are in, numbered', aliases: [], group: 'chat' },
  { name: 'list', usage: '/list [words]', summary: 'the public rooms of the server (the directory)', aliases: [], group: 'chat' },
  { name: 'switch', usage: '/switch N|CODE', summary: 'show another of your rooms (also Alt+1…9)', aliases: [], group: 'chat' },
  { name: 'who', usage: '/who', summary: 'list who is in the current room, with their roles', aliases: [], group: 'chat' },
  { name: 'more', usage: '/more', summary: 'load messages a gap line leaves out, else older ones (also PageUp)', aliases: [], group: 'chat' },
  { name: 'msg', usage: '/msg NAME [text]', summary: 'a direct message to someone in your rooms (their own conversation)', aliases: ['query'], group: 'direct' },
  { name: 'dm', usage: '/dm NAME…', summary: 'open a direct conversation with one or a few people and go there', aliases: [], group: 'direct' },
  { name: 'notify', usage: '/notify [all|mentions|none]', summary: 'when this room notifies you, on all your devices', aliases: [], group: 'direct' },
  { name: 'topic', usage: '/topic [TEXT|--clear]', summary: 'show or set the topic (moderators)', aliases: [], group: 'manage' },
  { name: 'rename', usage: '/rename NAME', summary: 'rename the room (moderators)', aliases: [], group: 'manage' },
  { name: 'invite', usage: '/invite NAME', summary: 'make someone a member (private rooms: the way in)', aliases: [], group: 'manage' },
  { name: 'invite-link', usage: '/invite-link [--expires 1h|1d|7d] [--uses N]', summary: 'a link (and QR code) that lets people in', aliases: [], group: 'manage' },
  { name: 'invites', usage: '/invites', summary: 'list the room’s live invite links', aliases: [], group: 'manage' },
  { name: 'revoke', usage: '/revoke ID', summary: 'stop an invite link from working', aliases: [], group: 'manage' },
  { name: 'kick', usage: '/kick NAME', summary: 'put someone out of the room (they may come back where allowed)', aliases: ['remove'], group: 'manage' },
  { name: 'ban', usage: '/ban NAME', summary: 'put someone out for good', aliases: [], group: 'manage' },
  { name: 'unban', usage: '/unban NAME', summary: 'let a banned person back', aliases: [], group: 'manage' },
  { name: 'mute', usage: '/mute NAME', summary: 'stop someone from posting here', aliases: [], group: 'manage' },
  { name: 'unmute', usage: '/unmute NAME', summary: 'let them post again', aliases: [], group: 'manage' },
  { name: 'op', usage: '/op NAME', summary: 'make someone a moderator (owner)', aliases: [], group: 'manage' },
  { name: 'deop', usage: '/deop NAME', summary: 'make a moderator a plain member (owner)', aliases: [], group: 'manage' },
  { name: 'owner', usage: '/owner NAME', summary: 'hand the room over to someone (owner)', aliases: [], group: 'manage' },
  { name: 'keep', usage: '/keep', summary: 'keep this code room when it is empty (owner)', aliases: [], group: 'manage' },
  { name: 'delete-room', usage: '/delete-room', summary: 'delete the room and its messages for everyone (owner; asks first)', aliases: [], group: 'manage' },
  { name: 'name', usage: '/name NEW', summary: 'change your display name everywhere', aliases: ['nick'], group: 'chat' },
  { name: 'help', usage: '/help', summary: 'show this list', aliases: [], group: 'chat' },
  { name: 'quit', usage: '/quit', summary: 'leave the chat (also Ctrl-C, Ctrl-D)', aliases: ['exit'], group: 'chat' },
]

const GROUP_TITLES = { chat: 'Chat:', direct: 'Direct messages and notifications:', manage: 'Managing a room (moderators and owners):' } as const

/** The /help text: the commands in groups, one line each. */
export function helpLines(): string[] {
  // Long usages (the options of /create, /invite-link) are not padded for: the column stays narrow.
  const width = Math.min(24, Math.max(...COMMANDS.map((command) => command.usage.length)))
  const lines: string[] = []
  for (const group of ['chat', 'direct', 'manage'] as const) {
    lines.push(GROUP_TITLES[group])
    for (const command of COMMANDS.filter((candidate) => candidate.group === group)) lines.push(`  ${command.usage.padEnd(width)}  ${command.summary}`)
  }
  lines.push('Anything else is sent as a message; start it with // to send a line that begins with /.')
  return lines
}

function findCommand(word: string): CommandSpec | undefined {
  const lower = word.toLowerCase()
  return COMMANDS.find((command) => command.name === lower || command.aliases.includes(lower))
}

/** Splits `--flag value` options off the front or anywhere in the words; the other words stay in order. */
function readFlags(words: readonly string[], withValue: readonly string[], bare: readonly string[]): { flags: Map<string, string>; words: string[]; unknown?: string } {
  const flags = new Map<string, string>()
  const rest: string[] = []
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string
    if (!word.startsWith('--')) {
      rest.push(word)
      continue
    }
    const [flag = '', inline] = word.slice(2).split(/=(.*)/s, 2)
    if (bare.includes(flag) && inline === undefined) flags.set(flag, '')
    else if (withValue.includes(flag)) {
      const value = inline ?? words[++index]
      if (value === undefined || value === '') return { flags, words: rest, unknown: `--${flag} needs a value` }
      flags.set(flag, value)
    } else return { flags, words: rest, unknown: `unknown option --${flag}` }
  }
  return { flags, words: rest }
}

const NOTIFY_LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'none']

/**
 * Reads one line of input: a message, a slash command, or a mistake to explain.
 *
 * @example
 * ```ts
 * parseInput('/join k7m2qx') // { kind: 'command', command: { name: 'join', room: 'k7m2qx' } }
 * parseInput('//shrug')      // { kind: 'message', text: '/shrug' }
 * ```
 */
export function parseInput(line: string): ParsedInput {
  if (line.trim() === '') return { kind: 'empty' }
  if (line.startsWith('//')) return { kind: 'message', text: line.slice(1) }
  if (!line.startsWith('/')) return { kind: 'message', text: line }

  const [word = '', ...rest] = line.slice(1).trim().split(/\s+/)
  const argument = line.slice(1).trim().slice(word.length).trim()
  const spec = findCommand(word)
  if (spec === undefined) return { kind: 'invalid', problem: `unknown command /${word}; /help lists them` }
  const needs = (what: string): ParsedInput => ({ kind: 'invalid', problem: `usage: ${spec.usage} (${what})` })
  const command = (parsed: SlashCommand): ParsedInput => ({ kind: 'command', command: parsed })
  switch (spec.name) {
    case 'create': {
      const { flags, words, unknown } = readFlags(rest, ['code'], ['public', 'private'])
      if (unknown !== undefined) return needs(unknown)
      if (flags.has('public') && flags.has('private')) return needs('either --public or --private')
      const access = flags.has('public') ? 'public' : flags.has('private') ? 'private' : undefined
      const roomName = words.join(' ').trim()
      return command({
        name: 'create',
        ...(roomName === '' ? {} : { roomName }),
        ...(access === undefined ? {} : { access }),
        ...(flags.has('code') ? { code: flags.get('code') as string } : {}),
      })
    }
    case 'join':
      if (rest.length < 1 || rest.length > 2) return needs('a room code, and an invite if you have one; or an invite link')
      return command(rest.length === 2 ? { name: 'join', room: rest[0] as string, invite: rest[1] as string } : { name: 'join', room: argument })
    case 'list':
      return command(argument === '' ? { name: 'list' } : { name: 'list', query: argument })
    case 'switch':
      if (rest.length !== 1) return needs('a room number or code')
      return command({ name: 'switch', target: argument })
    case 'msg':
      if (argument === '') return needs('who to write to')
      return command({ name: 'msg', argument })
    case 'dm':
      if (argument === '') return needs('one or more names')
      const names = splitNames(argument)
      if (names.length === 0) return needs('one or more names')
      return command({ name: 'dm', names })
    case 'topic':
      if (argument === '') return command({ name: 'topic' })
      return command({ name: 'topic', topic: argument === '--clear' ? '' : argument })
    case 'rename':
      if (argument === '') return needs('the new name of the room')
      return command({ name: 'rename', roomName: argument })
    case 'invite':
    case 'kick':
    case 'ban':
    case 'unban':
    case 'mute':
    case 'unmute':
    case 'op':
    case 'deop':
    case 'owner':
      if (argument === '') return needs('whom')
      return command({ name: spec.name, person: argument.replace(/^"(.*)"$/, '$1') })
    case 'invite-link': {
      const { flags, words, unknown } = readFlags(rest, ['expires', 'uses'], [])
      if (unknown !== undefined || words.length > 0) return needs(unknown ?? `unexpected ${words.join(' ')}`)
      const parsed: { name: 'invite-link'; expiresInMs?: number; maxUses?: number } = { name: 'invite-link' }
      const expires = flags.get('expires')
      if (expires !== undefined) {
        const lifetime = parseLifetime(expires)
        if (typeof lifetime === 'string') return needs(lifetime)
        parsed.expiresInMs = lifetime
      }
      const uses = flags.get('uses')
      if (uses !== undefined) {
        if (!/^\d+$/.test(uses) || Number(uses) < 1 || Number(uses) > 1000) return needs('--uses takes a number from 1 to 1000')
        parsed.maxUses = Number(uses)
      }
      return command(parsed)
    }
    case 'revoke':
      if (rest.length !== 1) return needs('the ID from /invites')
      return command({ name: 'revoke', invite: argument })
    case 'delete-room':
      return command(argument === '' ? { name: 'delete-room' } : { name: 'delete-room', confirm: argument })
    case 'notify': {
      if (argument === '') return command({ name: 'notify' })
      const level = argument.toLowerCase() as NotifyLevel
      if (!NOTIFY_LEVELS.includes(level)) return needs('all, mentions or none')
      return command({ name: 'notify', level })
    }
    case 'name':
      if (argument === '') return needs('the new name')
      return command({ name: 'name', newName: argument })
    default:
      return command({ name: spec.name } as SlashCommand)
  }
}

/** What completion knows about. */
export interface CompletionContext {
  /** The rooms you are in, as they are shown (`K7M2QX`, `lobby`). */
  rooms: readonly string[]
  /** Names of the people in the current room. */
  members: readonly string[]
  /** Names of everyone in your rooms, for `/msg`, `/dm` and `/invite` (default: `members`). */
  people?: readonly string[]
}

/** Commands whose argument is a person: Tab completes names there. */
const PERSON_COMMANDS = ['msg', 'query', 'dm', ...Object.keys(MEMBER_COMMANDS), 'remove']
const ANYONE_COMMANDS = ['msg', 'query', 'dm', 'invite', 'unban']

/** Completion result, readline style: the candidates, and the text at the end of the line they replace. */
export interface Completion {
  candidates: string[]
  replaced: string
}

/**
 * Tab completion for the end of the input line: command names after `/`, room ids after `/switch`, people after
 * `/msg`, `/dm`, `/invite` and the moderation commands, and otherwise the names of people in the room.
 *
 * @example
 * ```ts
 * complete('/jo', { rooms: [], members: [] })            // { candidates: ['/join '], replaced: '/jo' }
 * complete('hi ma', { rooms: [], members: ['Maria'] })   // { candidates: ['Maria '], replaced: 'ma' }
 * complete('/msg pe', { rooms: [], members: [], people: ['Pete'] }) // { candidates: ['Pete '], replaced: 'pe' }
 * ```
 */
export function complete(line: string, context: CompletionContext): Completion {
  const commandWord = /^\/(\S*)$/.exec(line)
  if (commandWord !== null) {
    const prefix = (commandWord[1] ?? '').toLowerCase()
    const candidates = COMMANDS.filter((command) => command.name.startsWith(prefix)).map((command) => `/${command.name} `)
    return { candidates, replaced: line }
  }
  const roomArgument = /^\/(switch|leave)\s+(\S*)$/i.exec(line)
  if (roomArgument !== null) {
    const prefix = (roomArgument[2] ?? '').toLowerCase()
    return {
      candidates: context.rooms.filter((room) => room.toLowerCase().startsWith(prefix)).map((room) => `${room} `),
      replaced: roomArgument[2] ?? '',
    }
  }
  const lastWord = /(\S*)$/.exec(line)?.[1] ?? ''
  const personArgument = /^\/(\S+)\s+(\S*)$/.exec(line)
  if (personArgument !== null && PERSON_COMMANDS.includes((personArgument[1] ?? '').toLowerCase())) {
    const prefix = nameFold(personArgument[2] ?? '')
    // Someone from any of your rooms for a conversation or an invite; someone in this room otherwise.
    const names = ANYONE_COMMANDS.includes((personArgument[1] ?? '').toLowerCase()) ? (context.people ?? context.members) : context.members
    return {
      candidates: [...new Set(names)].filter((name) => nameFold(name).startsWith(prefix)).map((name) => `${name} `),
      replaced: personArgument[2] ?? '',
    }
  }
  if (lastWord === '' || line.startsWith('/')) return { candidates: [], replaced: lastWord }
  const prefix = lastWord.replace(/^@/, '').toLowerCase()
  const at = lastWord.startsWith('@') ? '@' : ''
  const candidates = [...new Set(context.members)]
    .filter((member) => member.toLowerCase().startsWith(prefix))
    .map((member) => `${at}${member} `)
  return { candidates, replaced: lastWord }
}

/**
 * The longest common prefix of the candidates, for completing as far as they agree.
 *
 * @example
 * ```ts
 * commonPrefix(['/switch ', '/show ']) // '/s'
 * ```
 */
export function commonPrefix(candidates: readonly string[]): string {
  if (candidates.length === 0) return ''
  let prefix = candidates[0] as string
  for (const candidate of candidates) {
    while (!candidate.toLowerCase().startsWith(prefix.toLowerCase())) prefix = prefix.slice(0, -1)
  }
  return prefix
}

/**
 * How a room id is shown: generated codes upper case (`K7M2QX`), the lobby and named rooms as they are.
 *
 * @example
 * ```ts
 * displayRoomId('k7m2qx', 'code') // 'K7M2QX'
 * displayRoomId('lobby', 'lobby') // 'lobby'
 * ```
 */
export function displayRoomId(room: string, kind: string): string {
  return kind === 'code' ? room.toUpperCase() : room
}
