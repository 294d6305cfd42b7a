import { createHash, randomBytes } from 'node:crypto'
import { LIMITS, type MemberAction, type RoomRole } from '@lanchat/protocol'
import type { RoomSettings, StoredBan, StoredInvite } from '../store/store.js'

// Who may do what in a room, and the settings each management action leads to. Pure functions over the stored
// settings document, so the rules are read (and tested) in one place.

/** The least role each management action needs. */
const NEEDED_ROLE: Readonly<Record<MemberAction | 'rename' | 'topic' | 'access' | 'keep' | 'delete' | 'invites', RoomRole>> = {
  invite: 'moderator',
  remove: 'moderator',
  ban: 'moderator',
  unban: 'moderator',
  mute: 'moderator',
  unmute: 'moderator',
  rename: 'moderator',
  topic: 'moderator',
  invites: 'moderator',
  moderator: 'owner',
  member: 'owner',
  owner: 'owner',
  access: 'owner',
  keep: 'owner',
  delete: 'owner',
}

/** Something a member may be allowed to do to a room. */
export type RoomAction = keyof typeof NEEDED_ROLE

const RANK: Readonly<Record<RoomRole, number>> = { member: 0, moderator: 1, owner: 2 }

/**
 * A user's role in a room. A server admin counts as the owner of every room but direct conversations (which have
 * no owner: nobody runs them).
 */
export function roleOf(settings: RoomSettings, userId: string, admin: boolean): RoomRole {
  if (settings.direct !== undefined) return 'member'
  if (settings.owner === userId || admin) return 'owner'
  return settings.moderators?.includes(userId) === true ? 'moderator' : 'member'
}

/** The least role an action needs. */
export function neededRole(action: RoomAction): RoomRole {
  return NEEDED_ROLE[action]
}

/** Whether a role allows an action. */
export function allows(role: RoomRole, action: RoomAction): boolean {
  return RANK[role] >= RANK[NEEDED_ROLE[action]]
}

/** Whether a moderator may act on this person: never on the owner, and only the owner on other moderators. */
export function outranks(actor: RoomRole, target: RoomRole): boolean {
  return RANK[actor] > RANK[target] || actor === 'owner'
}

/** Whether a user (or, for a guest, anyone from their address) is banned from the room. */
export function isBanned(settings: RoomSettings, userId: string, guestAddress: string | undefined): boolean {
  for (const ban of settings.bans ?? []) {
    if (ban.userId === userId) return true
    if (guestAddress !== undefined && ban.address === guestAddress) return true
  }
  return false
}

/** Whether a member may post. */
export function isMuted(settings: RoomSettings, userId: string): boolean {
  return settings.muted?.includes(userId) === true
}

/** Most bans one room keeps; the oldest go first. */
export const MAX_BANS = 1_000

/** How long an invite link works unless its maker says otherwise: 7 days. */
export const DEFAULT_INVITE_TTL_MS = 7 * 24 * 3_600_000

/** The settings after an action on a member (roles, mutes, bans); the membership itself is the caller's. */
export function settingsAfter(settings: RoomSettings, action: MemberAction, userId: string, ban?: StoredBan): RoomSettings {
  const without = (list: readonly string[] | undefined) => list?.filter((id) => id !== userId)
  switch (action) {
    case 'moderator':
      return { ...settings, moderators: [...(without(settings.moderators) ?? []), userId].slice(-LIMITS.maxModerators) }
    case 'member':
      return { ...settings, moderators: without(settings.moderators) ?? [] }
    case 'owner':
      // The old owner stays on as a moderator.
      return {
        ...settings,
        owner: userId,
        moderators: [...(without(settings.moderators) ?? []), ...(settings.owner === undefined ? [] : [settings.owner])].filter(
          (id) => id !== userId,
        ),
      }
    case 'mute':
      return { ...settings, muted: [...(without(settings.muted) ?? []), userId].slice(-LIMITS.maxMuted) }
    case 'unmute':
      return { ...settings, muted: without(settings.muted) ?? [] }
    case 'ban':
      return {
        ...settings,
        moderators: without(settings.moderators) ?? [],
        muted: without(settings.muted) ?? [],
        bans: [...(settings.bans ?? []).filter((entry) => entry.userId !== userId), ...(ban === undefined ? [] : [ban])].slice(-MAX_BANS),
      }
    case 'unban':
      return { ...settings, bans: (settings.bans ?? []).filter((entry) => entry.userId !== userId) }
    case 'remove':
      return { ...settings, moderators: without(settings.moderators) ?? [], muted: without(settings.muted) ?? [] }
    case 'invite':
      return settings
  }
}

/** Hashes an invite's secret: only the hash is kept. */
export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** A new invite link: its secret (shown once) and what the room keeps of it. */
export function newInvite(
  createdBy: StoredInvite['createdBy'],
  now: number,
  expiresInMs: number | undefined,
  maxUses: number | undefined,
): { token: string; invite: StoredInvite } {
  const token = randomBytes(18).toString('base64url')
  return {
    token,
    invite: {
      id: randomBytes(6).toString('base64url'),
      tokenHash: hashInviteToken(token),
      createdBy,
      createdAt: now,
      expiresAt: now + (expiresInMs ?? DEFAULT_INVITE_TTL_MS),
      maxUses,
      uses: 0,
    },
  }
}

/** The invites still usable at `now`. */
export function liveInvites(settings: RoomSettings, now: number): StoredInvite[] {
  return (settings.invites ?? []).filter((invite) => invite.expiresAt > now && (invite.maxUses === undefined || invite.uses < invite.maxUses))
}

/** The live invite a secret opens, if any. */
export function inviteFor(settings: RoomSettings, token: string, now: number): StoredInvite | undefined {
  const tokenHash = hashInviteToken(token)
  return liveInvites(settings, now).find((invite) => invite.tokenHash === tokenHash)
}

/** The settings with one use of an invite counted (and dead invites dropped). */
export function withInviteUsed(settings: RoomSettings, inviteId: string, now: number): RoomSettings {
  const invites = liveInvites(settings, now).map((invite) => (invite.id === inviteId ? { ...invite, uses: invite.uses + 1 } : invite))
  return { ...settings, invites }
}

/**
 * The id of the direct conversation of exactly these people: the same set always gives the same room, whoever opens
 * it. Lower-case hex, so it is a valid room id in its canonical form.
 */
export function directRoomId(userIds: readonly string[]): string {
  const sorted = [...new Set(userIds)].sort()
  return `dm-${createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 24)}`
}
