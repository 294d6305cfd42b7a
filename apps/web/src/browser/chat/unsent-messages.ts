import { ClientErrorCodes, isClientMsgId, LIMITS, type OutgoingMessage } from '@lanchat/client'
import { load, save } from '../storage.js'

/**
 * A message that was on its way when the page went away (reload, closed tab, crash). Kept in
 * localStorage with its `clientMsgId`, so sending it again on the next visit stores it once even
 * if the server had it already. Every tab of this browser shares the list: they are one user, and
 * the server drops the copy that arrives second.
 */
export interface UnsentMessage {
  readonly clientMsgId: string
  readonly room: string
  readonly text: string
}

const KEY = 'unsent'
/** Bounds what a page keeps; beyond it the oldest are dropped. */
const MAX_KEPT = 200

/** The messages to send again, oldest first. Anything malformed in storage is ignored. */
export function loadUnsent(): UnsentMessage[] {
  return load(KEY, isUnsentList) ?? []
}

/**
 * Keeps or forgets one outgoing message after it changed: kept while it is on its way (or failed
 * only because the connection closed for good), forgotten once stored, refused or discarded.
 *
 * @example
 * ```ts
 * client.on('outbox', (outgoing) => recordUnsent(outgoing))
 * ```
 */
export function recordUnsent(outgoing: OutgoingMessage): void {
  const waiting = outgoing.state === 'pending' || outgoing.error?.code === ClientErrorCodes.CONNECTION_CLOSED
  if (waiting) rememberUnsent({ clientMsgId: outgoing.clientMsgId, room: outgoing.room, text: outgoing.text })
  else forgetUnsent(outgoing.clientMsgId)
}

export function forgetUnsent(clientMsgId: string): void {
  const unsent = loadUnsent()
  const kept = unsent.filter((message) => message.clientMsgId !== clientMsgId)
  if (kept.length !== unsent.length) save(KEY, kept.length === 0 ? undefined : kept)
}

function rememberUnsent(message: UnsentMessage): void {
  const unsent = loadUnsent()
  if (unsent.some((known) => known.clientMsgId === message.clientMsgId)) return
  save(KEY, [...unsent, message].slice(-MAX_KEPT))
}

function isUnsentList(value: unknown): value is UnsentMessage[] {
  return Array.isArray(value) && value.every(isUnsent)
}

function isUnsent(value: unknown): value is UnsentMessage {
  if (typeof value !== 'object' || value === null) return false
  const { clientMsgId, room, text } = value as Record<string, unknown>
  return (
    typeof clientMsgId === 'string' &&
    isClientMsgId(clientMsgId) &&
    typeof room === 'string' &&
    room.length <= LIMITS.maxRoomIdLength &&
    typeof text === 'string' &&
    text.length <= LIMITS.maxTextLength
  )
}
