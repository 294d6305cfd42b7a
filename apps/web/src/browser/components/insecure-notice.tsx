import { useEffect } from 'preact/hooks'
import { httpsInfo, loadHttpsInfo, secureContext, secureLocation, TRUST_PAGE } from '../secure-context.js'
import { Icon } from './icon.js'

/**
 * Over plain http:// on the network, says what the browser turns off here and how to get it: the trust page (install
 * the lanchat CA once), and the HTTPS address when the server serves one. Nothing on a secure page.
 *
 * @example
 * ```tsx
 * <InsecureNotice />
 * ```
 */
export function InsecureNotice() {
  useEffect(() => {
    if (!secureContext) loadHttpsInfo()
  }, [])
  if (secureContext) return null
  const https = httpsInfo.value
  const secureUrl = https === undefined || https === null ? undefined : secureLocation(globalThis.location, https.port).origin + '/'
  return (
    <div class="insecure-notice" role="note" aria-labelledby="insecure-title">
      <p id="insecure-title" class="insecure-title">
        <Icon name="lock" size={18} /> Reduced mode: this page is not secure
      </p>
      <p class="muted">
        Over plain http:// your browser turns off notifications and installing the app, and anyone on the network can read
        the chat on its way. Over HTTPS they work.
      </p>
      <p class="insecure-links">
        {secureUrl !== undefined && (
          <a class="button primary" href={secureUrl}>
            Open the HTTPS address
          </a>
        )}
        <a class="button secondary" href={TRUST_PAGE}>
          Set up this device for HTTPS
        </a>
      </p>
      {secureUrl !== undefined && <p class="muted">The HTTPS address is {secureUrl}. Install the lanchat certificate first, or the browser warns.</p>}
    </div>
  )
}
