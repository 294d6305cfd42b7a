// Baseline for the throughput bench: plain `ws` with rooms. A client names its room in the URL (`/?room=r7`); each
// message is sent, with the tutorial broadcast loop, to every socket of that room (the sender too).
import { WebSocketServer, type WebSocket } from 'ws'
import { serve } from './serve.js'

await serve(async () => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  const rooms = new Map<string, Set<WebSocket>>()
  server.on('connection', (socket, request) => {
    const name = new URL(request.url ?? '/', 'http://localhost').searchParams.get('room') ?? ''
    let room = rooms.get(name)
    if (room === undefined) rooms.set(name, (room = new Set()))
    const members = room
    members.add(socket)
    socket.on('close', () => members.delete(socket))
    socket.on('message', (data) => {
      const text = String(data)
      for (const client of members) client.send(text)
    })
  })
  const { port } = server.address() as { port: number }
  return { url: `ws://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
})
