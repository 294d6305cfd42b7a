import { createConnection, createServer, type Server, type Socket } from 'node:net'

/** A TCP hop between the bench's clients and the server that can drop every connection at once, as a network does. */
export interface TcpHop {
  /** The WebSocket URL to give clients instead of the server's. */
  readonly url: string
  /** Drops every connection through the hop. New connections go through. */
  cut(): void
  close(): Promise<void>
}

export async function startTcpHop(target: URL): Promise<TcpHop> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) })
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the hop has no port')
  return {
    url: `ws://127.0.0.1:${address.port}${target.pathname}`,
    cut: () => {
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
