// lanchat's service worker, registered by the page over HTTPS only. It keeps the app shell (the page, its scripts,
// styles and icons) so that the app opens with no server, shows "Reconnecting…" and catches up once the server is
// back. It never touches the chat socket or the HTTP API, and caches nothing a person wrote.
const CACHE = 'lanchat-shell-v1'
const STATIC = ['/favicon.svg', '/manifest.webmanifest', '/icon-192.png', '/icon-512.png', '/icon-maskable-512.png']

/** Fetches the page fresh and keeps it, with the files it names under /assets/. */
async function cacheShell() {
  const cache = await caches.open(CACHE)
  const response = await fetch('/', { cache: 'no-cache' })
  if (!response.ok) return
  const html = await response.clone().text()
  await cache.put('/', response)
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1])
  await cache.addAll([...new Set([...assets, ...STATIC])])
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key)
      await self.clients.claim()
    })(),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate' && (url.pathname === '/' || url.pathname === '/index.html')) {
    // The network first, so a running server always gives the newest app; the kept page when it cannot be reached.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone()
            void caches.open(CACHE).then((cache) => cache.put('/', copy))
          }
          return response
        })
        .catch(async () => (await caches.match('/')) ?? Response.error()),
    )
    return
  }
  if (url.pathname.startsWith('/assets/') || STATIC.includes(url.pathname)) {
    // Names under /assets/ carry a hash of their content: a kept copy is always right.
    event.respondWith(
      caches.match(request).then(
        (kept) =>
          kept ??
          fetch(request).then(async (response) => {
            if (response.ok && url.pathname.startsWith('/assets/')) await (await caches.open(CACHE)).put(request, response.clone())
            return response
          }),
      ),
    )
  }
})

// A notification shown through the worker (Chrome on Android allows no other kind): a click brings the app to the
// front and opens the room.
self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const room = event.notification.data && event.notification.data.room
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
      const client = windows[0]
      if (client !== undefined) {
        await client.focus()
        client.postMessage({ type: 'lanchat.open-room', room })
        return
      }
      await self.clients.openWindow(room === undefined ? '/' : `/?room=${encodeURIComponent(room)}`)
    })(),
  )
})
