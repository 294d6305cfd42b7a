// The runner's side of a bench child process (a server from servers/*.ts, or the storm's probe): forked with tsx,
// spoken to over IPC.
import { fork, type ChildProcess } from 'node:child_process'

/** A child process running a TypeScript file, and a way to wait for its next IPC message of a type. */
export interface BenchChild {
  readonly child: ChildProcess
  next(type: string): Promise<Record<string, unknown>>
}

export function forkBenchChild(script: URL, args: readonly string[] = [], execArgv: readonly string[] = []): BenchChild {
  const child = fork(script, [...args], { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type) return
        child.off('message', onMessage)
        resolve(message)
      }
      child.on('message', onMessage)
    })
  return { child, next }
}

/** A bench server in its own process (see serve.ts): where it listens, its CPU time and memory, and a stop. */
export interface ServerHandle {
  url: string
  /** CPU time since the previous call, and the memory in use now. */
  stats(): Promise<{ cpuMs: number; rssBytes: number }>
  stop(): Promise<void>
}

export async function startBenchServer(script: URL, execArgv: readonly string[] = []): Promise<ServerHandle> {
  const { child, next } = forkBenchChild(script, [], execArgv)
  const ready = await next('ready')
  return {
    url: String(ready.url),
    async stats() {
      const reply = next('stats')
      child.send({ type: 'stats' })
      const { cpuMs, rssBytes } = await reply
      return { cpuMs: Number(cpuMs), rssBytes: Number(rssBytes) }
    },
    async stop() {
      const stopped = new Promise((resolve) => child.once('exit', resolve))
      child.send({ type: 'stop' })
      await stopped
    },
  }
}
