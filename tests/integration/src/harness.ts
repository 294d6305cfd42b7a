import Fastify, { type FastifyInstance } from 'fastify'
import { WebSocket } from 'ws'
import lanchat, { type LanchatPluginOptions } from '@lanchat/server'
import { LanchatClient, type LanchatClientEvents, type LanchatClientOptions } from '@lanchat/client'
import { onTestFinished } from 'vitest'

export interface TestServer {
  app: FastifyInstance
  /** The WebSocket URL of the chat socket. */
  url: string
  port: number
}

/** A real Fastify server with the plugin, listening on 127.0.0.1 and a free port; closed when the test ends. */
export async function startServer(options: LanchatPluginOptions = {}): Promise<TestServer> {
  const app = Fastify({ logger: false })
  await app.register(lanchat, options)
  await app.listen({ port: 0, host: '127.0.0.1' })
  onTestFinished(() => app.close())
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('server has no port')
  const prefix = options.prefix ?? ''
  return { app, port: address.port, url: `ws://127.0.0.1:${address.port}${prefix}/ws` }
}

/** Every WebSocket a test client opened, so a test can cut one like a network failure would. */
export class TrackedWebSocket extends WebSocket {
  static readonly opened: TrackedWebSocket[] = []
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args)
    TrackedWebSocket.opened.push(this)
  }
}

/** A real SDK client, connected; closed when the test ends. */
export async function connectClient(
  url: string,
  name: string,
  options: Partial<LanchatClientOptions> = {},
): Promise<LanchatClient> {
  const client = new LanchatClient({ url, name, ...options })
  onTestFinished(() => client.close())
  await client.connect()
  return client
}

/** Resolves with the first event of `type` that matches, or rejects after `timeoutMs`. */
export function nextEvent<Payload>(
  subscribe: (listener: (payload: Payload) => void) => () => void,
  matches: (payload: Payload) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Payload> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`no matching event within ${timeoutMs} ms`))
    }, timeoutMs)
    const unsubscribe = subscribe((payload) => {
      if (!matches(payload)) return
      clearTimeout(timer)
      unsubscribe()
      resolve(payload)
    })
  })
}

/** Resolves with the client's next `name` event that matches, or rejects after `timeoutMs`. */
export function nextClientEvent<Name extends keyof LanchatClientEvents>(
  client: LanchatClient,
  name: Name,
  matches?: (payload: LanchatClientEvents[Name]) => boolean,
  timeoutMs?: number,
): Promise<LanchatClientEvents[Name]> {
  return nextEvent<LanchatClientEvents[Name]>((listener) => client.on(name, listener), matches, timeoutMs)
}

/** Waits until `condition` holds, checking on every event-loop turn; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A raw protocol peer (no SDK), for sending what a well-behaved client never would. */
export async function rawPeer(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}) {
  const socket = new WebSocket(url, options)
  const frames: Array<Record<string, unknown>> = []
  const waiters = new Set<() => void>()
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Record<string, unknown>)
    for (const wake of waiters) wake()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  )
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  onTestFinished(() => socket.terminate())

  const taken = new Set<number>()
  /** The oldest frame not taken yet that matches, waiting for it if needed. */
  async function take(matches: (frame: Record<string, unknown>) => boolean, timeoutMs = 5_000) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      for (let index = 0; index < frames.length; index++) {
        const frame = frames[index] as Record<string, unknown>
        if (!taken.has(index) && matches(frame)) {
          taken.add(index)
          return frame
        }
      }
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error(`no matching frame; got ${JSON.stringify(frames.filter((_, index) => !taken.has(index)))}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, remaining)
        function wake() {
          clearTimeout(timer)
          waiters.delete(wake)
          resolve()
        }
        waiters.add(wake)
      })
    }
  }
  return {
    socket,
    frames,
    closed,
    send: (frame: unknown) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    take,
    reply: (ref: string, timeoutMs?: number) => take((frame) => frame.ref === ref, timeoutMs),
  }
}
