// Baseline: the plain `ws` broadcast loop most chat tutorials write. Every recipient gets `send(string)`.
import { WebSocketServer } from 'ws'
import { serve } from './serve.js'

await serve(async () => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const text = String(data)
      for (const client of server.clients) client.send(text)
    })
  })
  const { port } = server.address() as { port: number }
  return { url: `ws://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
})
