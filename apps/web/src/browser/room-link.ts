// The same rule as the protocol's RoomId schema; checked here so a hand-edited link gives a clear message.
const roomIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/

/** Whether `text` can be a room id or code. */
export function isRoomId(text: string): boolean {
  return roomIdPattern.test(text)
}

/**
 * How a room code is shown: upper case, as people read it aloud (`K7M2QX`).
 *
 * @example
 * ```ts
 * displayCode('k7m2qx') // 'K7M2QX'
 * ```
 */
export function displayCode(roomId: string): string {
  return roomId.toUpperCase()
}

/**
 * The link that opens the app straight into a room: `http://192.168.1.23:5000/?room=K7M2QX`.
 *
 * @example
 * ```ts
 * roomLink('k7m2qx', location) // 'http://192.168.1.23:5000/?room=K7M2QX'
 * ```
 */
export function roomLink(roomId: string, location: Pick<Location, 'origin' | 'pathname'>): string {
  const url = new URL(location.pathname, location.origin)
  url.searchParams.set('room', displayCode(roomId))
  return url.href
}

/**
 * The room a link asks to open (`?room=K7M2QX`), or `undefined` when there is none or it is not a room id.
 *
 * @example
 * ```ts
 * roomFromSearch('?room=K7M2QX') // 'K7M2QX'
 * ```
 */
export function roomFromSearch(search: string): string | undefined {
  const room = new URLSearchParams(search).get('room')?.trim()
  return room !== undefined && isRoomId(room) ? room : undefined
}

/** Removes `?room=` from the address bar once the room is open, so a reload does not rejoin a room left since. */
export function forgetRoomInAddress(): void {
  const url = new URL(globalThis.location.href)
  if (!url.searchParams.has('room')) return
  url.searchParams.delete('room')
  globalThis.history.replaceState(null, '', url.pathname + url.search + url.hash)
}

/** An invite link to a private room, as the web app receives it: `/#join=<roomId>&invite=<token>`. */
export interface RoomInvite {
  room: string
  invite: string
}

/**
 * The invite link to a private room: `http://192.168.1.23:5000/#join=physics&invite=…`. The secret is in the
 * fragment, which browsers never send to a server or a proxy.
 *
 * @example
 * ```ts
 * inviteLink('physics', 'AbC…', location) // 'http://192.168.1.23:5000/#join=physics&invite=AbC…'
 * ```
 */
export function inviteLink(roomId: string, token: string, location: Pick<Location, 'origin' | 'pathname'>): string {
  const url = new URL(location.pathname, location.origin)
  url.hash = `join=${encodeURIComponent(roomId)}&invite=${encodeURIComponent(token)}`
  return url.href
}

/**
 * The private room an address's fragment invites to (`#join=physics&invite=…`), or `undefined`.
 *
 * @example
 * ```ts
 * inviteFromHash('#join=physics&invite=AbC123') // { room: 'physics', invite: 'AbC123' }
 * ```
 */
export function inviteFromHash(hash: string): RoomInvite | undefined {
  if (!hash.startsWith('#join=')) return undefined
  const params = new URLSearchParams(hash.slice(1))
  const room = params.get('join')?.trim()
  const invite = params.get('invite')?.trim()
  if (room === undefined || !isRoomId(room) || invite === undefined || invite === '' || invite.length > 64) return undefined
  return { room, invite }
}

/** Removes the invite from the address bar once used, so a reload, a bookmark or a shared screen does not carry it. */
export function forgetInviteInAddress(): void {
  const url = new URL(globalThis.location.href)
  if (!url.hash.startsWith('#join=')) return
  url.hash = ''
  globalThis.history.replaceState(globalThis.history.state, '', url.pathname + url.search)
}
