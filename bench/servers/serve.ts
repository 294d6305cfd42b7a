// Runs a bench server in a child process and answers the runner over IPC, so that the server's CPU time and
// memory are measured apart from the clients'.
export interface BenchServer {
  url: string
  close(): Promise<void>
}

type Request = { type: 'stats' } | { type: 'stop' }

export async function serve(start: () => Promise<BenchServer>): Promise<void> {
  const server = await start()
  const send = (message: unknown) => process.send?.(message)
  let cpuMark = process.cpuUsage()
  process.on('message', async (request: Request) => {
    if (request.type === 'stats') {
      const cpu = process.cpuUsage(cpuMark)
      cpuMark = process.cpuUsage()
      send({ type: 'stats', cpuMs: (cpu.user + cpu.system) / 1000, rssBytes: process.memoryUsage().rss })
    } else {
      await server.close()
      send({ type: 'stopped' })
      process.exit(0)
    }
  })
  send({ type: 'ready', url: server.url })
}
