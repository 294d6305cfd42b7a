import { computed, effect, signal } from '@preact/signals'
import {
  ClientErrorCodes,
  LanchatClient,
  LOBBY_ROOM_ID,
  normalizeRoomId,
  roleOf,
  type ChatMessage,
  type ConnectionState,
  type Member,
  type NotifyLevel,
  type RoomAccess,
  type RoomRemoved,
  type RoomRole,
} from '@lanchat/client'
import { AccountSession } from '../accounts/account-session.js'
import { Chime } from '../chime.js'
import { alertFor, watchBackfill, type AlertReason } from './alerts.js'
import {
  notificationSupport,
  requestNotificationPermission,
  showNotification,
  type NotificationSupport,
} from '../notifications.js'
import { isBoolean, isString, isStringArray, load, save } from '../storage.js'
import type { RoomInvite } from '../room-link.js'
import { errorText } from './error-text.js'
import { removalText } from './removal-text.js'
import { RoomManagement } from './room-management.js'
import { RoomView } from './room-view.js'
import { forgetUnsent, loadUnsent, recordUnsent } from './unsent-messages.js'

export type { ConnectionState } from '@lanchat/client'

/** What the "Create room" dialog asks for. */
export interface NewRoom {
  name?: string
  /** `public` or `private` makes a kept named room; without it, a quick code room. */
  access?: RoomAccess
  /** A code of the person's choosing instead of a generated one. */
  code?: string
}

/** A short message shown at the bottom of the screen. */
export interface Toast {
  id: number
  text: string
  tone: 'info' | 'error'
}

/** Messages fetched per page when the person scrolls up. */
const HISTORY_PAGE = 50

/**
 * The app's state and every action, on top of one `LanchatClient`. Components read signals and call
 * methods; nothing else talks to the SDK.
 */
export class ChatStore {
  readonly name = signal(load('name', isString))
  readonly me = signal<Member | undefined>(undefined)
  readonly selfId = computed(() => this.me.value?.id)
  /** What the server offers (`welcome.features`): `rooms.manage`, `rooms.directory`, `dm`, `notify`… */
  readonly features = signal<ReadonlySet<string>>(new Set())
  readonly connection = signal<ConnectionState>('idle')
  /** Why the first connection failed, when it did. */
  readonly startError = signal<string | undefined>(undefined)
  /** The first connection failed because the server could not be reached (down, or the device off the network). */
  readonly startUnreachable = signal(false)
  readonly rooms = signal<readonly RoomView[]>([])
  readonly activeRoomId = signal<string>(load('activeRoom', isString) ?? LOBBY_ROOM_ID)
  readonly activeRoom = computed(
    () => this.rooms.value.find((room) => room.id === this.activeRoomId.value) ?? this.rooms.value[0],
  )
  /** Rooms (the lobby, code, public and private rooms), in the order they were joined. */
  readonly roomList = computed(() => this.rooms.value.filter((room) => !room.direct.value))
  /** Direct conversations. */
  readonly directList = computed(() => this.rooms.value.filter((room) => room.direct.value))
  /**
   * Everyone the person has seen in their rooms (themself left out), by name: whom a direct conversation can be
   * started with.
   */
  readonly people = computed(() => {
    const seen = new Map<string, Member>()
    for (const room of this.rooms.value) {
      for (const member of room.members.value) if (member.id !== this.selfId.value) seen.set(member.id, member)
    }
    return [...seen.values()].sort((first, second) => first.name.localeCompare(second.name))
  })
  readonly totalUnread = computed(() => this.rooms.value.reduce((sum, room) => sum + room.unread.value, 0))
  /** Unread mentions of the person, counted apart. */
  readonly totalMentions = computed(() => this.rooms.value.reduce((sum, room) => sum + room.mentions.value, 0))
  readonly toasts = signal<readonly Toast[]>([])
  /** The latest line for screen readers (an aria-live region reads it out). */
  readonly announcement = signal('')
  readonly notify = signal(load('notify', isBoolean) ?? false)
  readonly sound = signal(load('sound', isBoolean) ?? false)
  /** Vibrate the phone for a message that alerts (where the browser can: `navigator.vibrate`). */
  readonly vibrate = signal(load('vibrate', isBoolean) ?? false)
  readonly canVibrate = typeof navigator.vibrate === 'function'
  readonly notificationState = signal<NotificationSupport>(notificationSupport())
  readonly pageVisible = signal(document.visibilityState === 'visible')
  /** The person's account on this server (policy, who is signed in, account actions). */
  readonly accounts = new AccountSession(ChatStore.socketUrl())
  /** The account session ended while chatting (signed out here or on another device, password changed, disabled). */
  readonly signedOut = signal(false)

  /** Room settings, members, invites and the directory: the management commands. */
  readonly manage = new RoomManagement(() => this.#client)

  #client: LanchatClient | undefined
  #chime = new Chime()
  #toastId = 0
  /** Signing out on purpose: the socket's ending is expected, not news. */
  #signingOut = false
  /** Per room: stops telling its timeline whether it is on screen. */
  readonly #unwatch = new Map<RoomView, () => void>()
  /** Rooms being left on purpose: their going away is no news. */
  readonly #leaving = new Set<string>()
  /** Rooms the server said the person is out of (`room.removed`): their going away was told already. */
  readonly #removed = new Set<string>()

  constructor() {
    document.addEventListener('visibilitychange', () => {
      this.pageVisible.value = document.visibilityState === 'visible'
      // Back from the background (a phone may have cut the socket while the page slept): try at once.
      if (this.pageVisible.value) this.reconnectNow()
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
   * the rooms the person was in, then the room of a link if given (a code, or a private room with its invite).
   */
  async start(name: string, roomFromLink?: string | RoomInvite): Promise<void> {
    this.startError.value = undefined
    this.startUnreachable.value = false
    save('name', name)
    this.name.value = name
    // Signed in, the cookie says who this is; a guest session from before would only be ignored.
    const session = this.accounts.account.value === undefined ? load('session', isString) : undefined
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
      this.features.value = client.features
    } catch (error) {
      if (isSignedOut(error)) this.#onSignedOut()
      this.startError.value = errorText(error)
      this.startUnreachable.value = isUnreachable(error)
      this.#client = undefined
      await client.close().catch(() => undefined)
      return
    }

    const remembered = load('rooms', isStringArray) ?? []
    await this.#joinQuietly(LOBBY_ROOM_ID)
    for (const room of remembered) await this.#joinQuietly(room)
    // A signed-in account's rooms follow it to every device: the server resumed them in the welcome.
    for (const roomId of client.rooms.keys()) this.#addRoom(roomId)
    if (roomFromLink !== undefined) {
      const room =
        typeof roomFromLink === 'string' ? await this.joinRoom(roomFromLink) : await this.joinRoom(roomFromLink.room, roomFromLink.invite)
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

  /**
   * Makes the guest's name an account with `password`; resolves with the one-time recovery codes. The open socket
   * stays the guest's until the next connection, which carries the account's cookie.
   */
  async claim(password: string): Promise<string[]> {
    const guestSession = this.#client?.session
    if (guestSession === undefined) throw new Error('Not connected.')
    return this.accounts.claim(guestSession, password)
  }

  /**
   * Signs this device out and forgets the person here (name, guest session, rooms), then starts over: a shared
   * computer keeps nothing of them.
   */
  async signOut(): Promise<void> {
    this.#signingOut = true
    try {
      await this.accounts.signOut()
    } catch (error) {
      this.#signingOut = false
      this.toast(`Not signed out: ${errorText(error)}`, 'error')
      return
    }
    await this.#client?.close().catch(() => undefined)
    this.#client = undefined
    ChatStore.forgetPerson()
    globalThis.location.reload()
  }

  /** Forgets who used this browser: the next visit starts at the name screen. */
  static forgetPerson(): void {
    for (const key of ['name', 'session', 'rooms', 'activeRoom', 'account']) save(key, undefined)
  }

  /** Shows a room (its timeline counts as read once the list shows the newest messages). */
  openRoom(roomId: string): void {
    this.activeRoomId.value = roomId
    save('activeRoom', roomId)
  }

  /** Whether the server offers `feature` (an older server offers fewer: the app hides what it cannot do). */
  has(feature: string): boolean {
    return this.features.value.has(feature)
  }

  /**
   * Joins a room by code or id (a private room with the secret of an invite link); shows a toast and resolves with
   * `undefined` when that failed.
   */
  async joinRoom(code: string, invite?: string): Promise<RoomView | undefined> {
    const client = this.#client
    if (client === undefined) return undefined
    const existing = this.rooms.value.find((room) => room.id === normalizeRoomId(code))
    if (existing !== undefined) return existing
    try {
      const joined = await client.join(code, invite === undefined ? {} : { invite })
      return this.#addRoom(joined.room.id)
    } catch (error) {
      this.toast(invite === undefined ? errorText(error) : inviteErrorText(error), 'error')
      return undefined
    }
  }

  /**
   * Makes a room (the person joins it as its owner) and opens it: a quick code room, or with `access` a kept public
   * or private one. Rejects with the reason (a code taken, a guest not allowed to) for the dialog to show.
   */
  async createRoom(options: NewRoom = {}): Promise<RoomView> {
    const client = this.#client
    if (client === undefined) throw new Error('Not connected.')
    const created = await client.create({
      ...(options.name === undefined || options.name === '' ? {} : { name: options.name }),
      ...(options.access === undefined ? {} : { access: options.access }),
      ...(options.code === undefined || options.code === '' ? {} : { code: options.code }),
    })
    const room = this.#addRoom(created.room.id)
    if (room === undefined) throw new Error('The room could not be shown.')
    this.openRoom(room.id)
    return room
  }

  /**
   * Opens the direct conversation with `userIds` (made the first time; the same people always get the same one) and
   * shows it; a toast says why when that failed.
   */
  async openDm(userIds: string[]): Promise<RoomView | undefined> {
    const client = this.#client
    if (client === undefined || userIds.length === 0) return undefined
    try {
      const joined = await client.openDm(userIds)
      const room = this.#addRoom(joined.room.id)
      if (room !== undefined) this.openRoom(room.id)
      return room
    } catch (error) {
      this.toast(errorText(error), 'error')
      return undefined
    }
  }

  /**
   * The person's role in a room: its owner, a moderator or a member. A server admin acts as the owner of every room
   * (the lobby and host rooms have no owner of their own).
   */
  roleIn(room: RoomView): RoomRole {
    if (this.accounts.account.value?.admin === true) return 'owner'
    const me = this.selfId.value
    return me === undefined ? 'member' : roleOf(room.info.value, me)
  }

  /** Sets when a room notifies the person, on all their devices; a toast says when that failed. */
  async setRoomNotify(roomId: string, level: NotifyLevel): Promise<void> {
    const client = this.#client
    const room = this.#room(roomId)
    if (client === undefined || room === undefined) return
    const before = room.notify.value
    room.notify.value = level
    try {
      await client.setNotify(room.id, level)
    } catch (error) {
      room.notify.value = before
      this.toast(errorText(error), 'error')
    }
  }

  /** Deletes a room with its messages (its owner only); resolves with an error sentence when that failed. */
  async deleteRoom(roomId: string): Promise<string | undefined> {
    const client = this.#client
    if (client === undefined) return 'Not connected.'
    const id = normalizeRoomId(roomId)
    this.#leaving.add(id)
    try {
      await client.deleteRoom(id)
    } catch (error) {
      return errorText(error)
    } finally {
      this.#leaving.delete(id)
    }
    const room = this.#room(id)
    this.#removeRoom(id)
    if (room !== undefined) this.toast(`${room.title.value} is deleted.`)
    return undefined
  }

  /** Leaves a room; the lobby stays. */
  async leaveRoom(roomId: string): Promise<void> {
    const client = this.#client
    if (client === undefined || roomId === LOBBY_ROOM_ID) return
    const id = normalizeRoomId(roomId)
    this.#leaving.add(id)
    try {
      await client.leave(id)
    } catch (error) {
      this.toast(errorText(error), 'error')
      return
    } finally {
      this.#leaving.delete(id)
    }
    this.#removeRoom(id)
  }

  /**
   * Sends text; the room's timeline shows it as an outgoing entry at once (pending, or failed with a reason) and as
   * a message once the server stored it.
   */
  send(roomId: string, text: string): void {
    const client = this.#client
    if (client === undefined || text.trim() === '') return
    client.send(roomId, text)
  }

  retry(clientMsgId: string): void {
    this.#client?.retry(clientMsgId)
  }

  discard(clientMsgId: string): void {
    this.#client?.discard(clientMsgId)
    forgetUnsent(clientMsgId)
  }

  setTyping(roomId: string, typing: boolean): void {
    if (this.connection.value === 'open') this.#client?.typing(roomId, typing)
  }

  /** Loads the page of messages before the oldest one shown; a toast says when that failed. */
  async loadOlder(roomId: string): Promise<void> {
    const room = this.#room(roomId)
    if (room === undefined || room.loadingOlder.value || !room.hasMore.value) return
    try {
      await room.timeline.loadOlder(HISTORY_PAGE)
    } catch (error) {
      this.toast(errorText(error), 'error')
    }
  }

  /** Loads a page of the messages a gap stands for (the newest of them first). */
  async fillGap(roomId: string, key: string): Promise<void> {
    try {
      await this.#room(roomId)?.timeline.fillGap(key)
    } catch (error) {
      this.toast(errorText(error), 'error')
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

  /** Turns vibration for alerts on or off (phones whose browser offers `navigator.vibrate`). */
  setVibrate(on: boolean): void {
    this.vibrate.value = on
    save('vibrate', on)
    if (on && this.canVibrate) navigator.vibrate(120)
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

  /** The server closed the socket for good: the account session ended. The app shows the signed-out screen. */
  #onSignedOut(): void {
    if (this.#signingOut) return
    this.accounts.account.value = undefined
    this.signedOut.value = true
  }

  #room(roomId: string): RoomView | undefined {
    const id = normalizeRoomId(roomId)
    return this.rooms.value.find((room) => room.id === id)
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
      const joined = await client.join(roomId)
      this.#addRoom(joined.room.id)
    } catch (error) {
      if (roomId !== LOBBY_ROOM_ID) this.toast(`Room ${roomId.toUpperCase()} is gone: everyone left it.`)
      else this.toast(errorText(error), 'error')
      this.#persistRooms()
    }
  }

  /** Shows a room the client just joined, following its timeline. */
  #addRoom(roomId: string): RoomView | undefined {
    const existing = this.#room(roomId)
    if (existing !== undefined) return existing
    const timeline = this.#client?.timeline(roomId)
    if (timeline === undefined) return undefined
    const room = new RoomView(timeline, this.selfId)
    this.#syncNotify(room)
    // The lobby first, then rooms in the order they were joined.
    this.rooms.value = room.id === LOBBY_ROOM_ID ? [room, ...this.rooms.value] : [...this.rooms.value, room]
    this.#unwatch.set(room, this.#watchVisibility(room))
    this.#persistRooms()
    return room
  }

  /**
   * Tells a room's timeline whether its newest messages are on screen: the room is shown, the page is visible and
   * the list is scrolled to the bottom. Then what came is read; else messages from others count as unread. The
   * first unread message at that moment is kept as where the "New messages" line goes, until the person moves on.
   */
  #watchVisibility(room: RoomView): () => void {
    return effect(() => {
      const active = this.activeRoom.value === room
      const visible = active && this.pageVisible.value && room.atBottom.value
      const firstUnread = room.timeline.snapshot.firstUnreadKey
      if (!active) room.newSinceKey.value = undefined
      else if (visible && firstUnread !== undefined) room.newSinceKey.value = firstUnread
      room.timeline.setVisible(visible)
    })
  }

  #removeRoom(roomId: string): void {
    const id = normalizeRoomId(roomId)
    const room = this.#room(id)
    if (room === undefined) return
    this.#unwatch.get(room)?.()
    this.#unwatch.delete(room)
    room.dispose()
    this.rooms.value = this.rooms.value.filter((entry) => entry !== room)
    this.#persistRooms()
    if (this.activeRoomId.value === id) this.openRoom(LOBBY_ROOM_ID)
  }

  /** Keeps a room's notification level as the client knows it (the server's, or the default). */
  #syncNotify(room: RoomView): void {
    const level = this.#client?.rooms.get(room.id)?.notify
    if (level !== undefined && level !== room.notify.value) room.notify.value = level
  }

  /**
   * A room changed (its info, members or notification level), or the client dropped it without being asked: it
   * closed while the person was away. A `room.removed` that says why may follow in the same frame: then it tells.
   */
  #onRoomUpdated(roomId: string): void {
    const room = this.#room(roomId)
    if (room === undefined || this.#leaving.has(room.id)) return
    if (this.#client?.rooms.has(room.id) !== false) {
      this.#syncNotify(room)
      return
    }
    queueMicrotask(() => {
      if (this.#removed.delete(room.id) || this.#room(room.id) !== room) return
      this.#removeRoom(room.id)
      this.toast(`Room ${room.id.toUpperCase()} closed while you were away.`)
    })
  }

  /** The person is in a room they did not join here: a DM someone opened, an invitation, another device. */
  #onRoomAdded(roomId: string): void {
    this.#addRoom(roomId)
  }

  /** The person is out of a room: removed, banned, the room deleted, or left on another device. */
  #onRoomRemoved(removed: RoomRemoved): void {
    const room = this.#room(removed.room)
    if (room === undefined || this.#leaving.has(room.id)) return
    this.#removed.add(room.id)
    queueMicrotask(() => this.#removed.delete(room.id))
    const title = room.title.value
    this.#removeRoom(room.id)
    if (removed.reason !== 'left') this.toast(removalText(title, removed))
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
      client.send(unsent.room, unsent.text, { clientMsgId: unsent.clientMsgId })
    }
    if (roomGone === 1) this.toast('A message written before you left was not sent: its room is gone.', 'error')
    if (roomGone > 1) this.toast(`${roomGone} messages written before you left were not sent: their room is gone.`, 'error')
  }

  /**
   * Reads out a message from someone else (the timeline already shows it), counts a mention of the person apart, and
   * alerts as the room's notification level says: a chime, a vibration, and a notification while the page is hidden.
   * Never for the person's own messages, nor what a resume replays or a gap fill brings (`backfill`).
   */
  #onMessage(message: ChatMessage, backfill: boolean): void {
    const room = this.#room(message.room)
    if (room === undefined || message.from.id === this.me.value?.id) return
    if (!backfill) {
      this.announcement.value =
        this.activeRoom.value === room
          ? `${message.from.name}: ${message.text}`
          : `New message in ${room.title.value} from ${message.from.name}`
    }
    const reason = alertFor(message, {
      userId: this.me.value?.id,
      userName: this.me.value?.name,
      notify: room.notify.value,
      direct: room.direct.value,
    })
    // The timeline counted it already (listeners run after the SDK's): a mention among the unread counts apart.
    if (reason === 'mention' && room.unread.value > 0) room.mentions.value += 1
    if (reason !== undefined && !backfill) this.#alert(room, message, reason)
  }

  #alert(room: RoomView, message: ChatMessage, reason: AlertReason): void {
    const hidden = !this.pageVisible.value
    if (!hidden && this.activeRoom.value === room) return
    if (this.sound.value) this.#chime.play()
    if (this.vibrate.value && this.canVibrate) navigator.vibrate([80, 60, 80])
    if (this.notify.value && hidden) {
      const who = message.from.name
      showNotification({
        title: reason === 'direct' ? `${who} (direct message)` : reason === 'mention' ? `${who} mentioned you in ${room.title.value}` : `${who} in ${room.title.value}`,
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
    const backfill = watchBackfill(client)
    client.on('message.created', ({ message }) => this.#onMessage(message, backfill.is(message)))
    // The timeline shows outgoing messages; this keeps the unsent ones across a reload.
    client.on('outbox', (outgoing) => recordUnsent(outgoing))
    // A room left, or gone while the person was away (its timeline went with it).
    client.on('room.updated', (roomId) => this.#onRoomUpdated(roomId))
    client.on('room.added', (added) => this.#onRoomAdded(added.room.id))
    client.on('room.removed', (removed) => this.#onRoomRemoved(removed))
    client.on('member.updated', ({ member }) => {
      if (member.id === this.me.value?.id) this.me.value = member
    })
    client.on('welcome', (welcome) => {
      save('session', welcome.session)
      this.me.value = welcome.user
      this.features.value = new Set(welcome.features ?? [])
    })
    client.on('error', (error) => {
      if (isSignedOut(error)) this.#onSignedOut()
      else console.warn('[lanchat]', error)
    })
  }
}

/** Why an invite link did not get the person in: it expired, was used up or revoked, or the room is gone. */
function inviteErrorText(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined
  if (code === 'ROOM_NOT_FOUND' || code === 'FORBIDDEN') {
    return 'This invite link does not work any more: it expired, was used up or revoked, or the room is gone. Ask for a new one.'
  }
  return errorText(error)
}

/** The server could not be reached at all: no answer, as opposed to an answer that refused. */
function isUnreachable(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
  return code === ClientErrorCodes.CONNECTION_FAILED || code === ClientErrorCodes.CONNECTION_LOST || code === ClientErrorCodes.TIMEOUT
}

function isSignedOut(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === ClientErrorCodes.SIGNED_OUT
}
