import { describe, expect, it, onTestFinished } from 'vitest'
import type { RoomChange } from '@lanchat/protocol'
import type {
  LanchatStore,
  MessageDraft,
  NewRoom,
  RoomEventDraft,
  RoomSettings,
  StoredAccount,
  StoredCredential,
} from '../src/store/store.js'
import { messagesOf } from '../src/store/store.js'

/** Makes a fresh, empty store for one test. */
export type StoreFactory = () => Promise<LanchatStore>

export function newRoom(id: string, overrides: Partial<NewRoom> = {}): NewRoom {
  return {
    id,
    name: `Room ${id}`,
    kind: 'code',
    epoch: `e-${id}`,
    retention: 'until-empty',
    createdBy: undefined,
    createdAt: 1_000,
    ...overrides,
  }
}

export function message(room: string, clientMsgId: string, overrides: Partial<MessageDraft> = {}): RoomEventDraft {
  return {
    type: 'message.created',
    message: { room, kind: 'user', from: { id: 'u-1', name: 'Maria' }, text: `text ${clientMsgId}`, ts: 1_000, clientMsgId, ...overrides },
  }
}

/** A settings document with every field filled, lists included. */
export function fullSettings(overrides: Partial<RoomSettings> = {}): RoomSettings {
  return {
    access: 'private',
    topic: 'Plans for Friday ☕ "quoted" \\ 👋🏽',
    owner: 'u-1',
    moderators: ['u-2', 'u-Ω'],
    muted: ['u-3'],
    bans: [
      { userId: 'g-9', address: '10.0.0.9', by: 'u-1', at: 2_000 },
      { userId: 'u-8', address: undefined, by: 'u-2', at: 3_000 },
    ],
    invites: [
      { id: 'i-1', tokenHash: 'a'.repeat(64), createdBy: { id: 'u-1', name: 'Maria' }, createdAt: 1_000, expiresAt: 9_000, maxUses: undefined, uses: 0 },
      { id: 'i-2', tokenHash: 'b'.repeat(64), createdBy: { id: 'u-2', name: 'Zoë' }, createdAt: 1_500, expiresAt: 8_000, maxUses: 5, uses: 2 },
    ],
    direct: ['u-1', 'u-2'],
    kept: true,
    ...overrides,
  }
}

/** A `system` message recording a change to its room, made by `u-1`. */
export function change(room: string, clientMsgId: string, event: RoomChange): RoomEventDraft {
  return message(room, clientMsgId, { kind: 'system', text: `change ${clientMsgId}`, event })
}

/**
 * The behaviour every {@link LanchatStore} must have. Each implementation runs it: the memory store, SQLite, and
 * later PostgreSQL.
 */
export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  async function open(): Promise<LanchatStore> {
    const store = await makeStore()
    onTestFinished(() => store.close().catch(() => undefined))
    return store
  }

  async function fill(store: LanchatStore, room: string, count: number): Promise<void> {
    for (let index = 1; index <= count; index++) await store.log.append(message(room, `k${index}`))
  }

  describe(`${name}: rooms`, () => {
    it('should create a room with lastSeq 0 and refuse a second one with the same id', async () => {
      const store = await open()
      const created = await store.rooms.create(newRoom('a', { createdBy: 'u-1', retention: 'until-empty' }))
      expect(created).toEqual({ ...newRoom('a', { createdBy: 'u-1' }), lastSeq: 0, settings: {} })
      expect(await store.rooms.create(newRoom('a', { name: 'Other' }))).toBeUndefined()
      expect(await store.rooms.get('a')).toEqual(created)
      expect(await store.rooms.get('missing')).toBeUndefined()
    })

    it('should keep every field, including an absent creator and the forever retention', async () => {
      const store = await open()
      const lobby = newRoom('lobby', { kind: 'lobby', retention: 'forever', name: 'Lobby ☕', createdAt: 1_234_567_890_123 })
      await store.rooms.create(lobby)
      expect(await store.rooms.get('lobby')).toEqual({ ...lobby, lastSeq: 0, settings: {} })
    })

    it('should list rooms oldest first and rename them', async () => {
      const store = await open()
      await store.rooms.create(newRoom('b', { createdAt: 2_000 }))
      await store.rooms.create(newRoom('a', { createdAt: 1_000 }))
      expect((await store.rooms.list()).map((room) => room.id)).toEqual(['a', 'b'])
      expect(await store.rooms.rename('a', 'Renamed')).toBe(true)
      expect(await store.rooms.rename('missing', 'x')).toBe(false)
      expect((await store.rooms.get('a'))?.name).toBe('Renamed')
    })

    it('should give a room a new epoch and keep its log', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      await fill(store, 'a', 2)
      expect(await store.rooms.setEpoch('a', 'e-restored')).toBe(true)
      expect(await store.rooms.setEpoch('missing', 'x')).toBe(false)
      expect(await store.rooms.get('a')).toMatchObject({ epoch: 'e-restored', lastSeq: 2 })
      expect((await store.log.latest('a', 10)).events).toHaveLength(2)
    })

    it('should track the room lastSeq as events are appended', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      await fill(store, 'a', 3)
      expect((await store.rooms.get('a'))?.lastSeq).toBe(3)
    })

    it('should delete a room with its log, keys and memberships, so the id can start again from seq 1', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      await fill(store, 'a', 3)
      await store.memberships.add('a', 'u-1', 1_000)
      await store.rooms.delete('a')
      expect(await store.rooms.get('a')).toBeUndefined()
      expect((await store.log.latest('a', 10)).events).toEqual([])
      expect(await store.memberships.list('a')).toEqual([])
      await store.rooms.create(newRoom('a', { epoch: 'e-new' }))
      const again = await store.log.append(message('a', 'k1'))
      expect(again).toMatchObject({ duplicate: false, event: { seq: 1 } })
    })
  })

  describe(`${name}: room settings`, () => {
    it('should keep a settings document whole through create, get and list, and give {} to a room made without one', async () => {
      const store = await open()
      const settings = fullSettings()
      const created = await store.rooms.create(newRoom('a', { settings }))
      expect(created).toEqual({ ...newRoom('a'), settings: fullSettings(), lastSeq: 0 })
      expect(await store.rooms.get('a')).toEqual(created)
      await store.rooms.create(newRoom('b', { createdAt: 2_000 }))
      expect((await store.rooms.get('b'))?.settings).toEqual({})
      expect((await store.rooms.list()).map((room) => room.settings)).toEqual([fullSettings(), {}])
    })

    it('should hand out settings no caller can change, and not keep the caller’s own object', async () => {
      const store = await open()
      const moderators = ['u-2']
      await store.rooms.create(newRoom('a', { settings: { moderators } }))
      moderators.push('u-9')
      const read = await store.rooms.get('a')
      expect(read?.settings).toEqual({ moderators: ['u-2'] })
      expect(Object.isFrozen(read?.settings)).toBe(true)
      expect(Object.isFrozen(read?.settings.moderators)).toBe(true)
      expect(() => (read?.settings.moderators as string[]).push('u-9')).toThrow()
      expect((await store.rooms.get('a'))?.settings).toEqual({ moderators: ['u-2'] })
    })

    it('should update name, retention and settings in one call, leaving what it is not given', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a', { settings: { access: 'public', topic: 'old' } }))
      await fill(store, 'a', 2)
      const renamed = await store.rooms.update('a', { name: 'Study group' })
      expect(renamed).toEqual({ ...newRoom('a'), name: 'Study group', lastSeq: 2, settings: { access: 'public', topic: 'old' } })

      const kept = await store.rooms.update('a', { retention: 'forever', settings: { owner: 'u-1', kept: true } })
      // The document is replaced, not merged.
      expect(kept).toEqual({ ...newRoom('a'), name: 'Study group', retention: 'forever', lastSeq: 2, settings: { owner: 'u-1', kept: true } })
      expect(await store.rooms.get('a')).toEqual(kept)

      const all = await store.rooms.update('a', { name: 'Again', retention: 'until-empty', settings: fullSettings() })
      expect(all).toEqual({ ...newRoom('a'), name: 'Again', retention: 'until-empty', lastSeq: 2, settings: fullSettings() })
      expect(await store.rooms.get('a')).toEqual(all)
      expect(await store.rooms.update('a', {})).toEqual(all)
      expect(await store.rooms.update('a', { settings: {} })).toMatchObject({ name: 'Again', settings: {} })
      expect(await store.rooms.update('missing', { name: 'x', settings: { topic: 'x' } })).toBeUndefined()
      expect(await store.rooms.get('missing')).toBeUndefined()
    })

    it('should keep settings apart from renames, epochs and the log, and forget them with the room', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a', { settings: { topic: 'kept' } }))
      await store.rooms.rename('a', 'Renamed')
      await store.rooms.setEpoch('a', 'e-2')
      await fill(store, 'a', 1)
      expect(await store.rooms.get('a')).toMatchObject({ name: 'Renamed', epoch: 'e-2', lastSeq: 1, settings: { topic: 'kept' } })
      await store.rooms.delete('a')
      expect(await store.rooms.update('a', { settings: { topic: 'x' } })).toBeUndefined()
      expect((await store.rooms.create(newRoom('a')))?.settings).toEqual({})
    })
  })

  describe(`${name}: room log`, () => {
    it('should number each room from 1 and give every message a unique id', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      await store.rooms.create(newRoom('b'))
      const first = await store.log.append(message('a', 'k1'))
      const second = await store.log.append(message('a', 'k2'))
      const other = await store.log.append(message('b', 'k1'))
      expect([first.event.seq, second.event.seq, other.event.seq]).toEqual([1, 2, 1])
      expect(new Set([first.event.message.id, second.event.message.id, other.event.message.id]).size).toBe(3)
      expect(first).toEqual({
        duplicate: false,
        event: {
          type: 'message.created',
          room: 'a',
          seq: 1,
          ts: 1_000,
          message: {
            id: first.event.message.id,
            room: 'a',
            seq: 1,
            kind: 'user',
            from: { id: 'u-1', name: 'Maria' },
            text: 'text k1',
            ts: 1_000,
            clientMsgId: 'k1',
          },
        },
      })
    })

    it('should be idempotent on room, sender and clientMsgId, answering a repeat with the stored event', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      await store.rooms.create(newRoom('b'))
      const first = await store.log.append(message('a', 'k1'))
      const again = await store.log.append(message('a', 'k1', { text: 'changed', ts: 2_000 }))
      expect(again).toEqual({ event: first.event, duplicate: true })
      expect((await store.log.append(message('a', 'k1', { from: { id: 'u-2', name: 'Ana' } }))).event.seq).toBe(2)
      expect((await store.log.append(message('b', 'k1'))).duplicate).toBe(false)
      expect((await store.log.latest('a', 10)).events).toHaveLength(2)
      expect((await store.rooms.get('a'))?.lastSeq).toBe(2)
    })

    it('should keep text, names and keys byte for byte', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      const text = 'Zoë says "hi" 👋🏽\nline two\u200d — <b>&amp;</b> \\ % _'
      const { event } = await store.log.append(
        message('a', 'K_-9', { text, from: { id: 'u-Ω', name: 'Zoë 🎈' }, kind: 'system' }),
      )
      const [read] = (await store.log.latest('a', 1)).events
      expect(read).toEqual(event)
      expect(read?.message).toMatchObject({ text, from: { id: 'u-Ω', name: 'Zoë 🎈' }, kind: 'system', clientMsgId: 'K_-9' })
    })

    it('should store the event of a system message and return it with the message, and no event property without one', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      const event: RoomChange = { type: 'member.role', member: { id: 'u-2', name: 'Zoë 🎈' }, role: 'moderator' }
      const appended = await store.log.append(change('a', 'c1', event))
      expect(appended.event.message).toEqual({
        id: appended.event.message.id,
        room: 'a',
        seq: 1,
        kind: 'system',
        from: { id: 'u-1', name: 'Maria' },
        text: 'change c1',
        ts: 1_000,
        clientMsgId: 'c1',
        event,
      })
      const plain = await store.log.append(message('a', 'k2'))
      expect(Object.keys(plain.event.message)).not.toContain('event')
      const [first, second] = (await store.log.latest('a', 10)).events
      expect(first).toEqual(appended.event)
      expect(Object.isFrozen(first?.message.event)).toBe(true)
      expect(second).toEqual(plain.event)
      expect(Object.keys(second?.message ?? {})).not.toContain('event')
    })

    it('should answer a repeat of a system message with its stored event, not the repeat’s', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      const first = await store.log.append(change('a', 'c1', { type: 'room.topic', topic: 'first' }))
      const again = await store.log.append(change('a', 'c1', { type: 'room.topic', topic: 'second' }))
      expect(again).toEqual({ event: first.event, duplicate: true })
      expect(again.event.message.event).toEqual({ type: 'room.topic', topic: 'first' })
      // A repeat with no event at all still gets the stored one, and a plain message repeated gets none.
      expect((await store.log.append(message('a', 'c1'))).event.message.event).toEqual({ type: 'room.topic', topic: 'first' })
      await store.log.append(message('a', 'k1'))
      const plainAgain = await store.log.append(change('a', 'k1', { type: 'room.kept' }))
      expect(plainAgain.duplicate).toBe(true)
      expect(Object.keys(plainAgain.event.message)).not.toContain('event')
    })

    it('should keep every kind of room change, also when appended in one batch, and page them like any message', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      const changes: RoomChange[] = [
        { type: 'room.renamed', name: 'Friday ☕' },
        { type: 'room.topic', topic: '' },
        { type: 'room.access', access: 'private' },
        { type: 'room.kept' },
        { type: 'member.added', member: { id: 'g-1', name: 'Pete' } },
        { type: 'member.removed', member: { id: 'g-1', name: 'Pete' } },
        { type: 'member.banned', member: { id: 'g-2', name: 'Ana' } },
        { type: 'member.unbanned', member: { id: 'g-2', name: 'Ana' } },
        { type: 'member.muted', member: { id: 'u-3', name: 'Ola' } },
        { type: 'member.unmuted', member: { id: 'u-3', name: 'Ola' } },
        { type: 'member.role', member: { id: 'u-3', name: 'Ola' }, role: 'owner' },
      ]
      // Interleaved with plain messages, all appended before the first resolved (one commit or batch, where a store
      // groups them).
      const drafts = changes.flatMap((event, index) => [change('a', `c${index}`, event), message('a', `k${index}`)])
      const results = await Promise.all(drafts.map((draft) => store.log.append(draft)))
      expect(results.map((result) => result.event.message.event)).toEqual(changes.flatMap((event) => [event, undefined]))

      const all = (await store.log.after('a', 0, 100)).events
      expect(all).toEqual(results.map((result) => result.event))
      const events = (page: { events: readonly { message: { event?: RoomChange } }[] }) => page.events.map((read) => read.message.event)
      expect(events(await store.log.latest('a', 3))).toEqual([undefined, changes[10], undefined])
      expect(events(await store.log.before('a', 5, 4))).toEqual([changes[0], undefined, changes[1], undefined])
      expect(events(await store.log.after('a', 4, 2))).toEqual([changes[2], undefined])
      for (const read of all) {
        if (read.message.event === undefined) expect(Object.keys(read.message)).not.toContain('event')
      }
    })

    it('should reject an append to a room it does not have, storing nothing', async () => {
      const store = await open()
      await expect(store.log.append(message('missing', 'k1'))).rejects.toThrow()
      expect((await store.log.latest('missing', 10)).events).toEqual([])
    })

    it('should page the latest events and older ones, oldest first', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      await fill(store, 'a', 5)
      const latest = await store.log.latest('a', 2)
      expect(latest.events.map((event) => event.seq)).toEqual([4, 5])
      expect(latest.hasMore).toBe(true)
      const older = await store.log.before('a', 4, 2)
      expect(older.events.map((event) => event.seq)).toEqual([2, 3])
      expect(older.hasMore).toBe(true)
      const oldest = await store.log.before('a', 2, 10)
      expect(oldest.events.map((event) => event.seq)).toEqual([1])
      expect(oldest.hasMore).toBe(false)
      expect(await store.log.latest('a', 0)).toEqual({ events: [], hasMore: true })
      expect(await store.log.latest('empty', 5)).toEqual({ events: [], hasMore: false })
    })

    it('should page events after a seq, saying whether newer ones remain', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      await fill(store, 'a', 5)
      const missed = await store.log.after('a', 2, 2)
      expect(missed.events.map((event) => event.seq)).toEqual([3, 4])
      expect(missed.hasMore).toBe(true)
      const rest = await store.log.after('a', 4, 10)
      expect(rest.events.map((event) => event.seq)).toEqual([5])
      expect(rest.hasMore).toBe(false)
      expect(await store.log.after('a', 5, 10)).toEqual({ events: [], hasMore: false })
      expect((await store.log.after('a', 0, 10)).events).toHaveLength(5)
    })

    it('should assign contiguous seqs to appends of different rooms made at the same time', async () => {
      const store = await open()
      const rooms = ['a', 'b', 'c', 'd']
      for (const room of rooms) await store.rooms.create(newRoom(room))
      // Rooms run concurrently; within a room the chat core appends one after another.
      await Promise.all(
        rooms.map(async (room) => {
          for (let index = 1; index <= 25; index++) await store.log.append(message(room, `k${index}`))
        }),
      )
      for (const room of rooms) {
        const page = await store.log.latest(room, 100)
        expect(page.events.map((event) => event.seq)).toEqual(Array.from({ length: 25 }, (_, index) => index + 1))
        expect(messagesOf(page.events).map((stored) => stored.clientMsgId)).toEqual(
          Array.from({ length: 25 }, (_, index) => `k${index + 1}`),
        )
      }
    })

    it('should give one room the seqs of appends made before the previous resolved in call order', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      const settled: number[] = []
      const appends = Array.from({ length: 20 }, (_, index) =>
        store.log.append(message('a', `k${index + 1}`)).then((result) => {
          settled.push(result.event.seq)
          return result
        }),
      )
      const results = await Promise.all(appends)
      expect(results.map((result) => result.event.message.clientMsgId)).toEqual(
        Array.from({ length: 20 }, (_, index) => `k${index + 1}`),
      )
      expect(results.map((result) => result.event.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1))
      expect(settled).toEqual(Array.from({ length: 20 }, (_, index) => index + 1))
    })

    it('should settle concurrent appends of one key once: one stored, the others duplicates of it', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      const results = await Promise.all([1, 2, 3].map(() => store.log.append(message('a', 'same'))))
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1)
      expect(new Set(results.map((result) => result.event.message.id)).size).toBe(1)
      expect((await store.rooms.get('a'))?.lastSeq).toBe(1)
    })
  })

  describe(`${name}: users and sessions`, () => {
    it('should store users, rename them and refuse a duplicate id', async () => {
      const store = await open()
      await store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
      await expect(store.users.create({ id: 'u-1', name: 'Other', createdAt: 2_000 })).rejects.toThrow()
      expect(await store.users.get('u-1')).toEqual({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
      expect(await store.users.rename('u-1', 'María')).toBe(true)
      expect(await store.users.rename('u-9', 'x')).toBe(false)
      expect((await store.users.get('u-1'))?.name).toBe('María')
      expect(await store.users.get('u-9')).toBeUndefined()
    })

    it('should find a session by hash until it expires, and extend or delete it', async () => {
      const store = await open()
      await store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
      const session = { tokenHash: 'h1', userId: 'u-1', createdAt: 1_000, expiresAt: 5_000 }
      await store.sessions.create(session)
      expect(await store.sessions.get('h1', 4_999)).toEqual(session)
      expect(await store.sessions.get('h1', 5_000)).toBeUndefined()
      await store.sessions.extend(['h1', 'unknown'], 9_000)
      expect(await store.sessions.get('h1', 5_000)).toEqual({ ...session, expiresAt: 9_000 })
      await store.sessions.delete('h1')
      expect(await store.sessions.get('h1', 0)).toBeUndefined()
    })

    it('should refuse a session of a user it does not have', async () => {
      const store = await open()
      await expect(
        store.sessions.create({ tokenHash: 'h1', userId: 'u-9', createdAt: 1_000, expiresAt: 5_000 }),
      ).rejects.toThrow()
      expect(await store.sessions.get('h1', 0)).toBeUndefined()
    })

    it('should delete expired sessions and keep the others', async () => {
      const store = await open()
      await store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
      await store.sessions.create({ tokenHash: 'old', userId: 'u-1', createdAt: 1_000, expiresAt: 2_000 })
      await store.sessions.create({ tokenHash: 'new', userId: 'u-1', createdAt: 1_000, expiresAt: 9_000 })
      expect(await store.sessions.deleteExpired(5_000)).toBe(1)
      expect(await store.sessions.get('new', 5_000)).toBeDefined()
      expect(await store.sessions.get('old', 0)).toBeUndefined()
      await store.sessions.extend([], 10_000)
    })
  })

  describe(`${name}: accounts and credentials`, () => {
    const account = (userId: string, nameKey: string, overrides: Partial<StoredAccount> = {}): StoredAccount => ({
      userId,
      name: nameKey,
      nameKey,
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
      admin: false,
      disabled: false,
      createdAt: 1_000,
      ...overrides,
    })
    const credential = (tokenHash: string, overrides: Partial<StoredCredential> = {}): StoredCredential => ({
      tokenHash,
      kind: 'session',
      userId: 'u-1',
      label: undefined,
      createdAt: 1_000,
      expiresAt: 5_000,
      lastUsedAt: 1_000,
      ...overrides,
    })

    it('should keep one account per user and per folded name, find it both ways, and change it', async () => {
      const store = await open()
      for (const id of ['u-1', 'u-2']) await store.users.create({ id, name: id, createdAt: 1_000 })
      expect(await store.accounts.create(account('u-1', 'maria', { admin: true }))).toBe(true)
      expect(await store.accounts.create(account('u-1', 'other'))).toBe(false)
      expect(await store.accounts.create(account('u-2', 'maria'))).toBe(false)
      expect(await store.accounts.create(account('u-2', 'pete'))).toBe(true)
      expect(await store.accounts.get('u-1')).toEqual(account('u-1', 'maria', { admin: true }))
      expect((await store.accounts.byNameKey('pete'))?.userId).toBe('u-2')
      expect(await store.accounts.byNameKey('nobody')).toBeUndefined()

      expect(await store.accounts.update('u-2', { nameKey: 'maria' })).toBe(false)
      expect(await store.accounts.update('u-2', { passwordHash: 'new', disabled: true })).toEqual(
        account('u-2', 'pete', { passwordHash: 'new', disabled: true }),
      )
      expect(await store.accounts.update('u-9', { admin: true })).toBeUndefined()
      expect((await store.accounts.list()).map((stored) => stored.userId)).toEqual(['u-1', 'u-2'])
    })

    it('should refuse an account of a user it does not have', async () => {
      const store = await open()
      await expect(store.accounts.create(account('u-9', 'ghost'))).rejects.toThrow()
    })

    it('should find a credential until it expires, and keep one without expiry for good', async () => {
      const store = await open()
      await store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
      await store.credentials.create(credential('s1', { label: 'Firefox' }))
      await store.credentials.create(credential('r1', { kind: 'recovery', expiresAt: undefined }))
      expect(await store.credentials.get('s1', 4_999)).toEqual(credential('s1', { label: 'Firefox' }))
      expect(await store.credentials.get('s1', 5_000)).toBeUndefined()
      expect(await store.credentials.get('r1', 1e12)).toEqual(credential('r1', { kind: 'recovery', expiresAt: undefined }))
      await store.credentials.touch('s1', 4_000, 9_000)
      expect(await store.credentials.get('s1', 5_000)).toMatchObject({ lastUsedAt: 4_000, expiresAt: 9_000 })
      expect(await store.credentials.deleteExpired(10_000)).toBe(1)
      expect(await store.credentials.get('r1', 10_000)).toBeDefined()
    })

    it('should let a one-time credential be taken once, only as its own kind and before it expires', async () => {
      const store = await open()
      await store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 })
      await store.credentials.create(credential('l1', { kind: 'link' }))
      await store.credentials.create(credential('l2', { kind: 'link', expiresAt: 2_000 }))
      expect(await store.credentials.take('l1', 'reset', 1_500)).toBeUndefined()
      const [first, second] = await Promise.all([store.credentials.take('l1', 'link', 1_500), store.credentials.take('l1', 'link', 1_500)])
      expect([first?.tokenHash, second?.tokenHash].sort()).toEqual(['l1', undefined].sort())
      expect(await store.credentials.take('l2', 'link', 2_000)).toBeUndefined()
      await store.credentials.create(credential('setup', { kind: 'setup', userId: undefined }))
      expect(await store.credentials.take('setup', 'setup', 1_500)).toMatchObject({ userId: undefined })
    })

    it('should list and forget a user’s credentials of one kind, sparing one, and drop them with the account', async () => {
      const store = await open()
      for (const id of ['u-1', 'u-2']) await store.users.create({ id, name: id, createdAt: 1_000 })
      await store.accounts.create(account('u-1', 'maria'))
      await store.credentials.create(credential('a', { createdAt: 1 }))
      await store.credentials.create(credential('b', { createdAt: 2 }))
      await store.credentials.create(credential('c', { createdAt: 3 }))
      await store.credentials.create(credential('r', { kind: 'recovery', expiresAt: undefined }))
      await store.credentials.create(credential('other', { userId: 'u-2' }))
      expect((await store.credentials.listForUser('u-1', 'session')).map((stored) => stored.tokenHash)).toEqual(['a', 'b', 'c'])
      expect((await store.credentials.deleteForUser('u-1', 'session', 'b')).sort()).toEqual(['a', 'c'])
      expect((await store.credentials.listForUser('u-1', 'session')).map((stored) => stored.tokenHash)).toEqual(['b'])
      expect(await store.accounts.delete('u-1')).toBe(true)
      expect(await store.accounts.delete('u-1')).toBe(false)
      expect(await store.credentials.get('b', 0)).toBeUndefined()
      expect(await store.credentials.get('r', 0)).toBeUndefined()
      expect(await store.credentials.get('other', 0)).toBeDefined()
      expect(await store.users.get('u-1')).toBeDefined()
    })
  })

  describe(`${name}: memberships`, () => {
    it('should add members once, in order, list a user rooms, and remove them', async () => {
      const store = await open()
      await store.rooms.create(newRoom('a'))
      await store.rooms.create(newRoom('b'))
      await store.memberships.add('a', 'u-2', 1_000)
      await store.memberships.add('a', 'u-1', 2_000)
      await store.memberships.add('a', 'u-2', 3_000)
      await store.memberships.add('b', 'u-2', 3_000)
      expect(await store.memberships.list('a')).toEqual(['u-2', 'u-1'])
      expect((await store.memberships.roomsOf('u-2')).sort()).toEqual(['a', 'b'])
      await store.memberships.remove('a', 'u-2')
      await store.memberships.remove('a', 'u-9')
      expect(await store.memberships.list('a')).toEqual(['u-1'])
      expect(await store.memberships.roomsOf('u-2')).toEqual(['b'])
    })

    it('should keep the notification level a member sets per room, and forget it with the membership', async () => {
      const store = await open()
      for (const room of ['a', 'b', 'c']) await store.rooms.create(newRoom(room))
      for (const room of ['a', 'b', 'c']) await store.memberships.add(room, 'u-1', 1_000)
      await store.memberships.add('a', 'u-2', 1_000)
      expect(await store.memberships.notifyLevels('u-1')).toEqual(new Map())

      expect(await store.memberships.setNotify('a', 'u-1', 'none')).toBe(true)
      expect(await store.memberships.setNotify('b', 'u-1', 'all')).toBe(true)
      expect(await store.memberships.setNotify('a', 'u-2', 'mentions')).toBe(true)
      expect(await store.memberships.notifyLevels('u-1')).toEqual(new Map([['a', 'none'], ['b', 'all']]))
      expect(await store.memberships.notifyLevels('u-2')).toEqual(new Map([['a', 'mentions']]))

      // Not a member, or no such room: nothing stored.
      expect(await store.memberships.setNotify('b', 'u-2', 'none')).toBe(false)
      expect(await store.memberships.setNotify('missing', 'u-1', 'none')).toBe(false)
      expect(await store.memberships.notifyLevels('u-2')).toEqual(new Map([['a', 'mentions']]))
      expect(await store.memberships.notifyLevels('u-9')).toEqual(new Map())

      // Setting it again replaces it; undefined is the default again; adding an existing member keeps it.
      expect(await store.memberships.setNotify('a', 'u-1', 'mentions')).toBe(true)
      expect(await store.memberships.setNotify('b', 'u-1', undefined)).toBe(true)
      await store.memberships.add('a', 'u-1', 5_000)
      expect(await store.memberships.notifyLevels('u-1')).toEqual(new Map([['a', 'mentions']]))
      expect(await store.memberships.list('a')).toEqual(['u-1', 'u-2'])

      // Leaving forgets it: a member again starts at the default. Deleting the room forgets its levels too.
      await store.memberships.remove('a', 'u-1')
      await store.memberships.add('a', 'u-1', 6_000)
      expect(await store.memberships.notifyLevels('u-1')).toEqual(new Map())
      await store.rooms.delete('a')
      expect(await store.memberships.notifyLevels('u-2')).toEqual(new Map())
    })

    it('should ignore a membership of a room it does not have', async () => {
      const store = await open()
      await store.memberships.add('missing', 'u-1', 1_000)
      expect(await store.memberships.list('missing')).toEqual([])
      expect(await store.memberships.roomsOf('u-1')).toEqual([])
    })
  })

  describe(`${name}: lifecycle`, () => {
    it('should reject calls after close', async () => {
      const store = await makeStore()
      await store.close()
      await expect(store.rooms.list()).rejects.toThrow()
    })

    it('should reject writes after close, storing nothing', async () => {
      const store = await makeStore()
      await store.close()
      await expect(store.rooms.create(newRoom('a'))).rejects.toThrow()
      await expect(store.log.append(message('a', 'k1'))).rejects.toThrow()
      await expect(store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1_000 })).rejects.toThrow()
    })
  })
}
