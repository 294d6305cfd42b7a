import type { AccountView } from '@lanchat/client'
import { useEffect, useState } from 'preact/hooks'
import { accountLinkFromHash, forgetAccountLinkInAddress, type AccountLink } from '../accounts/account-links.js'
import { ChatStore } from '../chat/chat-store.js'
import { isString, load } from '../storage.js'
import { forgetInviteInAddress, forgetRoomInAddress, inviteFromHash, type RoomInvite } from '../room-link.js'
import { closeOverlays, ui } from '../ui-state.js'
import { Composer } from './composer.js'
import { ConnectionBanner } from './connection-banner.js'
import { Logo } from './icon.js'
import { lazyComponent } from './lazy.js'
import { MembersPanel } from './members-panel.js'
import { MessageList } from './message-list.js'
import { RoomHeader } from './room-header.js'
import { Sidebar } from './sidebar.js'
import { Toasts } from './toasts.js'
import { TypingIndicator } from './typing-indicator.js'

type Phase = 'loading' | 'name' | 'connecting' | 'unreachable' | 'chat' | 'redeem' | 'signed-out'

// Screens most visits skip (a first visit's name and sign-in, a one-time link, a session that ended) and dialogs
// load when first shown: the first page load of a returning person carries the chat alone.
const NameScreen = lazyComponent(() => import('./name-screen.js').then((module) => module.NameScreen))
const RedeemScreen = lazyComponent(() => import('./accounts/redeem-screen.js').then((module) => module.RedeemScreen))
const SignedOutScreen = lazyComponent(() => import('./accounts/signed-out-screen.js').then((module) => module.SignedOutScreen))
const CreateRoomDialog = lazyComponent(() => import('./create-room-dialog.js').then((module) => module.CreateRoomDialog))
const ShareRoomDialog = lazyComponent(() => import('./share-room-dialog.js').then((module) => module.ShareRoomDialog))
const SettingsDialog = lazyComponent(() => import('./settings-dialog.js').then((module) => module.SettingsDialog))
const ClaimDialog = lazyComponent(() => import('./accounts/claim-dialog.js').then((module) => module.ClaimDialog))
const AccountDialog = lazyComponent(() => import('./accounts/account-dialog.js').then((module) => module.AccountDialog))
const AdminDialog = lazyComponent(() => import('./accounts/admin-dialog.js').then((module) => module.AdminDialog))
const DirectoryDialog = lazyComponent(() => import('./rooms/directory-dialog.js').then((module) => module.DirectoryDialog))
const NewMessageDialog = lazyComponent(() => import('./rooms/new-message-dialog.js').then((module) => module.NewMessageDialog))
const RoomSettingsDialog = lazyComponent(() => import('./rooms/room-settings-dialog.js').then((module) => module.RoomSettingsDialog))

/**
 * The whole app: a one-time account link if the address carries one, the name screen (or sign-in) on a first visit,
 * then the chat; the signed-out screen when the account session ended.
 */
export function App({ store, invitedTo }: { store: ChatStore; invitedTo: string | RoomInvite | undefined }) {
  const [phase, setPhase] = useState<Phase>('loading')
  const [link, setLink] = useState<AccountLink | undefined>(undefined)
  const accounts = store.accounts

  const start = async (name: string) => {
    setPhase('connecting')
    await store.start(name, invitedTo)
    forgetRoomInAddress()
    forgetInviteInAddress()
    // A known person whose server cannot be reached (down, or this device off the network; the app itself may come
    // from the service worker): keep trying instead of asking for the name again.
    if (store.me.value === undefined && store.startUnreachable.value && store.name.value === name) return setPhase('unreachable')
    setPhase(store.me.value !== undefined ? 'chat' : store.signedOut.value ? 'signed-out' : 'name')
  }

  useEffect(() => {
    if (phase !== 'unreachable') return
    const name = store.name.value
    if (name === undefined) return
    const retry = () => void start(name)
    const timer = setTimeout(retry, 3_000)
    globalThis.addEventListener('online', retry)
    return () => {
      clearTimeout(timer)
      globalThis.removeEventListener('online', retry)
    }
  }, [phase])
  const signedIn = (account: AccountView) => {
    forgetAccountLinkInAddress()
    void start(account.name)
  }
  // Signed in again after the session ended: a fresh page, so no state of the ended session lingers.
  const reload = () => globalThis.location.reload()

  /** Where a visit goes without a one-time link: the chat as who this browser was, the signed-out screen, or the name screen. */
  const proceed = async () => {
    const account = accounts.account.value
    if (account !== undefined) return start(account.name)
    // The session ended while the person was away (revoked, password changed, disabled).
    if (accounts.wasSignedIn && accounts.policy.value !== undefined) return setPhase('signed-out')
    const remembered = store.name.value
    if (remembered !== undefined && accounts.policy.value?.policy !== 'accounts-only') return start(remembered)
    setPhase('name')
  }

  useEffect(() => {
    const boot = async () => {
      await accounts.load().catch(() => undefined)
      const fromAddress = accountLinkFromHash(globalThis.location.hash)
      if (fromAddress === undefined) return proceed()
      setLink(fromAddress)
      setPhase('redeem')
    }
    void boot()
  }, [])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && ui.dialog.value.kind === 'none' && closeOverlays()) event.preventDefault()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [])

  if (phase === 'redeem' && link !== undefined) {
    const name = store.name.value
    const session = load('session', isString)
    return (
      <RedeemScreen
        link={link}
        accounts={accounts}
        guest={name === undefined || session === undefined ? undefined : { name, session }}
        onSignedIn={signedIn}
        onCancel={() => {
          forgetAccountLinkInAddress()
          void proceed()
        }}
      />
    )
  }
  if (phase === 'signed-out' || (phase === 'chat' && store.signedOut.value)) {
    return (
      <SignedOutScreen
        accounts={accounts}
        policy={accounts.policy.value}
        name={store.name.value}
        onSignedIn={reload}
        onGuest={() => {
          ChatStore.forgetPerson()
          reload()
        }}
      />
    )
  }
  if (phase === 'name') {
    return (
      <NameScreen
        invitedTo={invitedTo}
        initialName={store.name.value}
        error={store.startError.value}
        policy={accounts.policy.value}
        accounts={accounts}
        onSubmit={(name) => void start(name)}
        onSignedIn={signedIn}
      />
    )
  }
  if (phase === 'unreachable') {
    return (
      <main class="welcome">
        <div class="welcome-card centered">
          <Logo size={44} />
          <p role="status" class="unreachable-status">
            Reconnecting…
          </p>
          <p class="muted">The chat server cannot be reached right now. This page keeps trying.</p>
          <button type="button" class="button secondary" onClick={() => store.name.value !== undefined && void start(store.name.value)}>
            Retry now
          </button>
        </div>
      </main>
    )
  }
  if (phase === 'connecting' || phase === 'loading') {
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
  // An invite link opened in this tab while chatting changes only the address's fragment: no new page load.
  useEffect(() => {
    const onHashChange = () => {
      const invite = inviteFromHash(globalThis.location.hash)
      if (invite === undefined) return
      forgetInviteInAddress()
      void store.joinRoom(invite.room, invite.invite).then((joined) => joined !== undefined && store.openRoom(joined.id))
    }
    globalThis.addEventListener('hashchange', onHashChange)
    return () => globalThis.removeEventListener('hashchange', onHashChange)
  }, [])
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
      {dialog.kind === 'claim' && <ClaimDialog store={store} onClose={closeDialog} />}
      {dialog.kind === 'account' && <AccountDialog store={store} onClose={closeDialog} />}
      {dialog.kind === 'admin' && <AdminDialog store={store} onClose={closeDialog} />}
      {shareRoom !== undefined && <ShareRoomDialog room={shareRoom} onClose={closeDialog} />}
      {dialog.kind === 'directory' && <DirectoryDialog store={store} onClose={closeDialog} />}
      {dialog.kind === 'new-message' && <NewMessageDialog store={store} onClose={closeDialog} />}
      {dialog.kind === 'room-settings' && <RoomSettingsDialog store={store} roomId={dialog.roomId} tab={dialog.tab} onClose={closeDialog} />}
    </div>
  )
}
