import { effect } from '@preact/signals'
import { render } from 'preact'
import { ChatStore } from './chat/chat-store.js'
import { startClock } from './chat/clock.js'
import { App } from './components/app.js'
import { setFaviconBadge } from './favicon-badge.js'
import { inviteFromHash, roomFromSearch } from './room-link.js'
import './styles.css'

const store = new ChatStore()
startClock()

// The tab title and icon carry the unread count, mentions of the person apart ("(3 · @1) Lobby · lanchat"), so a
// background tab shows new messages. document.title is plain text: a room name with markup in it stays text.
effect(() => {
  const unread = store.totalUnread.value
  const mentions = store.totalMentions.value
  const room = store.activeRoom.value?.title.value
  const base = room === undefined ? 'lanchat' : `${room} · lanchat`
  const count = mentions > 0 ? `${unread} · @${mentions}` : `${unread}`
  document.title = unread > 0 ? `(${count}) ${base}` : base
  setFaviconBadge(unread, mentions)
})

const root = document.getElementById('app')
if (root === null) throw new Error('index.html has no #app element')
// An invite link to a private room (`#join=…&invite=…`) or a room's link (`?room=K7M2QX`).
const invitedTo = inviteFromHash(globalThis.location.hash) ?? roomFromSearch(globalThis.location.search)
render(<App store={store} invitedTo={invitedTo} />, root)

// Over HTTPS, a service worker keeps the app shell for when the server cannot be reached, makes the app installable,
// and shows notifications where the page may not (Chrome on Android). Browsers allow none over plain HTTP.
if (globalThis.location.protocol === 'https:' && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('[lanchat] no service worker', error))
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string; room?: string }>) => {
    if (event.data.type === 'lanchat.open-room' && typeof event.data.room === 'string') store.openRoom(event.data.room)
  })
}
