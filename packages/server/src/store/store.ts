import type { ChatMessage, Member, MessageKind, NotifyLevel, RoomAccess, RoomChange, RoomKind } from '@lanchat/protocol'

// ---- Records ----

/**
 * How long a room and its log are kept. `forever`: until the host deletes it (the lobby, named rooms).
 * `until-empty`: deleted with its log once its last member has left for good (code rooms).
 */
export type RoomRetention = 'forever' | 'until-empty'

/** A ban from a room: the user, and for a guest the address they were banned from (a new guest name is not a way back). */
export interface StoredBan {
  readonly userId: string
  /** The network address of a guest's connection when they were banned; undefined for accounts. */
  readonly address: string | undefined
  /** Who banned them. */
  readonly by: string
  readonly at: number
}

/** An invite link to a private room, kept by the sha256 of its secret. */
export interface StoredInvite {
  readonly id: string
  readonly tokenHash: string
  readonly createdBy: Member
  readonly createdAt: number
  readonly expiresAt: number
  readonly maxUses: number | undefined
  readonly uses: number
}

/**
 * What a room is besides its identity: who may enter and who runs it. Kept as one document per room (a JSON column
 * in the SQL stores), written whole by {@link RoomStore.update}; every list in it is bounded by the protocol's limits.
 */
export interface RoomSettings {
  /** Absent: anyone who knows the id may join (the lobby, code rooms). */
  readonly access?: RoomAccess
  readonly topic?: string
  /** The owner's user id; absent for rooms of the server or the host. */
  readonly owner?: string
  readonly moderators?: readonly string[]
  readonly muted?: readonly string[]
  readonly bans?: readonly StoredBan[]
  readonly invites?: readonly StoredInvite[]
  /** For a direct conversation: the user ids of everyone in it, sorted. */
  readonly direct?: readonly string[]
  /** A code room its owner kept (its retention is then `forever`). */
  readonly kept?: boolean
}

/** What {@link RoomStore.update} may change of a room. */
export interface RoomChanges {
  readonly name?: string
  readonly retention?: RoomRetention
  /** The whole new settings document. */
  readonly settings?: RoomSettings
}

/** A room as the store keeps it. */
export interface StoredRoom {
  readonly id: string
  readonly name: string
  readonly kind: RoomKind
  /**
   * Random, made when the room is made and kept with it. It changes only when the room's log is really lost (the
   * room was deleted and made again), so a client's `(epoch, lastSeq)` stays valid across restarts.
   */
  readonly epoch: string
  readonly retention: RoomRetention
  /** The user who made the room; undefined for rooms the server or the host made. */
  readonly createdBy: string | undefined
  /** Server time, in ms. */
  readonly createdAt: number
  /** The seq of the newest event in the room's log, 0 for none. */
  readonly lastSeq: number
  /** Access, topic, roles, bans, invites; `{}` for a room made before rooms had settings. */
  readonly settings: RoomSettings
}

/** What {@link RoomStore.create} needs: a room without its log position (settings default to `{}`). */
export type NewRoom = Omit<StoredRoom, 'lastSeq' | 'settings'> & { readonly settings?: RoomSettings }

/** A person as the store keeps them: a guest, or the user behind an account ({@link StoredAccount}). */
export interface StoredUser {
  readonly id: string
  readonly name: string
  readonly createdAt: number
}

/** A session: the sha256 of its secret maps to a user. The secret itself is never stored. */
export interface StoredSession {
  readonly tokenHash: string
  readonly userId: string
  readonly createdAt: number
  /** When the session is forgotten unless its user connects again. */
  readonly expiresAt: number
}

/**
 * An account: a user who claimed their name with a password. The user record stays the user's; the account adds
 * what signing in needs. At most one account per user and per {@link StoredAccount.nameKey}.
 */
export interface StoredAccount {
  readonly userId: string
  /** The name as its owner spelled it. */
  readonly name: string
  /** The name folded for comparison (case, Unicode compatibility, look-alike letters): unique among accounts. */
  readonly nameKey: string
  /** The password hash in PHC string format (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`): the parameters go with it. */
  readonly passwordHash: string
  readonly admin: boolean
  /** A disabled account cannot sign in, and its sessions are gone. */
  readonly disabled: boolean
  readonly createdAt: number
}

/** What may change of an account. */
export type AccountChanges = Partial<Pick<StoredAccount, 'name' | 'nameKey' | 'passwordHash' | 'admin' | 'disabled'>>

/**
 * What a credential is for: `session`, a signed-in device (cookie or bearer token); `link`, a one-time link that
 * signs another device in; `reset`, a one-time password reset link an admin issued; `setup`, the one-time link that
 * makes the first admin; `recovery`, a one-time recovery code.
 */
export type CredentialKind = 'session' | 'link' | 'reset' | 'setup' | 'recovery'

/** A secret that stands for a user (or, for `setup`, for no one yet), kept by the sha256 of the secret. */
export interface StoredCredential {
  readonly tokenHash: string
  readonly kind: CredentialKind
  readonly userId: string | undefined
  /** For sessions: what signed in ("Firefox on Linux", "lanchat CLI"). */
  readonly label: string | undefined
  readonly createdAt: number
  /** When it stops working; undefined for never (recovery codes). */
  readonly expiresAt: number | undefined
  /** For sessions: when it was last used to connect. */
  readonly lastUsedAt: number
}

/** A message as the chat core hands it to the log: everything but the `id` and `seq` the store assigns. */
export interface MessageDraft {
  room: string
  kind: MessageKind
  from: Member
  text: string
  /** Server time, in ms. */
  ts: number
  /** The sender's idempotency key: the log keeps one message per `(room, from.id, clientMsgId)`. */
  clientMsgId: string
  /** For a `system` message that records a change to the room: what changed. Stored and returned with the message. */
  event?: RoomChange
}

/**
 * One entry of a room's log. Each room has one `seq` for everything that changes what its members see; messages
 * are the first kind, and edits, deletions and reactions join this union as further kinds of the same sequence.
 */
export type RoomEvent = MessageCreatedEvent

/** A message was posted. */
export interface MessageCreatedEvent {
  readonly type: 'message.created'
  readonly room: string
  readonly seq: number
  readonly ts: number
  readonly message: ChatMessage
}

/** What the chat core appends to a room's log. */
export type RoomEventDraft = { type: 'message.created'; message: MessageDraft }

/** What {@link RoomLogStore.append} resolves with. */
export interface AppendResult {
  /** The stored event: the new one, or the one stored earlier under the same idempotency key. */
  event: RoomEvent
  /** True when the key was already stored: nothing new was stored, and the stored event may differ from the draft. */
  duplicate: boolean
}

/** A page of a room's log, oldest first. */
export interface EventPage {
  events: RoomEvent[]
  /**
   * Whether more events exist beyond this page in the direction of reading: older ones for
   * {@link RoomLogStore.latest} and {@link RoomLogStore.before}, newer ones for {@link RoomLogStore.after}.
   */
  hasMore: boolean
}

// ---- Parts ----

/** Rooms and their epochs. */
export interface RoomStore {
  /** Stores a new room with `lastSeq` 0; undefined when the id is taken. */
  create(room: NewRoom): Promise<StoredRoom | undefined>
  get(id: string): Promise<StoredRoom | undefined>
  /** Every room, oldest first. */
  list(): Promise<StoredRoom[]>
  /** Renames a room; false when there is no such room. */
  rename(id: string, name: string): Promise<boolean>
  /** Changes a room's name, retention or settings in one write; resolves with the room as stored, undefined when there is none. */
  update(id: string, changes: RoomChanges): Promise<StoredRoom | undefined>
  /**
   * Gives a room a new epoch; false when there is no such room. For when its history after some point was lost
   * (a backup was restored), so clients that saw the lost part resync instead of trusting their `lastSeq`.
   */
  setEpoch(id: string, epoch: string): Promise<boolean>
  /** Deletes a room with its log, its idempotency keys and its memberships, in one step. */
  delete(id: string): Promise<void>
}

/**
 * The rooms' logs. The chat core calls `append` for one room in the order the room's messages were accepted, and
 * may call the next before the previous one resolved (so a store that commits in groups can store several of a
 * room's messages in one commit): an implementation must give one room's appends their seqs in call order, and
 * resolve them in that order. Appends of different rooms are independent. An implementation that serves several
 * nodes must still assign seq atomically.
 */
export interface RoomLogStore {
  /**
   * Appends an event with the room's next `seq` (1, 2, 3, …), assigned in the same transaction as the insert, and
   * resolves once it is durable: the sender's ack waits for it. Idempotent on `(room, from.id, clientMsgId)` for
   * messages: a repeat resolves with the stored event and `duplicate: true`. Rejects when the room does not
   * exist or the store fails; then nothing was stored.
   */
  append(draft: RoomEventDraft): Promise<AppendResult>
  /** The newest `limit` events of a room, oldest first. */
  latest(room: string, limit: number): Promise<EventPage>
  /** Up to `limit` events with a seq below `seq`, the newest of them, oldest first. */
  before(room: string, seq: number, limit: number): Promise<EventPage>
  /** Up to `limit` events with a seq above `seq`, the oldest of them, oldest first. */
  after(room: string, seq: number, limit: number): Promise<EventPage>
}

/** People. */
export interface UserStore {
  /** Stores a new user; rejects when the id is taken. */
  create(user: StoredUser): Promise<void>
  get(id: string): Promise<StoredUser | undefined>
  /** Changes a user's display name; false when there is no such user. */
  rename(id: string, name: string): Promise<boolean>
}

/** Sessions by the hash of their secret. */
export interface SessionStore {
  /** Stores a new session; its user must exist. */
  create(session: StoredSession): Promise<void>
  /** The session with this hash that has not expired at `now`. */
  get(tokenHash: string, now: number): Promise<StoredSession | undefined>
  /** Moves the expiry of these sessions to `expiresAt` (sessions with live connections, in one write). */
  extend(tokenHashes: readonly string[], expiresAt: number): Promise<void>
  /** Forgets one session. */
  delete(tokenHash: string): Promise<void>
  /** Forgets every session expired at `now`; resolves with how many. */
  deleteExpired(now: number): Promise<number>
}

/** Accounts, by user id and by folded name. */
export interface AccountStore {
  /** Stores a new account; false when the user has one already or another account has the same `nameKey`. */
  create(account: StoredAccount): Promise<boolean>
  get(userId: string): Promise<StoredAccount | undefined>
  byNameKey(nameKey: string): Promise<StoredAccount | undefined>
  /** Changes an account; undefined when there is none, false when a new `nameKey` is taken. */
  update(userId: string, changes: AccountChanges): Promise<StoredAccount | false | undefined>
  /** Deletes an account (the user stays, a guest again) with all its credentials. False when there was none. */
  delete(userId: string): Promise<boolean>
  /** Every account, oldest first. */
  list(): Promise<StoredAccount[]>
}

/** Sessions of accounts and one-time secrets, by the hash of the secret. */
export interface CredentialStore {
  create(credential: StoredCredential): Promise<void>
  /** The credential with this hash that has not expired at `now`. */
  get(tokenHash: string, now: number): Promise<StoredCredential | undefined>
  /**
   * Uses up a one-time credential: deletes it and resolves with it, only if it is of `kind` and has not expired.
   * Of two concurrent takes of one secret, exactly one gets it.
   */
  take(tokenHash: string, kind: CredentialKind, now: number): Promise<StoredCredential | undefined>
  /** Records a use of a session: when, and its new expiry. */
  touch(tokenHash: string, lastUsedAt: number, expiresAt: number): Promise<void>
  /** A user's credentials of a kind, oldest first. */
  listForUser(userId: string, kind: CredentialKind): Promise<StoredCredential[]>
  /** Forgets one credential. */
  delete(tokenHash: string): Promise<void>
  /** Forgets a user's credentials of a kind, but `exceptTokenHash`; resolves with the hashes forgotten. */
  deleteForUser(userId: string, kind: CredentialKind, exceptTokenHash?: string): Promise<string[]>
  /** Forgets every credential expired at `now`; resolves with how many. */
  deleteExpired(now: number): Promise<number>
}

/**
 * Room membership: who belongs to a room, connected or not. It is not presence: a member of a room may have no
 * connection at all, and presence is never stored.
 */
export interface MembershipStore {
  /** Makes the user a member (a no-op when they are one already). */
  add(room: string, userId: string, since: number): Promise<void>
  /** Ends the membership (a no-op when there is none). */
  remove(room: string, userId: string): Promise<void>
  /** The user ids of a room's members, in the order they became members. */
  list(room: string): Promise<string[]>
  /** The ids of the rooms a user belongs to. */
  roomsOf(userId: string): Promise<string[]>
  /** Sets when the room notifies the member (undefined: back to the default); false when they are not a member. */
  setNotify(room: string, userId: string, level: NotifyLevel | undefined): Promise<boolean>
  /** The notification levels a user set, by room id (rooms left at the default are absent). */
  notifyLevels(userId: string): Promise<Map<string, NotifyLevel>>
}

/**
 * Everything a lanchat server must remember: rooms with their epochs, the rooms' logs, users, sessions, room
 * membership and the messages' idempotency keys. Every method is asynchronous, so an implementation may sit on a
 * network database; a write resolves only once it is durable.
 *
 * lanchat ships two: {@link MemoryStore} (tests, throwaway servers) and the SQLite store from
 * {@link openSqliteStore} (the demo's default). A store the host passes to the plugin stays the host's to close.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import lanchat, { openSqliteStore } from '@lanchat/server'
 *
 * const store = await openSqliteStore({ path: './chat.db' })
 * const app = Fastify()
 * await app.register(lanchat, { store })
 * app.addHook('onClose', () => store.close())
 * ```
 */
export interface LanchatStore {
  readonly rooms: RoomStore
  readonly log: RoomLogStore
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly memberships: MembershipStore
  readonly accounts: AccountStore
  readonly credentials: CredentialStore
  /** Releases what the store holds. Calls after it reject. */
  close(): Promise<void>
}

/** Thrown by a store for an append to a room it does not have. */
export class StoreRoomNotFoundError extends Error {
  override readonly name = 'StoreRoomNotFoundError'
  constructor(readonly room: string) {
    super(`no room "${room}" in the store`)
  }
}

/** The messages of a page of events (messages are the only kind of event so far). */
export function messagesOf(events: readonly RoomEvent[]): ChatMessage[] {
  const messages: ChatMessage[] = []
  for (const event of events) if (event.type === 'message.created') messages.push(event.message)
  return messages
}
