import Fastify, { type FastifyInstance } from 'fastify'
import { onTestFinished } from 'vitest'
import { WebSocket, type ClientOptions } from 'ws'
import lanchat, { type LanchatPluginOptions } from '../src/index.js'

export interface StartedApp {
  app: FastifyInstance
  port: number
  /** `ws://127.0.0.1:<port>` */
  origin: string
}

/** A real Fastify app with the plugin, listening on 127.0.0.1 and a free port; closed when the test ends. */
export async function startApp(
  options: LanchatPluginOptions = {},
  setup: (app: FastifyInstance) => void | Promise<void> = () => {},
): Promise<StartedApp> {
  const app = Fastify({ logger: false })
  onTestFinished(() => app.close())
  await setup(app)
  await app.register(lanchat, options)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { app, port: address.port, origin: `ws://127.0.0.1:${address.port}` }
}

export type Frame = Record<string, unknown> & { type: string }

/** A raw protocol client over the `ws` package, for frames no SDK would send. Terminated when the test ends. */
export async function rawClient(url: string, options: ClientOptions = {}) {
  const socket = new WebSocket(url, options)
  onTestFinished(() => socket.terminate())
  return wrapSocket(socket)
}

/** Frame bookkeeping around an open-or-opening client socket (a real one, or one from `app.injectWS`). */
export async function wrapSocket(socket: WebSocket) {
  const frames: Frame[] = []
  const raw: string[] = []
  const waiters = new Set<() => void>()
  socket.on('message', (data) => {
    raw.push(String(data))
    frames.push(JSON.parse(String(data)) as Frame)
    for (const wake of waiters) wake()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  )
  if (socket.readyState === WebSocket.CONNECTING) {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
  }

  let cursor = 0
  /** The next frame after those already taken that matches, waiting up to `timeoutMs` for it. */
  async function take(matches: (frame: Frame) => boolean, timeoutMs = 5_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      for (let index = cursor; index < frames.length; index++) {
        const frame = frames[index] as Frame
        if (matches(frame)) {
          cursor = index + 1
          return frame
        }
      }
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error(`no matching frame; got ${JSON.stringify(frames.slice(cursor))}`)
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

  const send = (frame: unknown) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  const reply = (ref: string, timeoutMs?: number) => take((frame) => frame.ref === ref, timeoutMs)
  return {
    socket,
    frames,
    raw,
    closed,
    send,
    take,
    reply,
    /** Sends a command and waits for its reply. */
    async command(frame: Record<string, unknown> & { id: string }, timeoutMs?: number): Promise<Frame> {
      send(frame)
      return reply(frame.id, timeoutMs)
    },
  }
}

export type RawClient = Awaited<ReturnType<typeof wrapSocket>>

/** A raw client that said hello and joined the lobby. */
export async function greetedClient(url: string, name = 'Probe', options: ClientOptions = {}): Promise<RawClient> {
  const client = await rawClient(url, options)
  expectType(await client.command({ type: 'hello', id: 'hello', protocol: 1, name }), 'welcome')
  expectType(await client.command({ type: 'room.join', id: 'join', room: 'lobby' }), 'room.joined')
  return client
}

function expectType(frame: Frame, type: string): void {
  if (frame.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(frame)}`)
}

/** Resolves with the first payload that matches, or rejects after `timeoutMs`. */
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
