import type { ClientMessage } from '@lanchat/protocol'
import type { CommandBudget } from './command-budget.js'
import type { Membership } from './membership.js'
import type { ChatLogger } from './logger.js'
import type { ChatPeer } from './peer.js'
import type { Principal } from './principal.js'
import type { ChatUser, Session } from './session-registry.js'

/**
 * Where a connection is in its life: waiting for `hello`, preparing the `welcome` (resumed rooms are being read),
 * ready for commands, or gone.
 */
export type ConnectionState = 'greeting' | 'welcoming' | 'ready' | 'gone'

/** Most frames a connection may send between `hello` and its `welcome`; they run once the welcome is out. */
export const MAX_DEFERRED_FRAMES = 32

/** The chat core's state of one connection. Created by `ChatCore.connect`. */
export class ChatConnection {
  readonly peer: ChatPeer
  /** What this connection may still send, per command class. */
  readonly budget: CommandBudget
  /** The address the connection came from (the upgrade request's `ip`), for per-address caps. */
  readonly address: string
  /** Who the host said is connecting (a guest unless the host's `authenticate` said otherwise). */
  readonly principal: Principal
  /** This connection's logger: the transport's, which carries the upgrade request's id. */
  readonly log: ChatLogger
  state: ConnectionState = 'greeting'
  session: Session<ChatConnection> | undefined
  /** This connection's rooms, by room id. */
  readonly rooms = new Map<string, Membership>()
  /** Frames that arrived while the welcome was being prepared. */
  deferred: ClientMessage[] = []
  handshakeTimer: ReturnType<typeof setTimeout> | undefined
  /** The hash of the account session this connection signed in with, if it did. */
  readonly credential: string | undefined

  constructor(peer: ChatPeer, budget: CommandBudget, principal: Principal, log: ChatLogger, address: string, credential?: string) {
    this.peer = peer
    this.credential = credential
    this.budget = budget
    this.address = address
    this.principal = principal
    this.log = log
  }

  get id(): string {
    return this.peer.id
  }

  get user(): ChatUser | undefined {
    return this.session?.user
  }
}
