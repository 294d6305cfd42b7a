import Fastify from 'fastify'
import lanchat from '@lanchat/server'

const app = Fastify()
await app.register(lanchat, {
  lobby: { name: 'Hallway' },
  allowedOrigins: ['http://192.168.1.20:5000', 'http://chat.local:5000'],
  heartbeatIntervalMs: 5_000,
  rateLimit: { burst: 5 },
  advertise: { name: 'Kitchen chat' },
})
await app.listen({ port: 43649 })
console.log(app.lanchat.room('lobby')?.name) // Hallway
await app.close()
