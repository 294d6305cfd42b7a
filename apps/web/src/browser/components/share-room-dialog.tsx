import { useEffect, useState } from 'preact/hooks'
import type { RoomView } from '../chat/room-view.js'
import { qrCodeImage } from '../qr-code.js'
import { displayCode, roomLink } from '../room-link.js'
import { httpsInfo, loadHttpsInfo, secureLocation, TRUST_PAGE } from '../secure-context.js'
import { CopyButton } from './copy-button.js'
import { Dialog } from './dialog.js'

/**
 * How others get into a room: the code in large type (to read aloud), the link (to send), and its QR
 * code (for a phone's camera). When the server serves HTTPS, the link and QR code can be its HTTPS address (for
 * devices that installed the lanchat CA; the default on an HTTPS page) or the plain one (any device).
 */
export function ShareRoomDialog({ room, onClose }: { room: RoomView; onClose: () => void }) {
  const code = displayCode(room.id)
  useEffect(() => loadHttpsInfo(), [])
  const https = httpsInfo.value
  const [secure, setSecure] = useState(globalThis.location.protocol === 'https:')
  const link =
    secure && https !== undefined && https !== null && globalThis.location.protocol !== 'https:'
      ? roomLink(room.id, secureLocation(globalThis.location, https.port))
      : roomLink(room.id, globalThis.location)
  const offerHttps = https !== undefined && https !== null && globalThis.location.protocol !== 'https:'
  const [qr, setQr] = useState<string | undefined>(undefined)
  useEffect(() => {
    let current = true
    void qrCodeImage(link).then((source) => current && setQr(source))
    return () => {
      current = false
    }
  }, [link])

  return (
    <Dialog title={`Invite people to ${room.title.value}`} onClose={onClose}>
      <div class="share">
        <p class="share-lead">People on this network can join with this code:</p>
        <p class="room-code" data-testid="room-code" aria-label={`Room code ${code.split('').join(' ')}`}>
          {code}
        </p>
        <CopyButton text={code} label="Copy code" variant="primary" autoFocus />
        {offerHttps && (
          <fieldset class="share-scheme">
            <legend>Link for</legend>
            <label>
              <input type="radio" name="share-scheme" checked={!secure} onChange={() => setSecure(false)} /> Any device (http)
            </label>
            <label>
              <input type="radio" name="share-scheme" checked={secure} onChange={() => setSecure(true)} /> Devices set up for
              HTTPS
            </label>
          </fieldset>
        )}
        {offerHttps && secure && (
          <p class="muted">
            Notifications work there. A device opens it without a warning once it has the lanchat certificate:{' '}
            <a href={TRUST_PAGE}>how to set a device up</a>.
          </p>
        )}
        <div class="share-link">
          <label for="share-link">Or send them this link</label>
          <div class="field-row">
            <input id="share-link" type="text" readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
            <CopyButton text={link} label="Copy link" />
          </div>
        </div>
        <figure class="qr">
          {qr === undefined ? (
            <div class="qr-placeholder" aria-hidden="true" />
          ) : (
            <img src={qr} width={184} height={184} alt={`QR code of the link ${link}`} />
          )}
          <figcaption>Scan with a phone camera to join.</figcaption>
        </figure>
      </div>
    </Dialog>
  )
}
