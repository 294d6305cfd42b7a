import { distinguishNames, type Member, type RoomInfo, type RoomMember } from '@lanchat/client'

/** What a name typed after a command (`/msg maria …`) stands for among the people you know. */
export type PersonMatch =
  | { kind: 'one'; person: Member }
  | { kind: 'none' }
  /** Several people go by that name: the choices, each with the label that tells them apart. */
  | { kind: 'many'; choices: Array<{ person: Member; label: string }> }

/** The rooms whose people count as known: their member lists and, for direct conversations, their people. */
export interface KnownRoom {
  readonly info: RoomInfo
  readonly members: readonly RoomMember[]
}

/**
 * Everyone you can name in a command: the members of every room you are in and the people of your direct
 * conversations, once each (newest name wins), you left out.
 *
 * @example
 * ```ts
 * knownPeople(client.rooms.values(), client.user?.id) // [{ id: 'u2', name: 'Bob' }, …]
 * ```
 */
export function knownPeople(rooms: Iterable<KnownRoom>, selfId: string | undefined): Member[] {
  const people = new Map<string, Member>()
  for (const room of rooms) {
    for (const person of room.info.direct ?? []) if (!people.has(person.id)) people.set(person.id, person)
    for (const member of room.members) {
      const { status: _status, ...person } = member
      people.set(person.id, person)
    }
  }
  if (selfId !== undefined) people.delete(selfId)
  return [...people.values()]
}

/** How names are compared: any case, Unicode compatibility forms folded, spaces around ignored. */
export function nameFold(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/**
 * Finds the person a typed name means: a user id, the label shown for them (`Maria · 4f2a`, which tells look-alike
 * names apart), or their name in any case. Two people with that name are `many`, with their labels to choose from.
 *
 * @example
 * ```ts
 * resolvePerson('maria', people) // { kind: 'one', person: { id: 'u1', name: 'Maria' } }
 * ```
 */
export function resolvePerson(typed: string, people: readonly Member[]): PersonMatch {
  const wanted = nameFold(typed)
  if (wanted === '') return { kind: 'none' }
  const byId = people.find((person) => person.id === typed.trim())
  if (byId !== undefined) return { kind: 'one', person: byId }
  const labels = distinguishNames(people)
  const byLabel = people.filter((person) => nameFold(labels.get(person.id) ?? person.name) === wanted)
  if (byLabel.length === 1) return { kind: 'one', person: byLabel[0] as Member }
  // A label without the spaces around its dot: `Maria·4f2a`.
  const byCompactLabel = people.filter((person) => nameFold((labels.get(person.id) ?? person.name).replace(/ · /g, '·')) === wanted.replace(/\s*·\s*/g, '·'))
  if (byCompactLabel.length === 1) return { kind: 'one', person: byCompactLabel[0] as Member }
  const byName = people.filter((person) => nameFold(person.name) === wanted)
  if (byName.length === 1) return { kind: 'one', person: byName[0] as Member }
  if (byName.length > 1) {
    const choices = distinguishNames(byName)
    return { kind: 'many', choices: byName.map((person) => ({ person, label: choices.get(person.id) ?? person.name })) }
  }
  return { kind: 'none' }
}

/**
 * Splits what follows `/msg` into the name and the text: a name in double quotes (`"Dot Env" hi`), else the longest
 * run of leading words that names someone you know (`Dot Env hi`, `Maria · 4f2a hi`), else the first word.
 *
 * @example
 * ```ts
 * splitLeadingName('Dot Env are you there', [{ id: 'u1', name: 'Dot Env' }]) // { name: 'Dot Env', rest: 'are you there' }
 * ```
 */
export function splitLeadingName(argument: string, people: readonly Member[]): { name: string; rest: string } {
  const trimmed = argument.trim()
  const quoted = /^"([^"]+)"\s*([\s\S]*)$/.exec(trimmed)
  if (quoted !== null) return { name: (quoted[1] as string).trim(), rest: (quoted[2] as string).trim() }
  const words = trimmed.split(/\s+/)
  for (let count = Math.min(words.length, 8); count > 1; count--) {
    const name = words.slice(0, count).join(' ')
    if (resolvePerson(name, people).kind !== 'none') return { name, rest: words.slice(count).join(' ') }
  }
  return { name: words[0] ?? '', rest: words.slice(1).join(' ') }
}

/**
 * Splits a list of names (`/dm Maria, Pete "Dot Env"`): by commas when there are any, else by spaces, with names in
 * double quotes kept whole.
 *
 * @example
 * ```ts
 * splitNames('Maria Pete')            // ['Maria', 'Pete']
 * splitNames('Maria, Dot Env')        // ['Maria', 'Dot Env']
 * splitNames('"Dot Env" Pete')        // ['Dot Env', 'Pete']
 * ```
 */
export function splitNames(argument: string): string[] {
  const quoted: string[] = []
  const byComma = argument.includes(',')
  // Quoted names become numbered placeholders between commas, so that the order stays as typed.
  const rest = argument.replace(/"([^"]*)"/g, (_match, name: string) => `,\u0001${quoted.push(name.trim()) - 1}\u0001,`)
  return rest
    .split(',')
    .flatMap((part) => (/^\s*\u0001\d+\u0001\s*$/.test(part) ? [quoted[Number(part.trim().slice(1, -1))] ?? ''] : byComma ? [part] : part.split(/\s+/)))
    .map((name) => name.trim())
    .filter((name) => name !== '')
}
