import { checkDisplayName } from '@lanchat/client'
import { useEffect, useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import { ui } from '../ui-state.js'
import { Dialog } from './dialog.js'
import { Icon } from './icon.js'
import { InsecureNotice } from './insecure-notice.js'

const notificationHelp = {
  available: 'While this tab is in the background: direct messages, mentions of you, and what each room’s bell says.',
  ask: 'While this tab is in the background: direct messages, mentions of you, and what each room’s bell says. Your browser will ask first.',
  denied: 'Notifications are blocked for this site. Allow them in your browser’s site settings to turn this on.',
  insecure:
    'Needs HTTPS (see above): browsers only allow notifications on https:// or localhost pages. The unread counts in the tab title and icon, the sound and the vibration still work.',
  unsupported: 'This browser does not support notifications here. The unread count in the tab title and the sound still work.',
} as const

/** The person's name, notifications and sound. */
export function SettingsDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const [name, setName] = useState(store.me.value?.name ?? store.name.value ?? '')
  const [nameError, setNameError] = useState<string | undefined>(undefined)
  const [saved, setSaved] = useState(false)
  useEffect(() => store.refreshNotificationState(), [])
  const support = store.notificationState.value
  const canNotify = support === 'available' || support === 'ask'

  return (
    <Dialog title="Settings" onClose={onClose}>
      <InsecureNotice />
      <form
        class="stack"
        onSubmit={async (event) => {
          event.preventDefault()
          const checked = checkDisplayName(name)
          if (!checked.ok) {
            setNameError(`${checked.reason}.`)
            return
          }
          const error = await store.rename(checked.name)
          setNameError(error)
          setSaved(error === undefined)
        }}
      >
        <label class="field">
          <span>Your name</span>
          <div class="field-row">
            <input
              type="text"
              value={name}
              required
              aria-invalid={nameError !== undefined}
              aria-describedby="name-status"
              onInput={(event) => {
                setName(event.currentTarget.value)
                setSaved(false)
              }}
            />
            <button type="submit" class="button secondary">
              Save
            </button>
          </div>
        </label>
        <p id="name-status" class={nameError === undefined ? 'muted' : 'error-text'} aria-live="polite">
          {nameError ?? (saved ? 'Saved. Everyone now sees your new name.' : 'Others see this name next to your messages.')}
        </p>
      </form>

      <AccountSetting store={store} />

      <div class="setting">
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={store.notify.value}
            disabled={!canNotify}
            aria-describedby="notify-help"
            onChange={(event) => void store.setNotify(event.currentTarget.checked)}
          />
          <span>Notifications</span>
        </label>
        <p id="notify-help" class="muted">
          {notificationHelp[support]}
        </p>
      </div>

      <div class="setting">
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={store.sound.value}
            aria-describedby="sound-help"
            onChange={(event) => store.setSound(event.currentTarget.checked)}
          />
          <span>Sound</span>
        </label>
        <p id="sound-help" class="muted">
          A short chime for direct messages, mentions of you, and what each room’s bell says, when you are not looking at
          that room.
        </p>
      </div>

      {store.canVibrate && (
        <div class="setting">
          <label class="switch">
            <input
              type="checkbox"
              role="switch"
              checked={store.vibrate.value}
              aria-describedby="vibrate-help"
              onChange={(event) => store.setVibrate(event.currentTarget.checked)}
            />
            <span>Vibrate</span>
          </label>
          <p id="vibrate-help" class="muted">
            A short buzz for the same messages, on phones that allow it.
          </p>
        </div>
      )}
    </Dialog>
  )
}

/**
 * A guest on a server with accounts is offered to protect their name; a signed-in person gets to their account.
 * Nothing shows on a server without accounts.
 */
function AccountSetting({ store }: { store: ChatStore }) {
  const accounts = store.accounts
  if (accounts.policy.value === undefined) return null
  const account = accounts.account.value
  return (
    <div class="setting">
      {account === undefined ? (
        <>
          <button type="button" class="button secondary" onClick={() => (ui.dialog.value = { kind: 'claim' })}>
            <Icon name="shield" size={18} /> Protect your name with a password
          </button>
          <p class="muted">
            As a guest, your name is yours on this device only. With a password, nobody else can use it, and you can sign
            in on your other devices with the same history and rooms.
          </p>
        </>
      ) : (
        <>
          <button type="button" class="button secondary" onClick={() => (ui.dialog.value = { kind: 'account' })}>
            <Icon name="badge-check" size={18} /> Your account
          </button>
          <p class="muted">Signed in as {account.name}: devices, device links, password and sign out.</p>
        </>
      )}
    </div>
  )
}
