import { effect } from '@preact/signals'
import { render } from 'preact'
import { ChatStore } from './chat/chat-store.js'
import { startClock } from './chat/clock.js'
import { App } from './components/app.js'
import { inviteFromHash, roomFromSearch } from './room-link.js'
import './styles.css'

const store = new ChatStore()
startClock()

// The tab title carries the unread count, so a background tab shows new messages. document.title is
// plain text: a room name with markup in it stays text.
effect(() => {
  const unread = store.totalUnread.value
  const room = store.activeRoom.value?.title.value
  const base = room === undefined ? 'lanchat' : `${room} · lanchat`
  document.title = unread > 0 ? `(${unread}) ${base}` : base
})

const root = document.getElementById('app')
if (root === null) throw new Error('index.html has no #app element')
// An invite link to a private room (`#join=…&invite=…`) or a room's link (`?room=K7M2QX`).
const invitedTo = inviteFromHash(globalThis.location.hash) ?? roomFromSearch(globalThis.location.search)
render(<App store={store} invitedTo={invitedTo} />, root)
