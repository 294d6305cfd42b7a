import type { IssuedLink } from '@lanchat/client'
import { useEffect, useId, useState } from 'preact/hooks'
import { issuedLinkUrl } from '../../accounts/account-links.js'
import { qrCodeImage } from '../../qr-code.js'
import { CopyButton } from '../copy-button.js'

/**
 * A one-time link the server issued (device link, reset link): the address to copy, its QR code for a phone's camera,
 * and how long it stays valid: a live countdown for short links, the time it ends for long ones.
 */
export function IssuedLinkView({ link, label, caption }: { link: IssuedLink; label: string; caption: string }) {
  const url = issuedLinkUrl(link.path)
  const inputId = useId()
  const [qr, setQr] = useState<string | undefined>(undefined)
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    let current = true
    void qrCodeImage(url).then((source) => current && setQr(source))
    return () => {
      current = false
    }
  }, [url])
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  const left = link.expiresAt - now
  const expired = left <= 0

  return (
    <div class="issued-link" data-testid="issued-link">
      <div class="field">
        <label for={inputId}>{label}</label>
        <div class="field-row">
          <input id={inputId} type="text" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
          <CopyButton text={url} label="Copy link" />
        </div>
      </div>
      <figure class="qr">
        {qr === undefined ? <div class="qr-placeholder" aria-hidden="true" /> : <img src={qr} width={184} height={184} alt={`QR code of the link ${url}`} />}
        <figcaption>{caption}</figcaption>
      </figure>
      <p class={expired ? 'error-text' : 'muted'} data-testid="link-expiry">
        {expired ? 'This link has expired. Make a new one.' : expiryText(left, link.expiresAt)}
      </p>
    </div>
  )
}

/** "Works once, for 4:32 more" under an hour (the visible countdown; screen readers are not told every second). */
function expiryText(left: number, expiresAt: number): string {
  if (left < 3_600_000) {
    const seconds = Math.ceil(left / 1000)
    const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
    return `Works once, for ${clock} more.`
  }
  const until = new Date(expiresAt).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })
  return `Works once, until ${until}.`
}
