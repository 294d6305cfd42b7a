import { distinguishNames, type ChatMessage, type Member, type OutgoingMessage, type RoomTimelineSnapshot } from '@lanchat/client'
import { sanitizeLine } from '../render/sanitize.js'
import { describeError } from './describe-error.js'
import { mentionsName } from './mentions.js'
import { personLabel } from './person-label.js'

/**
 * How an information line looks: plain, someone arriving or going, something that went wrong, or a change to the room
 * (renamed, a new topic, someone removed or made a moderator), shown dim.
 */
export type NoticeTone = 'info' | 'join' | 'leave' | 'error' | 'event'

/** A stored message, with its author as shown. */
export interface DisplayMessage {
  kind: 'message'
  key: string
  message: ChatMessage
  own: boolean
  /** The author as shown: tagged (`Maria · 4f2a`) when a look-alike name is around, `✓` for an account. */
  author: string
  /** Your name when someone else's message mentions you (`@Name`), for highlighting; `undefined` otherwise. */
  mention: string | undefined
}

/** One of your messages that is not stored yet: on its way, or `failed` (why, in words). */
export interface DisplayPending {
  kind: 'pending'
  key: string
  clientMsgId: string
  text: string
  ts: number
  failed: string | undefined
}

/** A line of words: someone joined or left, a note of the CLI's own. */
export interface DisplayNotice {
  kind: 'notice'
  key: string
  ts: number
  text: string
  tone: NoticeTone
}

/** Messages the room has that are not shown: at most `missing` of them, paged in with PageUp or /more. */
export interface DisplayGap {
  kind: 'gap'
  key: string
  missing: number
  loading: boolean
}

/**
 * One line of a room as the terminal shows it: the SDK's timeline entry with what the CLI adds (the author's label,
 * the words of a notice and its tone, why a send failed). Keys are the SDK entry's key.
 */
export type DisplayEntry = DisplayMessage | DisplayPending | DisplayNotice | DisplayGap

/** What the mapping needs besides the snapshot. */
export interface DisplayContext {
  /** Your user id: notices about yourself are not shown (the CLI says "You are now …" itself). */
  userId: string | undefined
  /** When an outgoing message was first shown (the SDK's outgoing entries carry no time). */
  sentAt(outgoing: OutgoingMessage): number
  /** Your current name: mentions of it (`@Name`) in others' messages are highlighted and counted. */
  userName?: string | undefined
}

function noticeWords(name: string, event: 'joined' | 'left' | 'disconnected' | 'renamed', previousName: string): [string, NoticeTone] {
  switch (event) {
    case 'joined':
      return [`${name} joined`, 'join']
    case 'left':
      return [`${name} left`, 'leave']
    case 'disconnected':
      return [`${name} lost their connection`, 'leave']
    case 'renamed':
      return [`${previousName} is now ${name}`, 'info']
  }
}

/**
 * A room timeline snapshot as display entries, in the SDK's order. Author labels are worked out once over the room's
 * members and every author in the timeline, so two people with look-alike names are told apart everywhere.
 *
 * @example
 * ```ts
 * const entries = displayEntries(client.timeline('lobby').snapshot, { userId: client.user?.id, sentAt: () => Date.now() })
 * ```
 */
export function displayEntries(snapshot: RoomTimelineSnapshot, context: DisplayContext): DisplayEntry[] {
  const people = new Map<string, Member>()
  for (const entry of snapshot.entries) {
    if (entry.kind === 'message' && entry.message.kind === 'user') people.set(entry.message.from.id, entry.message.from)
  }
  // Members last: their current name wins over an older one in the history.
  for (const member of snapshot.members) people.set(member.id, member)
  const labels = distinguishNames(people.values())
  const entries: DisplayEntry[] = []
  for (const entry of snapshot.entries) {
    switch (entry.kind) {
      case 'message': {
        const { message } = entry
        // A change to the room, recorded as a system message: the server's sentence ("Maria set the topic to …").
        if (message.kind === 'system' && message.event !== undefined) {
          entries.push({ kind: 'notice', key: entry.key, ts: message.ts, text: sanitizeLine(message.text), tone: 'event' })
          break
        }
        // Stored messages do not say whether their author has an account; the member list does.
        const author = message.kind === 'user' ? personLabel(people.get(message.from.id) ?? message.from, labels) : message.from.name
        const mention = !entry.own && message.kind === 'user' && mentionsName(message.text, context.userName) ? context.userName : undefined
        entries.push({ kind: 'message', key: entry.key, message, own: entry.own, author, mention })
        break
      }
      case 'outgoing': {
        const { outgoing } = entry
        entries.push({
          kind: 'pending',
          key: entry.key,
          clientMsgId: outgoing.clientMsgId,
          text: outgoing.text,
          ts: context.sentAt(outgoing),
          failed: outgoing.state === 'failed' ? describeError(outgoing.error) : undefined,
        })
        break
      }
      case 'notice': {
        if (entry.member.id === context.userId) break
        const [text, tone] = noticeWords(sanitizeLine(entry.member.name), entry.event, sanitizeLine(entry.previousName ?? ''))
        entries.push({ kind: 'notice', key: entry.key, ts: entry.ts, text, tone })
        break
      }
      case 'note':
        entries.push({ kind: 'notice', key: entry.key, ts: entry.ts, text: entry.text, tone: entry.level })
        break
      case 'gap':
        entries.push({ kind: 'gap', key: entry.key, missing: Math.max(0, entry.before - entry.after - 1), loading: entry.loading })
        break
    }
  }
  return entries
}

/**
 * The words of a gap line. `missing` is an upper bound: some of those seqs may hold no message.
 *
 * @example
 * ```ts
 * gapText({ kind: 'gap', key: 'gap:4', missing: 1234, loading: false }, 'PageUp or /more')
 * // '… 1,234 earlier messages not shown — PageUp or /more to load'
 * ```
 */
export function gapText(gap: DisplayGap, loadWith: string): string {
  const count = `${gap.missing.toLocaleString('en-US')} earlier ${gap.missing === 1 ? 'message' : 'messages'}`
  return gap.loading ? `… loading ${count}…` : `… ${count} not shown — ${loadWith} to load`
}

/**
 * The key under which line mode prints an entry once: messages, notices and gaps by their key, a failed send once
 * per failure. Pending sends are not lines (`undefined`).
 *
 * @example
 * ```ts
 * lineKey({ kind: 'pending', key: 'outgoing:a1', clientMsgId: 'a1', text: 'hi', ts: 0, failed: 'no such room' }) // 'outgoing:a1:failed'
 * ```
 */
export function lineKey(entry: DisplayEntry): string | undefined {
  if (entry.kind !== 'pending') return entry.key
  return entry.failed === undefined ? undefined : `${entry.key}:failed`
}
