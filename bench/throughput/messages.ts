// The IPC messages between the throughput runner and its load generator process.

/** What the server under test is, as far as the load generator's clients care. */
export type Wire = 'ws' | 'socket-io' | 'lanchat'

export interface LoadPlan {
  wire: Wire
  /** The server's URL: `ws://…` for ws and lanchat, `http://…` for Socket.IO. */
  url: string
  rooms: number
  /** Connections per room; every one of them sends. */
  members: number
  /** Messages each member keeps in flight: it sends the next when its own copy of an earlier one comes back. */
  window: number
  /** Length of each message text. */
  textBytes: number
}

export type RunnerRequest =
  | { type: 'start'; plan: LoadPlan }
  | { type: 'mark' }
  | { type: 'report' }
  | { type: 'stop' }

export interface LoadReport {
  /** Messages received by all clients since the mark (each member's copy counts once; the sender's own too). */
  deliveries: number
  /** Messages sent since the mark. */
  sent: number
  /** Error frames received since the mark (lanchat only: a refused send). */
  errors: number
  elapsedMs: number
  /** The load generator's event-loop utilisation since the mark: near 1 means it, not the server, was the limit. */
  elu: number
  cpuMs: number
}

export type LoadGeneratorMessage =
  | { type: 'ready' }
  | { type: 'connected'; connectMs: number }
  | { type: 'marked' }
  | ({ type: 'report' } & LoadReport)
  | { type: 'failed'; error: string }
