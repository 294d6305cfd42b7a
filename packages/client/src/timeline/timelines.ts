import type { RoomSnapshot } from '@lanchat/protocol'
import type { LanchatClientEvents } from '../events.js'
import type { OutgoingMessage } from '../outbox.js'
import type { RoomState } from '../room-state.js'
import { RoomTimeline, type RoomTimelineSource, type TimelineOptions } from './room-timeline.js'

/** The part of the client the timelines listen to. */
export interface TimelineFeed {
  on<Name extends keyof LanchatClientEvents>(name: Name, listener: (payload: LanchatClientEvents[Name]) => void): () => void
  readonly rooms: ReadonlyMap<string, RoomState>
  /** Messages sent or queued but not stored yet, in every room. */
  readonly outbox: readonly OutgoingMessage[]
}

/**
 * Keeps one {@link RoomTimeline} per room the client is in, fed from the client's own events: joins and resumes
 * (and rooms added from elsewhere) make or reset a timeline, messages (live, replayed and healed) go in at their seq, unfilled gaps show as gaps,
 * joins, leaves and renames as notices, outbox changes as outgoing entries, and a room the client leaves takes its
 * timeline with it.
 */
export class Timelines {
  readonly #timelines = new Map<string, RoomTimeline>()
  readonly #feed: TimelineFeed

  constructor(feed: TimelineFeed, source: RoomTimelineSource, options: TimelineOptions = {}) {
    this.#feed = feed
    const me = () => source.userId()
    const joined = (snapshot: RoomSnapshot) => {
      const timeline = this.#timelines.get(snapshot.room.id)
      if (timeline === undefined) this.#add(new RoomTimeline(snapshot, source, options))
      else timeline.joined(snapshot)
    }
    feed.on('room.joined', joined)
    // A room this user is in now without having joined it here: a direct conversation, an invite, another device.
    feed.on('room.added', joined)
    feed.on('room.resumed', (resumed) => {
      const timeline = this.#timelines.get(resumed.room.id)
      if (timeline === undefined) this.#add(new RoomTimeline({ ...resumed, messages: [] }, source, options))
      else timeline.resumed(resumed)
    })
    feed.on('message.created', ({ message }) => this.#timelines.get(message.room)?.live(message))
    feed.on('room.gap', (gap) => {
      if (!gap.filled) this.#timelines.get(gap.room)?.gap(gap.after, gap.before)
    })
    feed.on('member.joined', ({ room, member, ts }) => {
      if (member.id !== me()) this.#timelines.get(room)?.notice({ event: 'joined', member, ts })
    })
    feed.on('member.left', ({ room, member, reason, ts }) => {
      this.#timelines.get(room)?.notice({ event: reason === 'disconnected' ? 'disconnected' : 'left', member, ts })
    })
    feed.on('member.updated', ({ room, member, previousName }) => {
      this.#timelines.get(room)?.notice({ event: 'renamed', member, previousName, ts: Date.now() })
    })
    feed.on('outbox', (outgoing) => this.#timelines.get(outgoing.room)?.outgoing(outgoing))
    feed.on('room.updated', (room) => this.#roomUpdated(room))
  }

  /** The timeline of a room the client is in. */
  get(room: string): RoomTimeline | undefined {
    return this.#timelines.get(room)
  }

  /** A new timeline starts with what the app already queued for its room (sent before the join finished, or restored). */
  #add(timeline: RoomTimeline): void {
    this.#timelines.set(timeline.id, timeline)
    for (const outgoing of this.#feed.outbox) if (outgoing.room === timeline.id) timeline.outgoing(outgoing)
  }

  #roomUpdated(room: string): void {
    const state = this.#feed.rooms.get(room)
    const timeline = this.#timelines.get(room)
    if (timeline === undefined) return
    if (state === undefined) {
      timeline.dispose()
      this.#timelines.delete(room)
      return
    }
    timeline.roomState(state)
  }
}
