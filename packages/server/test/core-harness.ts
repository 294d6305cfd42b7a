import { onTestFinished, vi } from 'vitest'
import type { ChatMessage, RoomJoined, ServerMessage } from '@lanchat/protocol'
import { ChatCore, type ChatCoreOptions } from '../src/chat/chat-core.js'
import type { LanchatEventMap } from '../src/chat/chat-events.js'
import { MemoryStore } from '../src/store/memory-store.js'
import { nextId, type FakePeer } from './fake-peer.js'

export async function startCore(overrides: Partial<ChatCoreOptions> = {}): Promise<ChatCore> {
  const core = new ChatCore({
    store: new MemoryStore(),
    lobby: { name: 'Lobby' },
    maxFrameBytes: 65_536,
    handshakeTimeoutMs: 10_000,
    maxBufferedBytes: 1_048_576,
    joinHistory: 50,
    maxResumeMessages: 500,
    typingTimeoutMs: 6_000,
    rateLimit: { messagesPerSecond: 10, burst: 20 },
    emptyRoomGraceMs: 60_000,
    sessionTtlMs: 86_400_000,
    ...overrides,
  })
  await core.start()
  onTestFinished(() => core.close())
  return core
}

/** Fakes only the timers the chat core sets itself, and its clock. */
export function useCoreTimers() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
}

export async function join(peer: FakePeer, room: string): Promise<RoomJoined> {
  const reply = await peer.command({ type: 'room.join', id: nextId(), room })
  if (reply.type !== 'room.joined') throw new Error(`join failed: ${JSON.stringify(reply)}`)
  return reply
}

export async function create(peer: FakePeer, name?: string): Promise<RoomJoined> {
  const reply = await peer.command(
    name === undefined ? { type: 'room.create', id: nextId() } : { type: 'room.create', id: nextId(), name },
  )
  if (reply.type !== 'room.joined') throw new Error(`create failed: ${JSON.stringify(reply)}`)
  return reply
}

export async function say(peer: FakePeer, room: string, text: string, clientMsgId: string = nextId()): Promise<ServerMessage> {
  return peer.command({ type: 'message.send', id: nextId(), room, text, clientMsgId })
}

export function created(peer: FakePeer, room?: string): ChatMessage[] {
  return peer
    .ofType('message.created')
    .map((frame) => frame.message)
    .filter((message) => room === undefined || message.room === room)
}

export function record<Event extends keyof LanchatEventMap>(core: ChatCore, event: Event): Array<LanchatEventMap[Event]> {
  const seen: Array<LanchatEventMap[Event]> = []
  core.on(event, (payload) => seen.push(payload))
  return seen
}

/** Lets queued promise callbacks run (the fake peers report closes in a microtask). */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await Promise.resolve()
}

