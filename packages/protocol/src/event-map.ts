import type { ClientMessage } from './messages/client-messages.js'
import type { ServerMessage } from './messages/server-messages.js'

/** Listener signature per server frame `type`, derived from the {@link ServerMessage} union. */
export type ServerEventMap = { [M in ServerMessage as M['type']]: (message: M) => void }

/** The server frame of a given `type`. */
export type ServerMessageOf<Type extends ServerMessage['type']> = Extract<ServerMessage, { type: Type }>

/** Client frames that carry an `id` and get exactly one reply. */
export type ClientCommand = Extract<ClientMessage, { id: string }>
/** The `type` of a client command. */
export type ClientCommandType = ClientCommand['type']
/** Client frames with no `id` and no reply. */
export type ClientNotification = Exclude<ClientMessage, { id: string }>

/** What a command carries besides `type` and `id`. */
export type CommandBody<Type extends ClientCommandType> = Omit<Extract<ClientCommand, { type: Type }>, 'type' | 'id'>

/**
 * The reply `type` of each command. A command gets this reply or an `error`, exactly once.
 */
export const REPLY_TYPES = {
  hello: 'welcome',
  'room.create': 'room.joined',
  'room.join': 'room.joined',
  'room.leave': 'room.left',
  'message.send': 'message.ack',
  'history.get': 'history.result',
  'profile.update': 'profile.updated',
  ping: 'pong',
  'dm.open': 'room.joined',
  'room.update': 'room.updated',
  'member.update': 'room.updated',
  'room.delete': 'room.left',
  'invite.create': 'invite.created',
  'invite.list': 'invite.listed',
  'invite.revoke': 'invite.listed',
  'rooms.list': 'rooms.listed',
  'notify.set': 'room.updated',
} as const satisfies Record<ClientCommandType, ServerMessage['type']>

/** The reply frame of a command type. */
export type CommandReply<Type extends ClientCommandType> = ServerMessageOf<(typeof REPLY_TYPES)[Type]>
