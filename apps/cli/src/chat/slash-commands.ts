/**
 * The slash commands of the interactive chat, shared by the full-screen view and line mode: parsing what was
 * typed, Tab completion, and the /help text.
 */

/** A command typed at the input line. */
export type SlashCommand =
  | { name: 'create'; roomName?: string }
  | { name: 'join'; room: string }
  | { name: 'leave' }
  | { name: 'rooms' }
  | { name: 'switch'; target: string }
  | { name: 'who' }
  | { name: 'more' }
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
}

/** Every command with its usage line, in /help order. */
export const COMMANDS: readonly CommandSpec[] = [
  { name: 'create', usage: '/create [name]', summary: 'make a new room with a shareable code and go there', aliases: [] },
  { name: 'join', usage: '/join CODE', summary: 'join a room by its code (any case)', aliases: [] },
  { name: 'leave', usage: '/leave', summary: 'leave the current room', aliases: ['part'] },
  { name: 'rooms', usage: '/rooms', summary: 'list the rooms you are in, numbered', aliases: [] },
  { name: 'switch', usage: '/switch N|CODE', summary: 'show another of your rooms (also Alt+1…9)', aliases: [] },
  { name: 'who', usage: '/who', summary: 'list who is in the current room', aliases: [] },
  { name: 'more', usage: '/more', summary: 'load messages a gap line leaves out, else older ones (also PageUp)', aliases: [] },
  { name: 'name', usage: '/name NEW', summary: 'change your display name everywhere', aliases: ['nick'] },
  { name: 'help', usage: '/help', summary: 'show this list', aliases: [] },
  { name: 'quit', usage: '/quit', summary: 'leave the chat (also Ctrl-C, Ctrl-D)', aliases: ['exit'] },
]

/** The /help text, one line per command. */
export function helpLines(): string[] {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length))
  return [
    ...COMMANDS.map((command) => `${command.usage.padEnd(width)}  ${command.summary}`),
    'Anything else is sent as a message; start it with // to send a line that begins with /.',
  ]
}

function findCommand(word: string): CommandSpec | undefined {
  const lower = word.toLowerCase()
  return COMMANDS.find((command) => command.name === lower || command.aliases.includes(lower))
}

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
  switch (spec.name) {
    case 'create':
      return { kind: 'command', command: argument === '' ? { name: 'create' } : { name: 'create', roomName: argument } }
    case 'join':
      if (rest.length !== 1) return needs('one room code')
      return { kind: 'command', command: { name: 'join', room: argument } }
    case 'switch':
      if (rest.length !== 1) return needs('a room number or code')
      return { kind: 'command', command: { name: 'switch', target: argument } }
    case 'name':
      if (argument === '') return needs('the new name')
      return { kind: 'command', command: { name: 'name', newName: argument } }
    default:
      return { kind: 'command', command: { name: spec.name } as SlashCommand }
  }
}

/** What completion knows about. */
export interface CompletionContext {
  /** The rooms you are in, as they are shown (`K7M2QX`, `lobby`). */
  rooms: readonly string[]
  /** Names of the people in the current room. */
  members: readonly string[]
}

/** Completion result, readline style: the candidates, and the text at the end of the line they replace. */
export interface Completion {
  candidates: string[]
  replaced: string
}

/**
 * Tab completion for the end of the input line: command names after `/`, room ids after `/switch`, and
 * otherwise the names of people in the room.
 *
 * @example
 * ```ts
 * complete('/jo', { rooms: [], members: [] })            // { candidates: ['/join '], replaced: '/jo' }
 * complete('hi ma', { rooms: [], members: ['Maria'] })   // { candidates: ['Maria '], replaced: 'ma' }
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
