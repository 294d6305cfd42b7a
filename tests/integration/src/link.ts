import { createConnection, createServer, type Socket } from 'node:net'
import { onTestFinished } from 'vitest'

/** How a {@link NetworkLink} treats the bytes a client sends to the server. */
export interface LinkOptions {
  /** Bytes forwarded per tick from client to server: a slow uplink. Default: everything at once. */
  uplinkBytesPerTick?: number
  /** Time between ticks of the uplink, in ms. Default 10. */
  tickMs?: number
}

/**
 * A real TCP hop between clients and a server on 127.0.0.1, standing in for the network: it can throttle the uplink
 * (a phone on bad Wi-Fi), cut every connection at once, and refuse new ones for a while (the person walked out of
 * range). Closed when the test ends.
 */
export interface NetworkLink {
  /** The WebSocket URL to give clients instead of the server's. */
  readonly url: string
  /** Drops every connection through the link, as a network failure does. */
  cut(): void
  /** While down, new connections are dropped at once; `cut()` first to drop the live ones too. */
  setDown(down: boolean): void
}

export async function startLink(targetPort: number, path: string, options: LinkOptions = {}): Promise<NetworkLink> {
  const sockets = new Set<Socket>()
  let down = false
  const server = createServer((client) => {
    if (down) {
      client.destroy()
      return
    }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort })
    sockets.add(client).add(upstream)
    const close = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
      clearInterval(ticker)
    }
    client.on('error', close).on('close', close)
    upstream.on('error', close).on('close', close)
    upstream.pipe(client)
    const budget = options.uplinkBytesPerTick
    let queued = Buffer.alloc(0)
    const ticker = setInterval(() => {
      if (budget === undefined || queued.length === 0) return
      upstream.write(queued.subarray(0, budget))
      queued = queued.subarray(budget)
    }, options.tickMs ?? 10)
    client.on('data', (chunk: Buffer) => {
      if (budget === undefined) upstream.write(chunk)
      else queued = Buffer.concat([queued, chunk])
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('link has no port')
  const cut = () => {
    for (const socket of sockets) socket.destroy()
    sockets.clear()
  }
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        cut()
        server.close(() => resolve())
      }),
  )
  return {
    url: `ws://127.0.0.1:${address.port}${path}`,
    cut,
    setDown: (value) => {
      down = value
    },
  }
}
