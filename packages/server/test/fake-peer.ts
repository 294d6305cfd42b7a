import { decodeServerMessage, type ClientMessage, type ServerMessage, type ServerMessageOf } from '@lanchat/protocol'
import type { ChatConnection } from '../src/chat/chat-connection.js'
import type { ChatCore } from '../src/chat/chat-core.js'
import type { ChatPeer } from '../src/chat/peer.js'
import type { Principal } from '../src/chat/principal.js'

let peerCount = 0

/**
 * An in-memory connection for chat core tests: it implements the core's peer seam, decodes every frame it gets
 * with the protocol's server decoder (so each one is checked against the wire schema), and reports its close to
 * the core like the transport does.
 */
export class FakePeer implements ChatPeer {
  readonly id = `c-test-${++peerCount}`
  readonly frames: ServerMessage[] = []
  /** The raw strings, as the core handed them over. */
  readonly sent: string[] = []
  closed: { code: number; reason: string } | undefined
  readonly connection: ChatConnection
  readonly #core: ChatCore

  constructor(core: ChatCore, options: { principal?: Principal; address?: string } = {}) {
    this.#core = core
    this.connection = core.connect(this, options)
  }

  send(data: string): void {
    if (this.closed !== undefined) return
    this.sent.push(data)
    this.frames.push(decodeServerMessage(data))
  }

  close(code: number, reason: string): void {
    if (this.closed !== undefined) return
    this.closed = { code, reason }
    queueMicrotask(() => this.#core.disconnect(this.connection, 'disconnected'))
  }

  /** Hands a frame to the core and resolves once the core has handled it. */
  receive(frame: ClientMessage): Promise<void> {
    return this.#core.receive(this.connection, frame)
  }

  /** Sends a command and returns its reply (or error). */
  async command(frame: ClientMessage & { id: string }): Promise<ServerMessage> {
    await this.receive(frame)
    const reply = this.reply(frame.id)
    if (reply === undefined) throw new Error(`no reply to ${frame.type} ${frame.id}`)
    return reply
  }

  reply(ref: string): ServerMessage | undefined {
    return this.frames.find((frame) => 'ref' in frame && frame.ref === ref)
  }

  ofType<Type extends ServerMessage['type']>(type: Type): Array<ServerMessageOf<Type>> {
    return this.frames.filter((frame): frame is ServerMessageOf<Type> => frame.type === type)
  }

  /** The connection ends cleanly, as after a close frame with 1000. */
  leave(): void {
    this.closed = { code: 1000, reason: '' }
    this.#core.disconnect(this.connection, 'left')
  }

  /** The connection drops, as when the network goes away. */
  drop(): void {
    this.closed = { code: 1006, reason: '' }
    this.#core.disconnect(this.connection, 'disconnected')
  }
}

let commandCount = 0

/** A fresh request id. */
export function nextId(): string {
  return `r${++commandCount}`
}

/** A peer that said hello (optionally with a session) and got its welcome. */
export async function greet(
  core: ChatCore,
  name: string,
  extra: {
    session?: string
    resume?: Array<{ room: string; epoch: string; lastSeq: number }>
    principal?: Principal
    address?: string
  } = {},
) {
  const { principal, address, ...hello } = extra
  const peer = new FakePeer(core, { ...(principal === undefined ? {} : { principal }), ...(address === undefined ? {} : { address }) })
  const welcome = await peer.command({ type: 'hello', id: nextId(), protocol: 1, name, ...hello })
  if (welcome.type !== 'welcome') throw new Error(`hello failed: ${JSON.stringify(welcome)}`)
  return { peer, welcome }
}
