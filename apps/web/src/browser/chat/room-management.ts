import type {
  DirectoryRoom,
  Invite,
  LanchatClient,
  MemberAction,
  RoomAccess,
  RoomUpdated,
} from '@lanchat/client'

/** What a room's settings may change. */
export interface RoomChanges {
  name?: string
  topic?: string
  access?: RoomAccess
  kept?: true
}

/** Who a member action is for: a member by id, or anyone by name (an account's, or someone connected now). */
export type MemberTarget = { user: string } | { name: string }

/**
 * The room management commands the settings and directory dialogs use (feature `rooms.manage` and
 * `rooms.directory`). Each rejects with the SDK's error (say `FORBIDDEN` for a role that does not allow it), for the
 * dialog to show in words (`errorText`). Changes reach every member, this person included, as room events: the
 * rooms' views update from those, not from here.
 */
export class RoomManagement {
  readonly #client: () => LanchatClient | undefined

  constructor(client: () => LanchatClient | undefined) {
    this.#client = client
  }

  update(room: string, changes: RoomChanges): Promise<RoomUpdated> {
    return this.#connected().updateRoom(room, changes)
  }

  member(room: string, action: MemberAction, target: MemberTarget): Promise<RoomUpdated> {
    return this.#connected().manageMember(room, action, target)
  }

  createInvite(room: string, options: { expiresInMs?: number; maxUses?: number }): Promise<Invite> {
    return this.#connected().createInvite(room, options)
  }

  listInvites(room: string): Promise<Invite[]> {
    return this.#connected().listInvites(room)
  }

  revokeInvite(room: string, invite: string): Promise<Invite[]> {
    return this.#connected().revokeInvite(room, invite)
  }

  /** The public rooms, busiest first; `query` filters by name, code or topic. */
  directory(query?: string): Promise<DirectoryRoom[]> {
    return this.#connected().listRooms(query === undefined || query.trim() === '' ? undefined : query.trim())
  }

  #connected(): LanchatClient {
    const client = this.#client()
    if (client === undefined) throw new Error('Not connected to the chat server.')
    return client
  }
}
