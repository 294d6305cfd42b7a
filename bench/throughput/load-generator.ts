/**
 * The throughput bench's load generator, run in its own process by `throughput.bench.ts`. It opens `rooms ×
 * members` connections, and every connection sends in a closed loop: it keeps `window` messages in flight and
 * sends the next one when its own copy of an earlier one comes back from the server (the broadcast reaches the
 * sender too, on every target). It counts every message every client receives, and reports its own event-loop
 * utilisation, so a saturated load generator shows.
 *
 * To keep its own cost per delivery low and the same for every target, it speaks each wire with a bare `ws`
 * client and looks at received frames as bytes: no JSON parsing of deliveries. Socket.IO is spoken as its
 * Engine.IO v4 / Socket.IO v5 WebSocket framing (`40` connect, `2`/`3` ping/pong, `42[…]` events).
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks'
import { WebSocket, type RawData } from 'ws'
import type { LoadGeneratorMessage, LoadPlan, LoadReport, RunnerRequest } from './messages.js'

const send = (message: LoadGeneratorMessage) => process.send?.(message)

let running = false
let deliveries = 0
let sent = 0
let errors = 0
let markAt = performance.now()
let eluMark: EventLoopUtilization = performance.eventLoopUtilization()
let cpuMark = process.cpuUsage()
const clients: Client[] = []

const LANCHAT_CREATED = Buffer.from('{"type":"message.created"')
const LANCHAT_ERROR = Buffer.from('{"type":"error"')

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0
}

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
}

class Client {
  readonly #plan: LoadPlan
  readonly #room: string
  readonly #index: number
  /** Present in this client's own messages only: `@17@` is no substring of `@117@`. */
  readonly #marker: Buffer
  readonly #padding: string
  #socket: WebSocket | undefined
  #joined = false
  #next = 0

  constructor(plan: LoadPlan, index: number) {
    this.#plan = plan
    this.#index = index
    this.#room = `r${index % plan.rooms}`
    this.#marker = Buffer.from(`@${index}@`)
    this.#padding = 'x'.repeat(Math.max(0, plan.textBytes - this.#marker.length - 8))
  }

  connect(): Promise<void> {
    const { wire, url } = this.#plan
    const address =
      wire === 'ws'
        ? `${url}/?room=${this.#room}`
        : wire === 'socket-io'
          ? `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket&room=${this.#room}`
          : url
    return new Promise((resolve, reject) => {
      // Spread over 200 loopback source addresses, as clients on a LAN would be: lanchat caps sockets per address.
      const localAddress = `127.0.0.${2 + (this.#index % 200)}`
      const socket = new WebSocket(address, { perMessageDeflate: false, skipUTF8Validation: true, localAddress })
      this.#socket = socket
      socket.on('error', (error) => {
        if (!this.#joined) reject(error)
      })
      socket.on('close', () => {
        if (!this.#joined) reject(new Error(`connection ${this.#index} closed during set-up`))
        else if (running) errors += 1
      })
      if (wire === 'ws') socket.once('open', () => this.#listen(resolve))
      else if (wire === 'socket-io') {
        const onHandshake = (raw: RawData) => {
          const text = String(raw)
          if (text.startsWith('0')) socket.send('40')
          else if (text.startsWith('40')) {
            socket.off('message', onHandshake)
            this.#listen(resolve)
          }
        }
        socket.on('message', onHandshake)
      } else {
        const onHandshake = (raw: RawData) => {
          const frame = JSON.parse(String(raw)) as { type: string; code?: string; message?: string }
          if (frame.type === 'welcome') socket.send(JSON.stringify({ type: 'room.join', id: 'j', room: this.#room }))
          else if (frame.type === 'room.joined') {
            socket.off('message', onHandshake)
            this.#listen(resolve)
          } else if (frame.type === 'error') reject(new Error(`${frame.code}: ${frame.message}`))
        }
        socket.on('message', onHandshake)
        socket.once('open', () =>
          socket.send(JSON.stringify({ type: 'hello', id: 'h', protocol: 1, name: `bench ${this.#index}` })),
        )
      }
    })
  }

  /** Sends the first `window` messages. */
  begin(): void {
    for (let index = 0; index < this.#plan.window; index++) this.#send()
  }

  close(): void {
    this.#socket?.terminate()
  }

  #listen(resolve: () => void): void {
    const socket = this.#socket as WebSocket
    this.#joined = true
    const wire = this.#plan.wire
    socket.on('message', (raw) => {
      const data = asBuffer(raw)
      if (wire === 'lanchat') {
        if (!startsWith(data, LANCHAT_CREATED)) {
          // Acks are ignored (the sender's own copy is its ack, as on the other targets); a refused send frees
          // its slot in the window.
          if (startsWith(data, LANCHAT_ERROR)) {
            errors += 1
            this.#send()
          }
          return
        }
      } else if (wire === 'socket-io') {
        if (data[0] === 0x32 /* '2': ping */ && data.length === 1) {
          socket.send('3')
          return
        }
        if (data[0] !== 0x34 || data[1] !== 0x32) return // not '42': an event
      }
      deliveries += 1
      if (data.includes(this.#marker)) this.#send()
    })
    resolve()
  }

  #send(): void {
    if (!running) return
    const socket = this.#socket as WebSocket
    this.#next += 1
    const text = `${this.#marker}${this.#next} ${this.#padding}`
    sent += 1
    const wire = this.#plan.wire
    if (wire === 'ws') socket.send(text)
    else if (wire === 'socket-io') socket.send(`42${JSON.stringify(['message', text])}`)
    else {
      const id = String(this.#next)
      socket.send(JSON.stringify({ type: 'message.send', id, room: this.#room, text, clientMsgId: `c${id}` }))
    }
  }
}

async function start(plan: LoadPlan): Promise<void> {
  const started = performance.now()
  const total = plan.rooms * plan.members
  for (let index = 0; index < total; index += 50) {
    const batch = Array.from({ length: Math.min(50, total - index) }, (_, offset) => new Client(plan, index + offset))
    await Promise.all(batch.map((client) => client.connect()))
    clients.push(...batch)
  }
  const connectMs = performance.now() - started
  running = true
  for (const client of clients) client.begin()
  send({ type: 'connected', connectMs })
}

function mark(): void {
  deliveries = 0
  sent = 0
  errors = 0
  markAt = performance.now()
  eluMark = performance.eventLoopUtilization()
  cpuMark = process.cpuUsage()
}

function report(): LoadReport {
  const cpu = process.cpuUsage(cpuMark)
  return {
    deliveries,
    sent,
    errors,
    elapsedMs: performance.now() - markAt,
    elu: performance.eventLoopUtilization(eluMark).utilization,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }
}

process.on('message', (request: RunnerRequest) => {
  if (request.type === 'start') {
    start(request.plan).catch((error: unknown) => {
      send({ type: 'failed', error: error instanceof Error ? error.message : String(error) })
    })
  } else if (request.type === 'mark') {
    mark()
    send({ type: 'marked' })
  } else if (request.type === 'report') {
    send({ type: 'report', ...report() })
  } else {
    running = false
    for (const client of clients) client.close()
    // Let the terminations go out, then leave.
    setTimeout(() => process.exit(0), 100)
  }
})
// The runner is gone (killed, crashed): do not outlive it.
process.once('disconnect', () => process.exit(1))
send({ type: 'ready' })
