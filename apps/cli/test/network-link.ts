import { createConnection, createServer, type Socket } from 'node:net'
import { onTestFinished } from 'vitest'

/** A TCP hop between the CLI and a test server that can fail like a network does. */
export interface NetworkLink {
  /** The socket URL to give the CLI instead of the server's. */
  readonly url: string
  /** Drops every connection through the link and refuses new ones until {@link NetworkLink.restore}. */
  cut(): void
  restore(): void
}

/**
 * Starts a real TCP relay on 127.0.0.1 in front of the server at `port` (closed when the test ends): cutting it is a
 * Wi-Fi drop for everyone behind it, while clients that connect to the server directly carry on.
 */
export async function startLink(port: number, path = '/ws'): Promise<NetworkLink> {
  const sockets = new Set<Socket>()
  let down = false
  const relay = createServer((client) => {
    if (down) {
      client.destroy()
      return
    }
    const upstream = createConnection({ host: '127.0.0.1', port })
    sockets.add(client).add(upstream)
    const close = (): void => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', close).on('close', close)
    upstream.on('error', close).on('close', close)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
  const address = relay.address()
  if (address === null || typeof address === 'string') throw new Error('the link has no port')
  const cut = (): void => {
    down = true
    for (const socket of sockets) socket.destroy()
    sockets.clear()
  }
  onTestFinished(() => new Promise<void>((resolve) => {
    cut()
    relay.close(() => resolve())
  }))
  return { url: `ws://127.0.0.1:${address.port}${path}`, cut, restore: () => (down = false) }
}
