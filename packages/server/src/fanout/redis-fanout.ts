import { randomBytes } from 'node:crypto'
import { decodeServerMessage, encode, RoomMember, type Member, type RoomMember as RoomMemberType } from '@lanchat/protocol'
import type * as Redis from 'redis'
import type { RedisClientType } from 'redis'
import { Type } from 'typebox'
import { Compile } from 'typebox/compile'
import type { FanoutAdapter, FanoutNode, RoomFrame } from './fanout-adapter.js'
import { FanoutError, redactRedisUrl } from './fanout-errors.js'
import { RoomSequencer } from './room-sequencer.js'

/** Options of {@link createRedisFanout}. */
export interface RedisFanoutOptions {
  /** A Redis connection string: `redis://[[user]:password@]host:6379[/db]` (`rediss://` for TLS). */
  url: string
  /** Prefix of every key and channel, so several lanchat clusters can share one Redis. @default 'lanchat:' */
  prefix?: string
  /**
   * How often this node tells the others it is alive. A node silent for three intervals is dead: the others tell
   * their members that its members left. @default 2000
   */
  heartbeatIntervalMs?: number
  /**
   * How long a node waits for a missing seq to arrive (publications of two nodes may cross) before it reads the
   * missing messages from the store. @default 100
   */
  gapWaitMs?: number
  /** How long connecting may take before {@link createRedisFanout} rejects. @default 10000 */
  connectTimeoutMs?: number
  /** Errors that do not stop the adapter: a lost connection (it reconnects), a bad publication, a failed heal. */
  onError?: (error: Error) => void
}

/** A {@link FanoutAdapter} over Redis pub/sub for several lanchat nodes. Made by {@link createRedisFanout}. */
export interface RedisFanout extends FanoutAdapter {
  /** This node's id in the cluster (random per process). */
  readonly nodeId: string
  watch(room: string): Promise<void>
  unwatch(room: string): void
  othersPresent(room: string): Promise<boolean>
}

/** The largest publication accepted from another node (a frame of the largest message, with room to spare). */
const MAX_PUBLICATION_BYTES = 1024 * 1024
/** Events read from the store per page while healing a gap. */
const HEAL_PAGE = 500
const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/
const RemotePresence = Compile(Type.Array(RoomMember, { maxItems: 100_000 }))

interface Header {
  /** The publishing node. */
  n: string
  /** The seq of a `message.created`, or of the newest message a node could not publish (`k: 'mark'`). */
  s?: number
  /** The user whose connections are left out (typing). */
  u?: string
  /** `mark`: no frame, only "messages up to `s` exist": a receiver behind it heals from the store. */
  k?: 'mark'
}

/**
 * Connects to Redis and resolves with an adapter for `fanout` that carries room frames between lanchat nodes, so
 * members on every node of a cluster chat together. PostgreSQL (`openPostgresStore`) holds the truth; Redis only
 * carries frames:
 *
 * - Each room has a channel; a broadcast is encoded once and published once. A node subscribes only to the rooms
 *   it has connections in, and delivers what it receives to them.
 * - Messages carry their seq. A node that sees a gap (a lost publication, a Redis restart, a node that died between
 *   its commit and its publish) reads the missing messages from the store and delivers them first: no member sees
 *   a gap, and none gets a seq twice.
 * - Presence is shared through Redis hashes, and every node renews a heartbeat; when a node stops, the others tell
 *   their members that its members left, within three heartbeat intervals.
 *
 * Uses a second connection for subscriptions (`client.duplicate()`). Rejects with `FanoutError`
 * `LANCHAT_ERR_FANOUT_UNREACHABLE` when Redis cannot be reached. Needs the optional peer dependency `redis`.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore({ url: process.env.DATABASE_URL! })
 * const fanout = await createRedisFanout({ url: process.env.REDIS_URL! })
 * await app.register(lanchat, { store, fanout })
 * app.addHook('onClose', () => store.close())
 * ```
 */
export async function createRedisFanout(options: RedisFanoutOptions): Promise<RedisFanout> {
  if (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url)) {
    throw new TypeError('url must be a redis:// or rediss:// connection string')
  }
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 2_000
  if (!Number.isInteger(heartbeatIntervalMs) || heartbeatIntervalMs < 10) throw new RangeError('heartbeatIntervalMs must be an integer ≥ 10')
  const gapWaitMs = options.gapWaitMs ?? 100
  if (!Number.isInteger(gapWaitMs) || gapWaitMs < 0) throw new RangeError('gapWaitMs must be a non-negative integer')
  const prefix = options.prefix ?? 'lanchat:'
  const where = redactRedisUrl(options.url)
  let redis: typeof Redis
  try {
    redis = await import('redis')
  } catch (error) {
    throw new FanoutError('LANCHAT_ERR_FANOUT_DRIVER_MISSING', 'The Redis fan-out needs the redis package: run `npm i redis@6`', { cause: error })
  }
  let connected = false
  const client = redis.createClient({
    url: options.url,
    // While the adapter runs, a publish during an outage fails at once (receivers heal) instead of queueing.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      // At start, one failure is an error the operator must see; later, reconnect for as long as it takes.
      reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(50 * 2 ** retries, 2_000) : cause),
    },
  }) as RedisClientType
  const subscriber = client.duplicate() as RedisClientType
  const report = options.onError ?? (() => undefined)
  client.on('error', report)
  subscriber.on('error', report)
  try {
    await Promise.all([client.connect(), subscriber.connect()])
  } catch (error) {
    client.destroy()
    subscriber.destroy()
    throw new FanoutError('LANCHAT_ERR_FANOUT_UNREACHABLE', `Cannot reach Redis at ${where}: ${(error as Error).message}`, { cause: error })
  }
  connected = true
  return new RedisFanoutImpl(client, subscriber, { prefix, heartbeatIntervalMs, gapWaitMs, report })
}

interface Settings {
  prefix: string
  heartbeatIntervalMs: number
  gapWaitMs: number
  report: (error: Error) => void
}

class RedisFanoutImpl implements RedisFanout {
  readonly nodeId = randomBytes(9).toString('base64url')
  readonly #client: RedisClientType
  readonly #subscriber: RedisClientType
  readonly #settings: Settings
  #node: FanoutNode | undefined
  /** The rooms this node has connections in, each with its subscription and its seq order. */
  readonly #watches = new Map<string, { subscribed: Promise<void>; sequencer: RoomSequencer }>()
  /** Per room, the presence this node last wrote to Redis (JSON), to write only changes. */
  readonly #written = new Map<string, string>()
  readonly #dirty = new Set<string>()
  #flushScheduled = false
  /** Per room, the newest seq this node failed to publish: announced as a mark once Redis is back. */
  readonly #unpublished = new Map<string, number>()
  /**
   * Nodes whose heartbeat had expired at the last beat (their presence no longer counts), and the dead ones already
   * mourned (their members' leaves delivered). A node not seen yet counts as alive: it has just started.
   */
  #dead = new Set<string>()
  readonly #mourned = new Set<string>()
  /** Death is judged only after Redis has answered for a full heartbeat window (the others had time to renew). */
  #judgeAfter = 0
  #heartbeat: ReturnType<typeof setInterval> | undefined
  #closed = false
  readonly #onMessage = (message: string, channel: string) => this.#receive(message, channel)

  constructor(client: RedisClientType, subscriber: RedisClientType, settings: Settings) {
    this.#client = client
    this.#subscriber = subscriber
    this.#settings = settings
  }

  get #ttlMs(): number {
    return this.#settings.heartbeatIntervalMs * 3
  }

  #key(...parts: string[]): string {
    return this.#settings.prefix + parts.join(':')
  }

  async init(node: FanoutNode): Promise<void> {
    this.#node = node
    this.#judgeAfter = Date.now() + this.#ttlMs
    await this.#beat()
    this.#heartbeat = setInterval(() => void this.#beat(), this.#settings.heartbeatIntervalMs)
    this.#heartbeat.unref()
    // After an outage: say we are alive, write our presence again (a restarted Redis forgot it), announce what we
    // could not publish, and heal every watched room from the store.
    this.#subscriber.on('ready', () => this.#recover())
    this.#client.on('ready', () => this.#recover())
  }

  broadcast(frame: RoomFrame): void {
    const node = this.#node
    if (node === undefined || this.#closed) return
    const watch = this.#watches.get(frame.room)
    if (watch === undefined) node.deliver(frame)
    else watch.sequencer.accept(frame)
    if (frame.seq === undefined) this.#markDirty(frame.room)
    const header: Header = { n: this.nodeId }
    if (frame.seq !== undefined) header.s = frame.seq
    if (frame.exceptUser !== undefined) header.u = frame.exceptUser
    // exceptConnection is left out: connection ids are this node's own.
    this.#publish(frame.room, `${JSON.stringify(header)}\n${frame.data}`, frame.seq)
  }

  async presence(room: string): Promise<RoomMemberType[]> {
    const local = this.#node?.localPresence(room) ?? []
    let remote: RoomMemberType[][]
    try {
      remote = await this.#remotePresence(room)
    } catch (error) {
      this.#settings.report(error as Error)
      return local
    }
    const byId = new Map<string, RoomMemberType>()
    for (const member of local) byId.set(member.id, member)
    for (const list of remote) {
      for (const member of list) {
        const known = byId.get(member.id)
        // Online on any node beats away on another.
        if (known === undefined || (known.status === 'away' && member.status !== 'away')) byId.set(member.id, member)
      }
    }
    return [...byId.values()]
  }

  async othersPresent(room: string): Promise<boolean> {
    try {
      return (await this.#remotePresence(room)).some((list) => list.length > 0)
    } catch (error) {
      this.#settings.report(error as Error)
      return true
    }
  }

  watch(room: string): Promise<void> {
    const existing = this.#watches.get(room)
    if (existing !== undefined) return existing.subscribed
    const node = this.#node
    if (node === undefined) return Promise.reject(new Error('the Redis fan-out was not started'))
    const sequencer = new RoomSequencer({
      deliver: (frame) => node.deliver(frame),
      replay: (afterSeq) => node.replay(room, afterSeq, HEAL_PAGE),
      gapWaitMs: this.#settings.gapWaitMs,
      report: this.#settings.report,
    })
    const subscribed = (async () => {
      await this.#subscriber.subscribe(this.#key('room', room), this.#onMessage)
      // Read after the subscription holds: every later message arrives, every earlier one is in the store.
      sequencer.start(await node.storedSeq(room))
    })()
    const watch = { subscribed, sequencer }
    this.#watches.set(room, watch)
    subscribed.catch((error: unknown) => {
      this.#settings.report(error as Error)
      if (this.#watches.get(room) === watch) this.#watches.delete(room)
      sequencer.dispose()
    })
    return subscribed
  }

  unwatch(room: string): void {
    const watch = this.#watches.get(room)
    if (watch === undefined) return
    this.#watches.delete(room)
    watch.sequencer.dispose()
    this.#markDirty(room)
    this.#subscriber.unsubscribe(this.#key('room', room), this.#onMessage).catch((error: unknown) => {
      this.#settings.report(error as Error)
    })
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat)
    for (const watch of this.#watches.values()) watch.sequencer.dispose()
    this.#watches.clear()
    try {
      // Expired now: the other nodes mourn this node's members at their next heartbeat.
      await this.#client.zAdd(this.#key('nodes'), { score: Date.now(), value: this.nodeId })
    } catch {
      // Redis is gone: the heartbeat simply expires.
    }
    await Promise.allSettled([this.#client.close(), this.#subscriber.close()])
  }

  // ---- Publications ----

  #publish(room: string, payload: string, seq: number | undefined): void {
    this.#client.publish(this.#key('room', room), payload).catch((error: unknown) => {
      if (seq !== undefined && seq > (this.#unpublished.get(room) ?? 0)) this.#unpublished.set(room, seq)
      this.#settings.report(error as Error)
    })
  }

  #receive(message: string, channel: string): void {
    const room = channel.slice(this.#key('room').length + 1)
    const watch = this.#watches.get(room)
    if (watch === undefined || this.#closed) return
    const frame = this.#decode(message, room)
    if (frame === undefined || frame === 'own') return
    if (frame === 'mark') return
    watch.sequencer.accept(frame)
  }

  /** A publication of another node as a frame, checked like anything from the network; undefined when it is bad. */
  #decode(message: string, room: string): RoomFrame | 'own' | 'mark' | undefined {
    const bad = (reason: string): undefined => {
      this.#settings.report(new FanoutError('LANCHAT_ERR_FANOUT_BAD_PUBLICATION', `dropped a publication in room ${room}: ${reason}`))
      return undefined
    }
    if (message.length > MAX_PUBLICATION_BYTES) return bad('too large')
    const newline = message.indexOf('\n')
    if (newline < 0 || newline > 512) return bad('no header')
    let header: unknown
    try {
      header = JSON.parse(message.slice(0, newline))
    } catch {
      return bad('header is not JSON')
    }
    if (typeof header !== 'object' || header === null) return bad('header is not an object')
    const { n, s, u, k } = header as Record<string, unknown>
    if (typeof n !== 'string' || !NODE_ID.test(n)) return bad('bad node id')
    if (n === this.nodeId) return 'own'
    if (s !== undefined && (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 1)) return bad('bad seq')
    if (u !== undefined && (typeof u !== 'string' || u.length > 256)) return bad('bad user')
    if (k === 'mark') {
      if (typeof s === 'number') this.#watches.get(room)?.sequencer.mark(s)
      return 'mark'
    }
    if (k !== undefined) return bad('unknown kind')
    const data = message.slice(newline + 1)
    let decoded: ReturnType<typeof decodeServerMessage>
    try {
      decoded = decodeServerMessage(data)
    } catch {
      return bad('not a lanchat frame')
    }
    const frameRoom = decoded.type === 'message.created' ? decoded.message.room : 'room' in decoded ? decoded.room : undefined
    if (frameRoom !== room) return bad('frame of another room')
    const seq = decoded.type === 'message.created' ? decoded.message.seq : undefined
    if (seq !== s) return bad('seq does not match the frame')
    if ('ref' in decoded) return bad('a reply is not a room frame')
    return { room, data, seq, exceptUser: u as string | undefined }
  }

  // ---- Presence and heartbeats ----

  /** The presence lists other live nodes wrote for a room. */
  async #remotePresence(room: string): Promise<RoomMemberType[][]> {
    const fields = await this.#client.hGetAll(this.#key('presence', room))
    const lists: RoomMemberType[][] = []
    for (const [nodeId, json] of Object.entries(fields)) {
      if (nodeId === this.nodeId || this.#dead.has(nodeId)) continue
      const list = parsePresence(json)
      if (list !== undefined) lists.push(list)
    }
    return lists
  }

  #markDirty(room: string): void {
    this.#dirty.add(room)
    if (this.#flushScheduled) return
    this.#flushScheduled = true
    setImmediate(() => {
      this.#flushScheduled = false
      this.#flushPresence()
    })
  }

  /** Writes this node's presence of every room it changed in (one command each, pipelined). */
  #flushPresence(): void {
    const node = this.#node
    if (node === undefined || this.#closed) return
    for (const room of this.#dirty) {
      const list = node.localPresence(room)
      const json = list.length === 0 ? '' : JSON.stringify(list)
      if ((this.#written.get(room) ?? '') === json) continue
      const key = this.#key('presence', room)
      const write =
        json === ''
          ? Promise.all([this.#client.hDel(key, this.nodeId), this.#client.sRem(this.#key('node-rooms', this.nodeId), room)])
          : Promise.all([this.#client.hSet(key, this.nodeId, json), this.#client.sAdd(this.#key('node-rooms', this.nodeId), room)])
      if (json === '') this.#written.delete(room)
      else this.#written.set(room, json)
      write.catch((error: unknown) => {
        // Written again once Redis is back (#recover).
        this.#written.delete(room)
        this.#settings.report(error as Error)
      })
    }
    this.#dirty.clear()
  }

  /** Renews this node's heartbeat, learns which nodes live, and mourns the dead. */
  async #beat(): Promise<void> {
    if (this.#closed) return
    const now = Date.now()
    const nodes = this.#key('nodes')
    try {
      await this.#client.zAdd(nodes, { score: now + this.#ttlMs, value: this.nodeId })
      const all = await this.#client.zRangeWithScores(nodes, 0, -1)
      const dead: Array<{ id: string; since: number }> = []
      for (const { value, score } of all) if (score <= now) dead.push({ id: value, since: score })
      this.#dead = new Set(dead.map((node) => node.id))
      if (now < this.#judgeAfter) return
      for (const { id, since } of dead) {
        if (!this.#mourned.has(id)) {
          this.#mourned.add(id)
          await this.#mourn(id)
        }
        // Long dead: every node has mourned it; its records go.
        if (now - since > 10 * this.#ttlMs) await this.#bury(id)
      }
    } catch (error) {
      this.#judgeAfter = Date.now() + this.#ttlMs
      this.#settings.report(error as Error)
    }
  }

  /** A node died: its members leave for this node's connections, and every watched room is checked for lost messages. */
  async #mourn(deadNode: string): Promise<void> {
    const node = this.#node
    if (node === undefined) return
    for (const room of [...this.#watches.keys()]) {
      const json = await this.#client.hGet(this.#key('presence', room), deadNode)
      const theirs = json === null || json === undefined ? undefined : parsePresence(json)
      if (theirs !== undefined && theirs.length > 0) {
        // Members still present through this node or another live node did not leave.
        const present = new Set((await this.presence(room)).map((member) => member.id))
        for (const member of theirs) {
          if (present.has(member.id)) continue
          const left: Member = member.account === undefined ? { id: member.id, name: member.name } : { id: member.id, name: member.name, account: member.account }
          this.#watches.get(room)?.sequencer.accept({
            room,
            data: encode({ type: 'member.left', room, member: left, reason: 'disconnected', ts: Date.now() }),
          })
        }
      }
      // It may have stored messages it never published.
      this.#watches.get(room)?.sequencer.mark(await node.storedSeq(room))
    }
  }

  async #bury(deadNode: string): Promise<void> {
    const roomsKey = this.#key('node-rooms', deadNode)
    const rooms = await this.#client.sMembers(roomsKey)
    await Promise.all(rooms.map((room) => this.#client.hDel(this.#key('presence', room), deadNode)))
    await Promise.all([this.#client.del(roomsKey), this.#client.zRem(this.#key('nodes'), deadNode)])
    this.#mourned.delete(deadNode)
  }

  /** Redis answered again after an outage. */
  #recover(): void {
    const node = this.#node
    if (node === undefined || this.#closed) return
    this.#judgeAfter = Date.now() + this.#ttlMs
    void this.#beat()
    for (const room of this.#written.keys()) this.#dirty.add(room)
    this.#written.clear()
    for (const room of this.#watches.keys()) this.#markDirty(room)
    for (const [room, seq] of this.#unpublished) {
      this.#unpublished.delete(room)
      this.#publish(room, `${JSON.stringify({ n: this.nodeId, s: seq, k: 'mark' } satisfies Header)}\n`, seq)
    }
    for (const [room, watch] of this.#watches) {
      node.storedSeq(room).then(
        (seq) => watch.sequencer.mark(seq),
        (error: unknown) => this.#settings.report(error as Error),
      )
    }
  }
}

/** A presence list another node wrote, or undefined when it is not one. */
function parsePresence(json: string): RoomMemberType[] | undefined {
  if (json.length > MAX_PUBLICATION_BYTES) return undefined
  try {
    const value: unknown = JSON.parse(json)
    return RemotePresence.Check(value) ? (value as RoomMemberType[]) : undefined
  } catch {
    return undefined
  }
}
