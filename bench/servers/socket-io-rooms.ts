// Socket.IO 4.8 with rooms, for the throughput bench: a client names its room in the handshake query (`room=r7`)
// and `io.to(room).emit` sends each message to every socket of that room (the sender too).
import { createServer } from 'node:http'
import { Server } from 'socket.io'
import { serve } from './serve.js'

await serve(async () => {
  const http = createServer()
  const io = new Server(http, { transports: ['websocket'], serveClient: false })
  io.on('connection', (socket) => {
    const room = String(socket.handshake.query.room ?? '')
    void socket.join(room)
    socket.on('message', (text: string) => io.to(room).emit('message', text))
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as { port: number }
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => io.close(() => resolve())) }
})
