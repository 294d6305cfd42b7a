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
            {accounts.map((account) => {
              const self = account.id === me?.id
              return (
                <li key={account.id} class="admin-account" data-account={account.name}>
                  <div class="admin-account-text">
                    <span class="device-name">
                      {account.name}
                      {self && <span class="you"> (you)</span>}
                      {account.admin && <span class="tag accent">admin</span>}
                      {account.disabled && <span class="tag danger">disabled</span>}
                    </span>
                    <span class="muted small">Account made {seenText(account.createdAt, now.value)}</span>
                  </div>
                  {deleting === account.name ? (
                    <div class="confirm" role="group" aria-label={`Delete ${account.name}?`}>
                      <p>
                        Delete the account of {account.name}? They are signed out everywhere and become a guest; their
                        messages stay.
                      </p>
                      <div class="button-row">
                        <button
                          type="button"
                          class="button small danger"
                          onClick={() => {
                            setDeleting(undefined)
                            void act(() => api.deleteAccount(account.name), `The account of ${account.name} is deleted.`)
                          }}
                        >
                          Delete account
                        </button>
                        <button type="button" class="button small secondary" onClick={() => setDeleting(undefined)}>
                          Cancel
                        </button>
                      </div>
                    </div>
                  ) : (
                    <div class="button-row" role="group" aria-label={`Actions for ${account.name}`}>
                      <button
                        type="button"
                        class="button small secondary"
                        onClick={() =>
                          void act(async () => setResetLink({ name: account.name, link: await api.issueResetLink(account.name) }), `A reset link for ${account.name} is shown above.`)
                        }
                      >
                        Reset link
                      </button>
                      {!self && (
                        <>
                          <button
                            type="button"
                            class="button small secondary"
                            onClick={() =>
                              void act(
                                () => api.setAdmin(account.name, !account.admin),
                                account.admin ? `${account.name} is not an admin any more.` : `${account.name} is an admin now.`,
                              )
                            }
                          >
                            {account.admin ? 'Remove admin' : 'Make admin'}
                          </button>
                          <button
                            type="button"
                            class="button small secondary"
                            onClick={() =>
                              void act(
                                () => api.setDisabled(account.name, !account.disabled),
                                account.disabled ? `${account.name} can sign in again.` : `${account.name} is disabled and signed out everywhere.`,
                              )
                            }
                          >
                            {account.disabled ? 'Enable' : 'Disable'}
                          </button>
                          <button type="button" class="button small danger-outline" onClick={() => setDeleting(account.name)}>
                            Delete
                          </button>
                        </>
                      )}
                    </div>
                  )}
                </li>
              )
            })}
          </ul>
        )}
      </div>
    </Dialog>
  )
}
