import type { Invite } from '@lanchat/client'
import { useEffect, useId, useState } from 'preact/hooks'
import type { ChatStore } from '../../chat/chat-store.js'
import { now } from '../../chat/clock.js'
import { errorText } from '../../chat/error-text.js'
import type { RoomView } from '../../chat/room-view.js'
import { qrCodeImage } from '../../qr-code.js'
import { inviteLink } from '../../room-link.js'
import { httpsInfo, loadHttpsInfo, secureLocation, TRUST_PAGE } from '../../secure-context.js'
import { FormError } from '../accounts/form-error.js'
import { CopyButton } from '../copy-button.js'

const HOUR = 3_600_000
const expiries = [
  { value: HOUR, label: '1 hour' },
  { value: 24 * HOUR, label: '1 day' },
  { value: 7 * 24 * HOUR, label: '7 days' },
] as const
const uses = [
  { value: 0, label: 'Any number of people' },
  { value: 1, label: '1 person' },
  { value: 5, label: '5 people' },
  { value: 10, label: '10 people' },
  { value: 25, label: '25 people' },
] as const

const untilFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })

/** "2 of 5 uses" or "used 3 times". */
function usesText(invite: Invite): string {
  if (invite.maxUses !== undefined) return `${invite.uses} of ${invite.maxUses} ${invite.maxUses === 1 ? 'use' : 'uses'}`
  return invite.uses === 1 ? 'used once' : `used ${invite.uses} times`
}

/**
 * A private room's invite links: make one that expires (1 hour, 1 day, 7 days) and may be used a number of times,
 * shown once with Copy and its QR code (the server keeps only its hash); the live links, each revocable at once.
 */
export function InviteSettings({ store, room }: { store: ChatStore; room: RoomView }) {
  const [expiresInMs, setExpiresInMs] = useState<number>(24 * HOUR)
  const [maxUses, setMaxUses] = useState<number>(0)
  const [invites, setInvites] = useState<Invite[] | undefined>(undefined)
  const [created, setCreated] = useState<{ token: string; invite: Invite } | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)
  const expiryId = useId()
  const usesId = useId()

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(undefined)
    setStatus('')
    try {
      await action()
    } catch (thrown) {
      setError(errorText(thrown))
    } finally {
      setBusy(false)
    }
  }
  useEffect(() => void run(async () => setInvites(await store.manage.listInvites(room.id))), [room.id])

  return (
    <div class="stack">
      <p class="muted">
        Anyone with an invite link can join {room.title.value} until it expires or is used up. Send it only to the people
        you mean.
      </p>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault()
          void run(async () => {
            const invite = await store.manage.createInvite(room.id, { expiresInMs, ...(maxUses === 0 ? {} : { maxUses }) })
            if (invite.token !== undefined) setCreated({ invite, token: invite.token })
            setInvites(await store.manage.listInvites(room.id))
          })
        }}
      >
        <div class="field-pair">
          <div class="field">
            <label for={expiryId}>Expires after</label>
            <select id={expiryId} value={String(expiresInMs)} onChange={(event) => setExpiresInMs(Number(event.currentTarget.value))}>
              {expiries.map((expiry) => (
                <option key={expiry.value} value={String(expiry.value)}>
                  {expiry.label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={usesId}>Works for</label>
            <select id={usesId} value={String(maxUses)} onChange={(event) => setMaxUses(Number(event.currentTarget.value))}>
              {uses.map((entry) => (
                <option key={entry.value} value={String(entry.value)}>
                  {entry.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" class="button primary" disabled={busy}>
          Make an invite link
        </button>
      </form>
      {created !== undefined && <NewInvite roomId={room.id} token={created.token} invite={created.invite} />}
      <p class="muted" role="status">
        {status}
      </p>
      <FormError text={error} />
      <section class="account-section" aria-labelledby="live-invites-heading">
        <h3 id="live-invites-heading">Live invite links</h3>
        {invites === undefined ? (
          <p class="muted">Loading…</p>
        ) : invites.length === 0 ? (
          <p class="muted">None. Links that expired, were used up or revoked are gone.</p>
        ) : (
          <ul class="admin-list" aria-label="Live invite links">
            {invites.map((invite) => (
              <li key={invite.id} class="admin-account" data-invite-id={invite.id}>
                <div class="admin-account-text">
                  <span class="device-name">By {invite.createdBy.name}</span>
                  <span class="muted small-text">
                    Until {untilFormat.format(new Date(invite.expiresAt))} · {usesText(invite)}
                    {invite.expiresAt <= now.value && ' · expired'}
                  </span>
                </div>
                <button
                  type="button"
                  class="button small danger-outline"
                  disabled={busy}
                  aria-label={`Revoke the link by ${invite.createdBy.name}, until ${untilFormat.format(new Date(invite.expiresAt))}`}
                  onClick={() =>
                    void run(async () => {
                      setInvites(await store.manage.revokeInvite(room.id, invite.id))
                      if (created?.invite.id === invite.id) setCreated(undefined)
                      setStatus('The link is revoked: it does not work any more.')
                    })
                  }
                >
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

/**
 * A link just made: the address with Copy, and its QR code for a phone's camera. Shown once. When the server serves
 * HTTPS, the link can be its HTTPS address (for devices set up with the lanchat CA) or the plain one, as in the
 * share dialog.
 */
function NewInvite({ roomId, token, invite }: { roomId: string; token: string; invite: Invite }) {
  const inputId = useId()
  useEffect(() => loadHttpsInfo(), [])
  const https = httpsInfo.value
  const offerHttps = https !== undefined && https !== null && globalThis.location.protocol !== 'https:'
  const [secure, setSecure] = useState(false)
  const link =
    secure && https !== undefined && https !== null && offerHttps
      ? inviteLink(roomId, token, secureLocation(globalThis.location, https.port))
      : inviteLink(roomId, token, globalThis.location)
  const [qr, setQr] = useState<string | undefined>(undefined)
  useEffect(() => {
    let current = true
    void qrCodeImage(link).then((source) => current && setQr(source))
    return () => {
      current = false
    }
  }, [link])
  return (
    <div class="issued-link" data-testid="invite-link">
      {offerHttps && (
        <fieldset class="share-scheme">
          <legend>Link for</legend>
          <label>
            <input type="radio" name="invite-scheme" checked={!secure} onChange={() => setSecure(false)} /> Any device (http)
          </label>
          <label>
            <input type="radio" name="invite-scheme" checked={secure} onChange={() => setSecure(true)} /> Devices set up for HTTPS
          </label>
        </fieldset>
      )}
      {offerHttps && secure && (
        <p class="muted">
          A device opens it without a warning once it has the lanchat certificate: <a href={TRUST_PAGE}>how to set a device up</a>.
        </p>
      )}
      <div class="field">
        <label for={inputId}>Invite link</label>
        <div class="field-row">
          <input id={inputId} type="text" readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
          <CopyButton text={link} label="Copy link" />
        </div>
      </div>
      <figure class="qr">
        {qr === undefined ? <div class="qr-placeholder" aria-hidden="true" /> : <img src={qr} width={184} height={184} alt={`QR code of the link ${link}`} />}
        <figcaption>Scan with a phone camera to join.</figcaption>
      </figure>
      <p class="muted">
        Works until {untilFormat.format(new Date(invite.expiresAt))}
        {invite.maxUses === undefined ? '.' : `, for ${invite.maxUses === 1 ? '1 person' : `${invite.maxUses} people`}.`} It is shown only
        now: copy it before you close this.
      </p>
    </div>
  )
}
