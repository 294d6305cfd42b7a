import { nameKey, type Member } from '@lanchat/protocol'
import { fnv1a } from './name-colour.js'

/** The tag shown after a name another member shares: 4 hex digits from the user id, 8 when 4 are not enough. */
export function userTag(id: string, length: 4 | 8 = 4): string {
  return fnv1a(id).toString(16).padStart(8, '0').slice(0, length)
}

/**
 * What to show for each member so that two people never look the same: their name as they chose it, and, when
 * someone else in `members` has a name that looks alike (same {@link nameKey}: "Maria", "maria", "Maria\u200b"),
 * a short tag from their user id, as in `Maria · 4f2a`. The tag is stable: a person keeps it across rooms and
 * reconnects. Pass everyone who can appear side by side (a room's members, and the authors of the messages on
 * screen).
 *
 * @returns the label per user id.
 * @example
 * ```ts
 * const labels = distinguishNames([{ id: 'u1', name: 'Maria' }, { id: 'u2', name: 'maria' }, { id: 'u3', name: 'Pete' }])
 * labels.get('u1') // 'Maria · 1c2e' (the tag depends on the id)
 * labels.get('u3') // 'Pete'
 * ```
 */
export function distinguishNames(members: Iterable<Member>): Map<string, string> {
  const byKey = new Map<string, Map<string, Member>>()
  for (const member of members) {
    const key = nameKey(member.name) || member.name
    let group = byKey.get(key)
    if (group === undefined) {
      group = new Map()
      byKey.set(key, group)
    }
    group.set(member.id, member)
  }
  const labels = new Map<string, string>()
  for (const group of byKey.values()) {
    const people = [...group.values()]
    if (people.length === 1) {
      const [only] = people
      if (only !== undefined) labels.set(only.id, only.name)
      continue
    }
    const short = new Set(people.map((member) => userTag(member.id)))
    const length = short.size === people.length ? 4 : 8
    for (const member of people) labels.set(member.id, `${member.name} · ${userTag(member.id, length)}`)
  }
  return labels
}
