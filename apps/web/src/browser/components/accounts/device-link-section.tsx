import type { IssuedLink } from '@lanchat/client'
import { useState } from 'preact/hooks'
import { accountErrorText } from '../../accounts/account-error-text.js'
import type { AccountSession } from '../../accounts/account-session.js'
import { Icon } from '../icon.js'
import { FormError } from './form-error.js'
import { IssuedLinkView } from './issued-link.js'

/** "Link a device": a short-lived, single-use link (and its QR code) that signs another device in without the password. */
export function DeviceLinkSection({ accounts }: { accounts: AccountSession }) {
  const [link, setLink] = useState<IssuedLink | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const make = async () => {
    setError(undefined)
    try {
      setLink(await accounts.createDeviceLink())
    } catch (thrown) {
      setError(accountErrorText(thrown))
    }
  }
  return (
    <section class="account-section" aria-labelledby="link-heading">
      <h3 id="link-heading">Link a device</h3>
      <p class="muted">Open this link on your phone or another computer, or scan its QR code, to sign in there without typing your password.</p>
      {link !== undefined && <IssuedLinkView link={link} label="Device link" caption="Scan with the other device’s camera." />}
      <FormError text={error} />
      <button type="button" class="button secondary" onClick={() => void make()}>
        <Icon name="link" size={18} /> {link === undefined ? 'Make a device link' : 'Make a new link'}
      </button>
    </section>
  )
}
