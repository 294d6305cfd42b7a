import type { LanchatClientEvents } from '@lanchat/client'

// The wire types the CLI needs, taken from the SDK's event map so that they can never drift from what the
// client delivers. (@lanchat/protocol is not a dependency of the CLI; the SDK is its one door to the server.)

/** A stored chat message. */
export type ChatMessage = LanchatClientEvents['message.created']['message']
/** A person in a room. */
export type Member = LanchatClientEvents['member.joined']['member']
/** A person in a room's member list: `status: 'away'` while their connection is down. */
export type RoomMember = LanchatClientEvents['room.joined']['members'][number]
/** The reply to a join or create: the room, its members and newest messages. */
export type RoomJoined = LanchatClientEvents['room.joined']
/** What a member knows about a room. */
export type RoomInfo = RoomJoined['room']
/** One room of a resume after a reconnect. */
export type ResumedRoom = LanchatClientEvents['room.resumed']
