import type { ChatMessage, RoomChange } from '@lanchat/protocol'
import type { RoomSettings } from './store.js'

// The JSON documents the stores keep beside their columns: a room's settings, and a message's `body` (so far only
// the `event` of a system message that records a change to its room). Every store goes through JSON, the memory
// store included, so all of them hand back the same shapes: what JSON drops (`undefined` fields) is absent.

/** A deep copy of a JSON-shaped value, frozen all the way down: no caller can change what another reads. */
export function frozenCopy<Value>(value: Value): Value {
  return deepFreeze(JSON.parse(JSON.stringify(value)) as Value)
}

/** A room's settings as stored text. */
export function settingsToJson(settings: RoomSettings | undefined): string {
  return JSON.stringify(settings ?? {})
}

/** A room's settings from stored text or an already parsed document (PostgreSQL's `jsonb`); `{}` for none. */
export function settingsFromJson(stored: string | object | null | undefined): RoomSettings {
  if (stored === null || stored === undefined) return EMPTY_SETTINGS
  const parsed: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return EMPTY_SETTINGS
  return deepFreeze(parsed as RoomSettings)
}

/** What a message keeps in its event row's `body` column: null for a message without one. */
export function messageBody(event: RoomChange | undefined): string | null {
  return event === undefined ? null : JSON.stringify({ event })
}

/** The `event` kept in a message's `body`, or undefined. */
export function eventOfBody(body: string | null | undefined): RoomChange | undefined {
  if (body === null || body === undefined) return undefined
  const parsed = JSON.parse(body) as { event?: RoomChange }
  return parsed.event === undefined ? undefined : deepFreeze(parsed.event)
}

/**
 * A frozen message with its `event` when it has one. Without one the message has no `event` property at all (the
 * protocol's messages are closed objects, and `event: undefined` would not survive a schema check).
 */
export function withEvent(message: Omit<ChatMessage, 'event'>, event: RoomChange | undefined): ChatMessage {
  return Object.freeze(event === undefined ? { ...message } : { ...message, event })
}

const EMPTY_SETTINGS: RoomSettings = Object.freeze({})

function deepFreeze<Value>(value: Value): Value {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
