import { batch, computed, signal } from '@preact/signals'
import { LanchatClient, type OutgoingMessage } from '@lanchat/client'
import { LOBBY_ROOM_ID, normalizeRoomId, type ChatMessage, type Member, type RoomInfo } from '@lanchat/protocol'
import { Chime } from '../chime.js'
import {
  notificationSupport,
  requestNotificationPermission,
  showNotification,
  type NotificationSupport,
} from '../notifications.js'
import { isBoolean, isString, isStringArray, load, save } from '../storage.js'
import { errorText } from './error-text.js'
import { RoomView, type PendingMessage } from './room-view.js'
import { appendNotice, insertMessages, oldestSeq, trimOldest, type NoticeItem } from './timeline.js'
import { forgetUnsent, loadUnsent, recordUnsent } from './unsent-messages.js'

/** The SDK's connection state. */
export type ConnectionState = LanchatClient['state']

/** A short message shown at the bottom of the screen. */
export interface Toast {
  id: number
  text: string
  tone: 'info' | 'error'
}

type RoomSnapshot = { room: RoomInfo; members: Member[]; messages: ChatMessage[]; hasMore: boolean }

const HISTORY_PAGE = 50

/**
 * The app's state and every action, on top of one `LanchatClient`. Components read signals and call
 * methods; nothing else talks to the SDK.
 */
export class ChatStore {
  readonly name = signal(load('name', isString))
  readonly me = signal<Member | undefined>(undefined)
  readonly connection = signal<ConnectionState>('idle')
  /** Why the first connection failed, when it did. */
  readonly startError = signal<string | undefined>(undefined)
  readonly rooms = signal<readonly RoomView[]>([])
  readonly activeRoomId = signal<string>(load('activeRoom', isString) ?? LOBBY_ROOM_ID)
  readonly activeRoom = computed(
    () => this.rooms.value.find((room) => room.id === this.activeRoomId.value) ?? this.rooms.value[0],
  )
  readonly totalUnread = computed(() => this.rooms.value.reduce((sum, room) => sum + room.unread.value, 0))
  readonly toasts = signal<readonly Toast[]>([])
  /** The latest line for screen readers (an aria-live region reads it out). */
  readonly announcement = signal('')
  readonly notify = signal(load('notify', isBoolean) ?? false)
  readonly sound = signal(load('sound', isBoolean) ?? false)
  readonly notificationState = signal<NotificationSupport>(notificationSupport())
  readonly pageVisible = signal(document.visibilityState === 'visible')

  #client: LanchatClient | undefined
  #chime = new Chime()
  #order = 0
  #toastId = 0

  constructor() {
    document.addEventListener('visibilitychange', () => {
      this.pageVisible.value = document.visibilityState === 'visible'
      if (this.pageVisible.value) this.#markRead(this.activeRoom.value)
    })
    // Back on the network (Wi-Fi rejoined, laptop woke up): try at once instead of waiting out the backoff.
    globalThis.addEventListener('online', () => this.reconnectNow())
  }

  /** The socket URL of the server that served this page. */
  static socketUrl(location: Pick<Location, 'protocol' | 'host'> = globalThis.location): string {
    return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`
  }

  /**
   * Connects as `name`, keeping the identity of an earlier visit (its session token), joins the lobby and
   * the rooms the person was in, then `roomFromLink` if given.
   */
  async start(name: string, roomFromLink?: string): Promise<void> {
    this.startError.value = undefined
    save('name', name)
    this.name.value = name
    const session = load('session', isString)
    const client = new LanchatClient({
      url: ChatStore.socketUrl(),
      name,
      ...(session === undefined ? {} : { session }),
    })
    this.#client = client
    this.#subscribe(client)
    try {
      const welcome = await client.connect()
      save('session', welcome.session)
      this.me.value = welcome.user
    } catch (error) {
      this.startError.value = errorText(error)
      this.#client = undefined
      await client.close().catch(() => undefined)
      return
    }

    const remembered = load('rooms', isStringArray) ?? []
    await this.#joinQuietly(LOBBY_ROOM_ID)
    for (const room of remembered) await this.#joinQuietly(room)
    if (roomFromLink !== undefined) {
      const room = await this.joinRoom(roomFromLink)
      if (room !== undefined) this.openRoom(room.id)
    }
    if (this.activeRoom.value !== undefined) this.openRoom(this.activeRoom.value.id)
    this.#sendUnsent(client)
  }

  /** Skips the rest of the reconnect delay. */
  reconnectNow(): void {
    const client = this.#client
    if (client?.state === 'reconnecting') client.connect().catch(() => undefined)
  }

  /** Reads the notification permission again (the person may have changed it in the browser). */
  refreshNotificationState(): void {
    this.notificationState.value = notificationSupport()
    if (this.notificationState.value !== 'available' && this.notify.value) this.notify.value = false
  }

  /** Changes the display name everywhere; resolves with an error sentence when it failed. */
  async rename(name: string): Promise<string | undefined> {
    const client = this.#client
    if (client === undefined) return 'Not connected.'
    try {
      const updated = await client.setName(name)
      this.me.value = updated.user
      this.name.value = name
      save('name', name)
      return undefined
    } catch (error) {
      return errorText(error)
    }
  }

  /** Shows a room and marks it read. */
  openRoom(roomId: string): void {
    this.activeRoomId.value = roomId
    save('activeRoom', roomId)
    this.#markRead(this.rooms.value.find((room) => room.id === roomId))
  }

  /** Joins a room by code or id; shows a toast and resolves with `undefined` when that failed. */
  async joinRoom(code: string): Promise<RoomView | undefined> {
    const client = this.#client
    if (client === undefined) return undefined
    const existing = this.rooms.value.find((room) => room.id === normalizeRoomId(code))
    if (existing !== undefined) return existing
    try {
      const joined = await client.join(code)
      return this.#addRoom(joined)
    } catch (error) {
      this.toast(errorText(error), 'error')
      return undefined
    }
  }

  /** Makes a new code room (the person joins it) and opens it. */
  async createRoom(name?: string): Promise<RoomView | undefined> {
    const client = this.#client
    if (client === undefined) return undefined
    try {
      const created = await client.create(name === undefined || name === '' ? {} : { name })
      const room = this.#addRoom(created)
      this.openRoom(room.id)
      return room
    } catch (error) {
      this.toast(errorText(error), 'error')
      return undefined
    }
  }

  /** Leaves a room; the lobby stays. */
  async leaveRoom(roomId: string): Promise<void> {
    const client = this.#client
    if (client === undefined || roomId === LOBBY_ROOM_ID) return
    try {
      await client.leave(roomId)
    } catch (error) {
      this.toast(errorText(error), 'error')
      return
    }
    this.#removeRoom(roomId)
  }

  /** Sends text; the message shows as pending at once and as sent when the server stored it. */
  send(roomId: string, text: string): void {
    const client = this.#client
    if (client === undefined || text.trim() === '') return
    const outgoing = client.send(roomId, text)
    this.#trackOutgoing(outgoing)
    outgoing.acked.catch(() => undefined)
  }

  retry(clientMsgId: string): void {
    this.#client?.retry(clientMsgId)
  }

  discard(roomId: string, clientMsgId: string): void {
    this.#client?.discard(clientMsgId)
    forgetUnsent(clientMsgId)
    const room = this.#room(roomId)
    if (room !== undefined) room.pending.value = room.pending.value.filter((entry) => entry.clientMsgId !== clientMsgId)
  }

  setTyping(roomId: string, typing: boolean): void {
    if (this.connection.value === 'open') this.#client?.typing(roomId, typing)
  }

  /** Loads the page of messages before the oldest one shown. */
  async loadOlder(roomId: string): Promise<void> {
    const room = this.#room(roomId)
    const client = this.#client
    if (room === undefined || client === undefined || room.loadingOlder.value || !room.hasMore.value) return
    const before = oldestSeq(room.items.value)
    room.loadingOlder.value = true
    try {
      const page = await client.history(roomId, { ...(before === undefined ? {} : { before }), limit: HISTORY_PAGE })
      batch(() => {
        room.items.value = insertMessages(room.items.value, page.messages)
        room.hasMore.value = page.hasMore
      })
    } catch (error) {
      this.toast(errorText(error), 'error')
    } finally {
      room.loadingOlder.value = false
    }
  }

  /** Turns browser notifications on (asking for permission) or off. */
  async setNotify(on: boolean): Promise<void> {
    this.notificationState.value = on ? await requestNotificationPermission() : notificationSupport()
    this.notify.value = on && this.notificationState.value === 'available'
    save('notify', this.notify.value)
  }

  /** Turns the message sound on or off; must be called from a click (browsers unlock audio on a gesture). */
  setSound(on: boolean): void {
    this.sound.value = on
    save('sound', on)
    if (on) {
      this.#chime.unlock()
      this.#chime.play()
    }
  }

  toast(text: string, tone: Toast['tone'] = 'info'): void {
    const id = ++this.#toastId
    this.toasts.value = [...this.toasts.value, { id, text, tone }]
    setTimeout(() => this.dismissToast(id), tone === 'error' ? 8_000 : 4_000)
  }

  dismissToast(id: number): void {
    this.toasts.value = this.toasts.value.filter((toast) => toast.id !== id)
  }

  // ---- internals ----

  #room(roomId: string): RoomView | undefined {
    const id = normalizeRoomId(roomId)
    return this.rooms.value.find((room) => room.id === id)
  }

  #markRead(room: RoomView | undefined): void {
    if (room !== undefined && this.pageVisible.value) room.unread.value = 0
  }

  #persistRooms(): void {
    save(
      'rooms',
      this.rooms.value.filter((room) => room.id !== LOBBY_ROOM_ID).map((room) => room.id),
    )
  }

  async #joinQuietly(roomId: string): Promise<void> {
    const client = this.#client
    if (client === undefined) return
    try {
      this.#addRoom(await client.join(roomId))
    } catch (error) {
      if (roomId !== LOBBY_ROOM_ID) this.toast(`Room ${roomId.toUpperCase()} is gone: everyone left it.`)
      else this.toast(errorText(error), 'error')
      this.#persistRooms()
    }
  }

  #addRoom(snapshot: RoomSnapshot): RoomView {
    const existing = this.#room(snapshot.room.id)
    const room = existing ?? new RoomView(snapshot.room)
    batch(() => {
      room.info.value = snapshot.room
      room.members.value = snapshot.members
      room.items.value = insertMessages(existing === undefined ? [] : room.items.value, snapshot.messages)
      room.hasMore.value = snapshot.hasMore
      if (existing === undefined) {
        // The lobby first, then rooms in the order they were joined.
        this.rooms.value =
          room.id === LOBBY_ROOM_ID ? [room, ...this.rooms.value] : [...this.rooms.value, room]
      }
    })
    this.#persistRooms()
    return room
  }

  #removeRoom(roomId: string): void {
    const id = normalizeRoomId(roomId)
    this.rooms.value = this.rooms.value.filter((room) => room.id !== id)
    this.#persistRooms()
    if (this.activeRoomId.value === id) this.openRoom(LOBBY_ROOM_ID)
  }

  #refreshRoomState(roomId: string): void {
    const room = this.#room(roomId)
    const state = this.#client?.rooms.get(room?.id ?? roomId)
    if (room === undefined || state === undefined) return
    const me = this.me.value?.id
    batch(() => {
      room.info.value = state.info
      room.members.value = [...state.members]
      room.typing.value = [...state.typing].filter((member) => member.id !== me)
    })
  }

  #notice(roomId: string, notice: Omit<NoticeItem, 'kind' | 'key' | 'afterSeq' | 'order'>): void {
    const room = this.#room(roomId)
    if (room === undefined) return
    room.items.value = appendNotice(room.items.value, { ...notice, order: ++this.#order })
  }

  /**
   * Sends again what was still on its way when the page last went away, with the same
   * `clientMsgId`s: the server stores each once, even the ones it had already stored.
   */
  #sendUnsent(client: LanchatClient): void {
    let roomGone = 0
    for (const unsent of loadUnsent()) {
      if (this.#room(unsent.room) === undefined) {
        forgetUnsent(unsent.clientMsgId)
        roomGone += 1
        continue
      }
      this.#trackOutgoing(client.send(unsent.room, unsent.text, { clientMsgId: unsent.clientMsgId }))
    }
    if (roomGone === 1) this.toast('A message written before you left was not sent: its room is gone.', 'error')
    if (roomGone > 1) this.toast(`${roomGone} messages written before you left were not sent: their room is gone.`, 'error')
  }

  #trackOutgoing(outgoing: OutgoingMessage): void {
    const room = this.#room(outgoing.room)
    if (room === undefined) return
    if (outgoing.state === 'sent') {
      batch(() => {
        if (outgoing.message !== undefined) room.items.value = insertMessages(room.items.value, [outgoing.message])
        room.pending.value = room.pending.value.filter((entry) => entry.clientMsgId !== outgoing.clientMsgId)
      })
      return
    }
    const previous = room.pending.value.find((entry) => entry.clientMsgId === outgoing.clientMsgId)
    const entry: PendingMessage = {
      clientMsgId: outgoing.clientMsgId,
      text: outgoing.text,
      state: outgoing.state,
      createdAt: previous?.createdAt ?? Date.now(),
      ...(outgoing.error === undefined ? {} : { error: errorText(outgoing.error) }),
    }
    room.pending.value =
      previous === undefined
        ? [...room.pending.value, entry]
        : room.pending.value.map((existing) => (existing === previous ? entry : existing))
  }

  #onMessage(message: ChatMessage): void {
    const room = this.#room(message.room)
    if (room === undefined) return
    const mine = message.from.id === this.me.value?.id
    const isActive = this.activeRoom.value === room && this.pageVisible.value
    batch(() => {
      const inserted = insertMessages(room.items.value, [message])
      if (inserted === room.items.value) return
      const trimmed = room.atBottom.value ? trimOldest(inserted) : { items: inserted, trimmed: false }
      room.items.value = trimmed.items
      if (trimmed.trimmed) room.hasMore.value = true
      if (mine) {
        room.pending.value = room.pending.value.filter((entry) => entry.clientMsgId !== message.clientMsgId)
        return
      }
      if (!isActive) room.unread.value += 1
      this.announcement.value =
        this.activeRoom.value === room
          ? `${message.from.name}: ${message.text}`
          : `New message in ${room.title.value} from ${message.from.name}`
      this.#alert(room, message)
    })
  }

  #alert(room: RoomView, message: ChatMessage): void {
    const hidden = !this.pageVisible.value
    if (this.sound.value && (hidden || this.activeRoom.value !== room)) this.#chime.play()
    if (this.notify.value && hidden) {
      showNotification({
        title: `${message.from.name} in ${room.title.value}`,
        body: message.text.length > 140 ? `${message.text.slice(0, 139)}…` : message.text,
        tag: room.id,
        onClick: () => this.openRoom(room.id),
      })
    }
  }

  #subscribe(client: LanchatClient): void {
    client.on('state', ({ state }) => {
      this.connection.value = state
    })
    client.on('message.created', ({ message }) => this.#onMessage(message))
    client.on('outbox', (outgoing) => {
      recordUnsent(outgoing)
      this.#trackOutgoing(outgoing)
    })
    client.on('room.updated', (roomId) => this.#refreshRoomState(roomId))
    client.on('member.joined', ({ room, member, ts }) => {
      if (member.id !== this.me.value?.id) this.#notice(room, { event: 'joined', member, ts })
    })
    client.on('member.left', ({ room, member, reason, ts }) => {
      this.#notice(room, { event: reason === 'disconnected' ? 'disconnected' : 'left', member, ts })
    })
    client.on('member.updated', ({ room, member, previousName }) => {
      if (member.id === this.me.value?.id) this.me.value = member
      this.#notice(room, { event: 'renamed', member, previousName, ts: Date.now() })
    })
    client.on('room.resumed', (resumed) => {
      const room = this.#room(resumed.room.id)
      if (room === undefined) return
      batch(() => {
        // Not recovered: too much was missed to replay, so start again from the newest page.
        room.items.value = insertMessages(resumed.recovered ? room.items.value : [], resumed.messages)
        if (!resumed.recovered) room.hasMore.value = resumed.hasMore
        room.members.value = resumed.members
      })
    })
    client.on('welcome', (welcome) => {
      save('session', welcome.session)
      this.me.value = welcome.user
      for (const lost of welcome.lostRooms) {
        if (this.#room(lost) === undefined) continue
        this.#removeRoom(lost)
        this.toast(`Room ${lost.toUpperCase()} closed while you were away.`)
      }
    })
    client.on('error', (error) => {
      console.warn('[lanchat]', error)
    })
  }
}
