import Fastify from 'fastify'
import lanchat from '@lanchat/server'
const app = Fastify({ logger: false })
await app.register(lanchat, {})
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
console.log(app.server.address().port)
