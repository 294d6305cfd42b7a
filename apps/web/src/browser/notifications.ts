/**
 * Whether this page can show system notifications:
 * - `available`: permission granted;
 * - `ask`: allowed to ask for permission;
 * - `denied`: the person (or browser) said no;
 * - `insecure`: the page is plain http on a LAN address, where browsers do not offer notifications;
 * - `unsupported`: this browser has no Notification API (for example iOS Safari outside a home-screen app).
 */
export type NotificationSupport = 'available' | 'ask' | 'denied' | 'insecure' | 'unsupported'

/**
 * @example
 * ```ts
 * if (notificationSupport() === 'insecure') explain('Notifications need https or localhost.')
 * ```
 */
export function notificationSupport(): NotificationSupport {
  if (!globalThis.isSecureContext) return 'insecure'
  if (!('Notification' in globalThis)) return 'unsupported'
  if (Notification.permission === 'granted') return 'available'
  if (Notification.permission === 'denied') return 'denied'
  return 'ask'
}

/** Asks for permission (call it from a click); resolves with the new support state. */
export async function requestNotificationPermission(): Promise<NotificationSupport> {
  if (notificationSupport() !== 'ask') return notificationSupport()
  try {
    await Notification.requestPermission()
  } catch {
    // Old Safari only supports the callback form; the state is read again below either way.
  }
  return notificationSupport()
}

/**
 * Shows a system notification with plain text (notifications never render HTML). Clicking it focuses
 * the tab and calls `onClick`. Notifications with the same `tag` replace each other.
 *
 * @example
 * ```ts
 * showNotification({ title: 'Maria in Lobby', body: 'hi!', tag: 'lobby', onClick: () => openRoom('lobby') })
 * ```
 */
export function showNotification(options: { title: string; body: string; tag: string; onClick: () => void }): void {
  if (notificationSupport() !== 'available') return
  try {
    const notification = new Notification(options.title, { body: options.body, tag: options.tag })
    notification.addEventListener('click', () => {
      globalThis.focus()
      options.onClick()
      notification.close()
    })
  } catch {
    // Chrome on Android allows notifications only through a service worker (registered over HTTPS); its click opens
    // the room through a message to the page. Without one, the title and icon counts still show.
    void navigator.serviceWorker?.getRegistration().then((registration) =>
      registration?.showNotification(options.title, { body: options.body, tag: options.tag, data: { room: options.tag } }),
    )
  }
}
