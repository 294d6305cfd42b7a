import type { Member } from '@lanchat/client'

/** A mention being typed: where its `@` is, and the text typed after it. */
export interface MentionQuery {
  start: number
  query: string
}

/**
 * The mention being typed at `caret`, if any: an `@` at the start or after a space, with at most 32 characters and no
 * line break between it and the caret.
 *
 * @example
 * ```ts
 * mentionQuery('hi @ma', 6) // { start: 3, query: 'ma' }
 * mentionQuery('ana@ex', 6) // undefined
 * ```
 */
export function mentionQuery(text: string, caret: number): MentionQuery | undefined {
  const before = text.slice(0, caret)
  const at = before.lastIndexOf('@')
  if (at === -1) return undefined
  if (at > 0 && !/\s/u.test(before[at - 1] ?? '')) return undefined
  const query = before.slice(at + 1)
  if (query.length > 32 || /[\n\r]/u.test(query)) return undefined
  return { start: at, query }
}

/**
 * Members whose name starts with `query` (any case), then those who have it elsewhere in their name; the person left
 * out, at most `limit`.
 *
 * @example
 * ```ts
 * mentionCandidates(members, 'ma', me.id) // [Maria, Mateo, Emma]
 * ```
 */
export function mentionCandidates(members: readonly Member[], query: string, selfId: string | undefined, limit = 6): Member[] {
  const wanted = query.toLocaleLowerCase()
  const others = members.filter((member) => member.id !== selfId)
  const seen = new Set<string>()
  const unique = others.filter((member) => (seen.has(member.id) ? false : (seen.add(member.id), true)))
  const starts = unique.filter((member) => member.name.toLocaleLowerCase().startsWith(wanted))
  const contains = unique.filter((member) => !starts.includes(member) && member.name.toLocaleLowerCase().includes(wanted))
  return [...starts, ...contains].slice(0, limit)
}

/**
 * `text` with the mention being typed replaced by `@Name ` and the caret after it.
 *
 * @example
 * ```ts
 * insertMention('hi @ma', { start: 3, query: 'ma' }, 6, 'Maria') // { text: 'hi @Maria ', caret: 10 }
 * ```
 */
export function insertMention(text: string, mention: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `
  const after = text.slice(caret).replace(/^ /u, '')
  return { text: text.slice(0, mention.start) + inserted + after, caret: mention.start + inserted.length }
}
