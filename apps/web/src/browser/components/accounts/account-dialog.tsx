import type { ChatStore } from '../../chat/chat-store.js'
import { ui } from '../../ui-state.js'
import { Dialog } from '../dialog.js'
import { Icon } from '../icon.js'
import { ChangePasswordForm } from './change-password-form.js'
import { DeviceLinkSection } from './device-link-section.js'
import { DevicesSection } from './devices-section.js'

/** The signed-in person's account: devices, linking a device, the password, the admin panel for admins, sign out. */
export function AccountDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const account = store.accounts.account.value
  if (account === undefined) return null
  return (
    <Dialog title="Your account" onClose={onClose}>
      <div class="stack">
        <p class="account-summary">
          <Icon name="badge-check" size={18} />
          <span>
            Signed in as <strong>{account.name}</strong>
            {account.admin && <span class="tag accent">admin</span>}. Nobody else can chat under this name here.
          </span>
        </p>
        {account.admin && (
          <button type="button" class="button secondary" onClick={() => (ui.dialog.value = { kind: 'admin' })}>
            <Icon name="shield" size={18} /> Manage accounts
          </button>
        )}
        <DevicesSection accounts={store.accounts} />
        <DeviceLinkSection accounts={store.accounts} />
        <ChangePasswordForm accounts={store.accounts} name={account.name} />
        <section class="account-section" aria-labelledby="sign-out-heading">
          <h3 id="sign-out-heading">Sign out</h3>
          <p class="muted">Signs this device out and forgets your name and rooms here. Your account and history stay.</p>
          <button type="button" class="button danger" onClick={() => void store.signOut()}>
            Sign out of this device
          </button>
        </section>
      </div>
    </Dialog>
  )
}
