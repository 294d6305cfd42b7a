/**
 * The features this version of the protocol knows, by name. A server lists the ones it offers in
 * `welcome.features`; a client uses a feature's commands (and expects its events) only when the server listed it.
 * Later versions within protocol v1 add names (`accounts`, `uploads`, `dm`, …): a client ignores names it does not
 * know, and an absent list (an older server) means none is known.
 *
 * @example
 * ```ts
 * import { FEATURES } from '@lanchat/protocol'
 * if (welcome.features?.includes(FEATURES.roomCreate)) showCreateRoomButton()
 * ```
 */
export const FEATURES = {
  /** `history.get` pages a room's stored messages backwards. */
  history: 'history',
  /** `typing.start` / `typing.stop` are relayed to the room as `typing.changed`. */
  typing: 'typing',
  /**
   * A member whose connection dropped stays in the room as `away` for a grace period (`presence.changed`, and
   * `status: 'away'` in member lists) before `member.left`. Without it a drop is a `member.left` at once.
   */
  presenceAway: 'presence.away',
  /** `profile.update` renames the user everywhere (`member.updated` to their rooms). */
  profile: 'profile',
  /** `room.create` makes a code room. Absent when the server lets nobody create rooms. */
  roomCreate: 'rooms.create',
  /** `hello.session` keeps the user across reconnects and `hello.resume` replays what a room's member missed. */
  resume: 'resume',
  /**
   * lanchat's accounts API is under `<prefix>/auth` (claim a name with a password, sign in, devices, recovery), and
   * the socket takes a signed-in session by cookie or `Authorization: Bearer`. Members who signed in carry
   * `account: true`.
   */
  accounts: 'accounts',
  /**
   * Public and private rooms with owners and moderators: `room.create` takes `access` and `code`, `room.join` takes
   * `invite`, and `room.update`, `member.update`, `room.delete` and `invite.*` manage rooms. Changes reach members as
   * `system` messages with an `event`; `room.added` and `room.removed` tell a user they are in or out of a room.
   */
  roomsManage: 'rooms.manage',
  /** `rooms.list` lists the public rooms. */
  roomsDirectory: 'rooms.directory',
  /** `dm.open` opens a direct conversation with one or a few people. */
  dm: 'dm',
  /** `notify.set` sets a room's notification level, kept per user across devices (`room.joined.notify`). */
  notify: 'notify',
} as const

/** A feature name this version of the protocol knows: one of {@link FEATURES}. */
export type KnownFeature = (typeof FEATURES)[keyof typeof FEATURES]
