import { onTestFinished, vi } from 'vitest'
import type { ChatMessage, Member, RoomInfo, RoomJoined, Welcome } from '@lanchat/protocol'
import {
  LanchatClient,
  type LanchatClientEvents,
  type LanchatClientOptions,
  type WebSocketConstructor,
  type WebSocketLike,
} from '../src/index.js'
import { roomJoined, welcome as welcomeFrame } from './frames.js'
import type { PeerConnection, ScriptedPeer } from './peer.js'

/** Reconnects within a few ms, so tests that cut connections stay quick. */
export const fastReconnect = { initialDelayMs: 5, maxDelayMs: 20 }

/** A client of `peer`, closed when the test ends. */
export function createClient(peer: ScriptedPeer, options: Partial<LanchatClientOptions> = {}): LanchatClient {
  const client = new LanchatClient({ url: peer.url, name: 'Maria', reconnect: fastReconnect, ...options })
  onTestFinished(() => client.close())
  return client
}

/** Answers the next `hello` on `connection` with a `welcome` (plus overrides); returns the hello. */
export async function handshake(connection: PeerConnection, overrides: Partial<Omit<Welcome, 'type' | 'ref'>> = {}) {
  const hello = await connection.take('hello')
  connection.send(welcomeFrame(hello.id, overrides))
  return hello
}

/** A connected client, with the peer's side of its connection number `index`. */
export async function connectClient(
  peer: ScriptedPeer,
  options: Partial<LanchatClientOptions> = {},
  overrides: Partial<Omit<Welcome, 'type' | 'ref'>> = {},
): Promise<{ client: LanchatClient; connection: PeerConnection; welcome: Welcome }> {
  const client = createClient(peer, options)
  const connected = client.connect()
  const connection = await peer.connection(peer.connections.length)
  await handshake(connection, overrides)
  return { client, connection, welcome: await connected }
}

/** Resolves with the next `name` event that matches, or rejects after `timeoutMs`. */
export function nextEvent<Name extends keyof LanchatClientEvents>(
  client: LanchatClient,
  name: Name,
  matches: (payload: LanchatClientEvents[Name]) => boolean = () => true,
  timeoutMs = 3_000,
): Promise<LanchatClientEvents[Name]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`no matching "${String(name)}" event within ${timeoutMs} ms`))
    }, timeoutMs)
    const off = client.on(name, (payload) => {
      if (!matches(payload)) return
      clearTimeout(timer)
      off()
      resolve(payload)
    })
  })
}

/** Collects every payload of `name`. */
export function record<Name extends keyof LanchatClientEvents>(
  client: LanchatClient,
  name: Name,
): Array<LanchatClientEvents[Name]> {
  const payloads: Array<LanchatClientEvents[Name]> = []
  client.on(name, (payload) => payloads.push(payload))
  return payloads
}

/** Waits until `condition` holds, checking every 5 ms; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what = 'condition', timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * Watches the timers the client's own code (`packages/client/src`) starts, from now until the
 * test ends, so a test can prove the client leaves none running. It wraps the global
 * `setTimeout`/`clearTimeout` (still calling the real ones); it does not touch the client.
 */
export function trackClientTimers(): { running(): number } {
  const realSetTimeout = globalThis.setTimeout
  const realClearTimeout = globalThis.clearTimeout
  const running = new Set<unknown>()
  const fromClient = /packages[\\/]client[\\/]src[\\/]/
  const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    callback: (...args: unknown[]) => void,
    delay?: number,
    ...args: unknown[]
  ) => {
    const handle = realSetTimeout(() => {
      running.delete(handle)
      callback(...args)
    }, delay)
    if (fromClient.test(new Error().stack ?? '')) running.add(handle)
    return handle
  }) as typeof setTimeout)
  const clearTimeoutSpy = vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    running.delete(handle)
    realClearTimeout(handle)
  })
  onTestFinished(() => {
    setTimeoutSpy.mockRestore()
    clearTimeoutSpy.mockRestore()
  })
  return { running: () => running.size }
}

/** Joins `room` through the peer, which answers with these messages and members. */
export async function joinRoom(
  client: LanchatClient,
  connection: PeerConnection,
  room: RoomInfo,
  messages: ChatMessage[] = [],
  members?: Member[],
): Promise<RoomJoined> {
  const joining = client.join(room.id)
  const frame = await connection.take('room.join', (join) => join.room === room.id)
  connection.send(roomJoined(frame.id, room, messages, members))
  return joining
}

/**
 * A ping round trip. Frames on one socket arrive in order, so once the pong is in, the client has
 * handled every frame the peer sent before it: a stray duplicate had its chance to show up.
 */
export async function sync(client: LanchatClient, connection: PeerConnection): Promise<void> {
  const pinged = client.request('ping', {})
  const ping = await connection.take('ping')
  connection.send({ type: 'pong', ref: ping.id, ts: Date.now() })
  await pinged
}

/** The seqs of every `message.created` the app sees (in one room, if given), in order. */
export function timeline(client: LanchatClient, room?: string): ChatMessage[] {
  const messages: ChatMessage[] = []
  client.on('message.created', ({ message }) => {
    if (room === undefined || message.room === room) messages.push(message)
  })
  return messages
}

/**
 * A WebSocket class (the runtime's own, else `ws`) that records every frame the client hands
 * it, at the moment it does: proof of what was sent when, without waiting on the network.
 */
export async function recordingWebSocket(): Promise<{ WebSocket: WebSocketConstructor; sent: string[] }> {
  const Base = ((globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ??
    (await import('ws')).WebSocket) as new (url: string) => WebSocketLike
  const sent: string[] = []
  class RecordingWebSocket extends Base {
    override send(data: string): void {
      sent.push(data)
      super.send(data)
    }
  }
  return { WebSocket: RecordingWebSocket, sent }
}
