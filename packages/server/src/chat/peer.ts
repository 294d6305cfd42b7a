/**
 * One client connection as the chat core sees it. The transport implements it over a WebSocket; tests implement
 * it with plain objects. The core never imports Fastify or ws: this is its only way out.
 */
export interface ChatPeer {
  /** Unique among live connections; sent as `welcome.connectionId`. */
  readonly id: string
  /**
   * Queues one serialized frame. The core calls it with the same string for every recipient of a broadcast.
   * Must not throw; a peer that cannot keep up closes itself.
   */
  send(data: string): void
  /** Closes the connection with a WebSocket close code. The transport then reports the disconnect to the core. */
  close(code: number, reason: string): void
}
