import type { AccountView, IssuedLink } from '@lanchat/client'
import { useEffect, useState } from 'preact/hooks'
import { accountErrorText } from '../../accounts/account-error-text.js'
import { seenText } from '../../accounts/seen-text.js'
import type { ChatStore } from '../../chat/chat-store.js'
import { now } from '../../chat/clock.js'
import { Dialog } from '../dialog.js'
import { FormError } from './form-error.js'
import { IssuedLinkView } from './issued-link.js'

/**
 * The admin panel: every account, with a reset link for someone who forgot their password, making admins, disabling
 * and enabling, and deleting (after a confirmation; the person becomes a guest, their messages stay).
 */
export function AdminDialog({ store, onClose }: { store: ChatStore; onClose: () => void }) {
  const api = store.accounts.api
  const me = store.accounts.account.value
  const [accounts, setAccounts] = useState<AccountView[] | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [status, setStatus] = useState('')
  const [resetLink, setResetLink] = useState<{ name: string; link: IssuedLink } | undefined>(undefined)
  const [deleting, setDeleting] = useState<string | undefined>(undefined)

  const refresh = async () => {
    try {
      setAccounts(await api.listAccounts())
    } catch (thrown) {
      setError(accountErrorText(thrown))
    }
  }
  useEffect(() => void refresh(), [])

  /** Runs one admin action, says what it did, and reloads the list. */
  const act = async (action: () => Promise<unknown>, done: string) => {
    setError(undefined)
    setStatus('')
    try {
      await action()
      setStatus(done)
    } catch (thrown) {
      setError(accountErrorText(thrown))
    }
    await refresh()
  }

  return (
    <Dialog title="Accounts on this server" onClose={onClose}>
      <div class="stack">
        {resetLink !== undefined && (
          <section class="account-section" aria-labelledby="reset-heading">
            <h3 id="reset-heading">Reset link for {resetLink.name}</h3>
            <p class="muted">Give it to {resetLink.name} only, in person or by a message only they read: it lets whoever opens it set a new password.</p>
            <IssuedLinkView link={resetLink.link} label="Reset link" caption={`Scan with ${resetLink.name}’s phone camera.`} />
          </section>
        )}
        <p class="muted" role="status">
          {status}
        </p>
        <FormError text={error} />
        {accounts === undefined ? (
          <p class="muted">Loading…</p>
        ) : (
          <ul class="admin-list" aria-label="Accounts">
            {accounts.map((account) => (
              <AccountRow
                key={account.id}
                account={account}
                self={account.id === me?.id}
                confirming={deleting === account.name}
                onConfirm={(confirming) => setDeleting(confirming ? account.name : undefined)}
                onResetLink={() =>
                  void act(
                    async () => setResetLink({ name: account.name, link: await api.issueResetLink(account.name) }),
                    `A reset link for ${account.name} is shown above.`,
                  )
                }
                onAdmin={() =>
                  void act(
                    () => api.setAdmin(account.name, !account.admin),
                    account.admin ? `${account.name} is not an admin any more.` : `${account.name} is an admin now.`,
                  )
                }
                onDisabled={() =>
                  void act(
                    () => api.setDisabled(account.name, !account.disabled),
                    account.disabled ? `${account.name} can sign in again.` : `${account.name} is disabled and signed out everywhere.`,
                  )
                }
                onDelete={() => {
                  setDeleting(undefined)
                  void act(() => api.deleteAccount(account.name), `The account of ${account.name} is deleted.`)
                }}
              />
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  )
}

/**
 * One account in the admin panel, with its actions; deleting asks first, in place. An admin's own row has no actions:
 * they change their password in their account, and may not demote, disable or delete themselves.
 */
function AccountRow({
  account,
  self,
  confirming,
  onConfirm,
  onResetLink,
  onAdmin,
  onDisabled,
  onDelete,
}: {
  account: AccountView
  self: boolean
  confirming: boolean
  onConfirm: (confirming: boolean) => void
  onResetLink: () => void
  onAdmin: () => void
  onDisabled: () => void
  onDelete: () => void
}) {
  return (
    <li class="admin-account" data-account={account.name}>
      <div class="admin-account-text">
        <span class="device-name">
          {account.name}
          {self && <span class="you"> (you)</span>}
          {account.admin && <span class="tag accent">admin</span>}
          {account.disabled && <span class="tag danger">disabled</span>}
        </span>
        <span class="muted small">Account made {seenText(account.createdAt, now.value)}</span>
      </div>
      {self ? null : confirming ? (
        <div class="confirm" role="group" aria-label={`Delete ${account.name}?`}>
          <p>Delete the account of {account.name}? They are signed out everywhere and become a guest; their messages stay.</p>
          <div class="button-row">
            <button type="button" class="button small danger" onClick={onDelete}>
              Delete account
            </button>
            <button type="button" class="button small secondary" onClick={() => onConfirm(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div class="button-row" role="group" aria-label={`Actions for ${account.name}`}>
          <button type="button" class="button small secondary" onClick={onResetLink}>
            Reset link
          </button>
          <button type="button" class="button small secondary" onClick={onAdmin}>
            {account.admin ? 'Remove admin' : 'Make admin'}
          </button>
          <button type="button" class="button small secondary" onClick={onDisabled}>
            {account.disabled ? 'Enable' : 'Disable'}
          </button>
          <button type="button" class="button small danger-outline" onClick={() => onConfirm(true)}>
            Delete
          </button>
        </div>
      )}
    </li>
  )
}
