import { useEffect, useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import { forgetRoomInAddress } from '../room-link.js'
import { closeOverlays, ui } from '../ui-state.js'
import { Composer } from './composer.js'
import { ConnectionBanner } from './connection-banner.js'
import { CreateRoomDialog } from './create-room-dialog.js'
import { Logo } from './icon.js'
import { MembersPanel } from './members-panel.js'
import { MessageList } from './message-list.js'
import { NameScreen } from './name-screen.js'
import { RoomHeader } from './room-header.js'
import { SettingsDialog } from './settings-dialog.js'
import { ShareRoomDialog } from './share-room-dialog.js'
import { Sidebar } from './sidebar.js'
import { Toasts } from './toasts.js'
import { TypingIndicator } from './typing-indicator.js'

type Phase = 'name' | 'connecting' | 'chat'

/** The whole app: the name screen on a first visit, then the chat. */
export function App({ store, invitedTo }: { store: ChatStore; invitedTo: string | undefined }) {
  const [phase, setPhase] = useState<Phase>(store.name.value === undefined ? 'name' : 'connecting')

  const start = async (name: string) => {
    setPhase('connecting')
    await store.start(name, invitedTo)
    forgetRoomInAddress()
    setPhase(store.me.value === undefined ? 'name' : 'chat')
  }

  useEffect(() => {
    const remembered = store.name.value
    if (remembered !== undefined) void start(remembered)
  }, [])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && ui.dialog.value.kind === 'none' && closeOverlays()) event.preventDefault()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [])

  if (phase === 'name') {
    return (
      <NameScreen
        invitedTo={invitedTo}
        initialName={store.name.value}
        error={store.startError.value}
        onSubmit={(name) => void start(name)}
      />
    )
  }
  if (phase === 'connecting') {
    return (
      <main class="welcome" aria-busy="true">
        <div class="welcome-card centered">
          <Logo size={44} />
          <p role="status">Connecting to the chat…</p>
        </div>
      </main>
    )
  }
  return <ChatLayout store={store} />
}

function ChatLayout({ store }: { store: ChatStore }) {
  const room = store.activeRoom.value
  const dialog = ui.dialog.value
  const closeDialog = () => (ui.dialog.value = { kind: 'none' })
  const shareRoom = dialog.kind === 'share' ? store.rooms.value.find((entry) => entry.id === dialog.roomId) : undefined

  return (
    <div class="app" data-sidebar-open={ui.sidebarOpen.value} data-members-open={ui.membersOpen.value}>
      <Sidebar store={store} />
      <div class="scrim" aria-hidden="true" onClick={() => closeOverlays()} />
      <main class="chat" aria-label={room === undefined ? 'Chat' : room.title.value}>
        <ConnectionBanner store={store} />
        {room !== undefined && (
          <>
            <RoomHeader store={store} room={room} />
            <div class="chat-body">
              <div class="conversation">
                <MessageList key={room.id} store={store} room={room} />
                <TypingIndicator room={room} />
                <Composer key={room.id} store={store} room={room} />
              </div>
              {ui.membersOpen.value && <MembersPanel store={store} room={room} />}
            </div>
          </>
        )}
      </main>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {store.announcement.value}
      </div>
      <Toasts store={store} />
      {dialog.kind === 'create' && <CreateRoomDialog store={store} onClose={closeDialog} />}
      {dialog.kind === 'settings' && <SettingsDialog store={store} onClose={closeDialog} />}
      {shareRoom !== undefined && <ShareRoomDialog room={shareRoom} onClose={closeDialog} />}
    </div>
  )
}
