// Runs a bench server in a child process and answers the runner over IPC, so that the server's CPU time and
// memory are measured apart from the clients'.
import { performance, type EventLoopUtilization } from 'node:perf_hooks'

export interface BenchServer {
  url: string
  close(): Promise<void>
  /** Server-specific counters, reported with every `stats` reply (e.g. the SQLite store's commits). */
  counters?(): Record<string, number>
}

type Request = { type: 'stats' } | { type: 'stop' }

export async function serve(start: () => Promise<BenchServer>): Promise<void> {
  const server = await start()
  const send = (message: unknown) => process.send?.(message)
  let cpuMark = process.cpuUsage()
  let eluMark: EventLoopUtilization = performance.eventLoopUtilization()
  process.on('message', async (request: Request) => {
    if (request.type === 'stats') {
      // CPU time and event-loop utilisation since the previous `stats` request.
      const cpu = process.cpuUsage(cpuMark)
      cpuMark = process.cpuUsage()
      const elu = performance.eventLoopUtilization(eluMark)
      eluMark = performance.eventLoopUtilization()
      send({
        type: 'stats',
        cpuMs: (cpu.user + cpu.system) / 1000,
        rssBytes: process.memoryUsage().rss,
        elu: elu.utilization,
        counters: server.counters?.() ?? {},
      })
    } else {
      await server.close()
      send({ type: 'stopped' })
      process.exit(0)
    }
  })
  // The runner is gone (killed, crashed): do not outlive it.
  process.once('disconnect', () => process.exit(1))
  send({ type: 'ready', url: server.url })
}
