import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createConnection, createServer, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { openPostgresStore } from '@lanchat/server'
import { inject, onTestFinished } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway PostgreSQL of this test run (scripts/vitest-services.mjs). */
    postgresUrl: string
    /** The throwaway Redis of this test run. */
    redisUrl: string
  }
}

const NODE_SERVER = fileURLToPath(new URL('./node-server.mjs', import.meta.url))

/** One lanchat node: a real process on its own port. */
export interface ClusterNode {
  readonly port: number
  readonly process: ChildProcess
  /** kill -9: no goodbye to anyone. */
  kill(): Promise<void>
}

/** Where the nodes of one test keep their data: a fresh PostgreSQL schema and Redis key prefix. */
export interface ClusterSpace {
  postgresUrl: string
  schema: string
  redisUrl: string
  prefix: string
}

export function freshSpace(redisUrl: string = inject('redisUrl')): ClusterSpace {
  const tag = randomBytes(5).toString('hex')
  return { postgresUrl: inject('postgresUrl'), schema: `mn_${tag}`, redisUrl, prefix: `mn-${tag}:` }
}

/** Starts a node process on the space; killed when the test ends. */
export async function startNode(space: ClusterSpace): Promise<ClusterNode> {
  const child = spawn(process.execPath, [NODE_SERVER, space.postgresUrl, space.schema, space.redisUrl, space.prefix], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + String(chunk)).slice(-4_000)))
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => reject(new Error(`node did not start in time: ${stderr}`)), 20_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += String(chunk)
      const match = /listening (\d+)/.exec(stdout)
      if (match !== null) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`node exited with ${code}: ${stderr}`))
    })
  })
  return {
    port,
    process: child,
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
  }
}

/**
 * A TCP load balancer in front of the nodes, as a reverse proxy would be: each new connection goes to the next
 * node in turn, skipping nodes that refuse it. No sticky sessions. Closed when the test ends.
 */
export async function startBalancer(ports: readonly number[]): Promise<{ url: string; remove(port: number): void }> {
  const targets = [...ports]
  let next = 0
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    sockets.add(client)
    client.pause()
    const attempt = (left: number) => {
      if (left === 0 || targets.length === 0) {
        client.destroy()
        return
      }
      const port = targets[next++ % targets.length] as number
      const upstream = createConnection({ host: '127.0.0.1', port })
      upstream.once('error', () => {
        upstream.destroy()
        attempt(left - 1)
      })
      upstream.once('connect', () => {
        sockets.add(upstream)
        upstream.removeAllListeners('error')
        const close = () => {
          client.destroy()
          upstream.destroy()
          sockets.delete(client)
          sockets.delete(upstream)
        }
        client.on('error', close).on('close', close)
        upstream.on('error', close).on('close', close)
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
    }
    attempt(targets.length * 2)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('balancer has no port')
  return {
    url: `ws://127.0.0.1:${address.port}/ws`,
    remove(port) {
      const index = targets.indexOf(port)
      if (index >= 0) targets.splice(index, 1)
    },
  }
}

/** The stored log of a room, read from PostgreSQL through a store of its own: `{ seq, clientMsgId }` in seq order. */
export async function storedLog(space: ClusterSpace, room: string): Promise<Array<{ seq: number; clientMsgId: string }>> {
  const store = await openPostgresStore({ url: space.postgresUrl, schema: space.schema })
  try {
    const { events } = await store.log.after(room, 0, 10_000)
    return events.map((event) => ({ seq: event.seq, clientMsgId: event.message.clientMsgId }))
  } finally {
    await store.close()
  }
}
