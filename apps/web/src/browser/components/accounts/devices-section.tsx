import type { DeviceSession } from '@lanchat/client'
import { useEffect, useState } from 'preact/hooks'
import { accountErrorText } from '../../accounts/account-error-text.js'
import type { AccountSession } from '../../accounts/account-session.js'
import { seenText } from '../../accounts/seen-text.js'
import { now } from '../../chat/clock.js'
import { FormError } from './form-error.js'

/** The devices signed in to the account: this one marked, when each was last seen, and signing others out. */
export function DevicesSection({ accounts }: { accounts: AccountSession }) {
  const [devices, setDevices] = useState<DeviceSession[] | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [status, setStatus] = useState('')

  const refresh = async () => {
    try {
      setDevices(await accounts.devices())
    } catch (thrown) {
      setError(accountErrorText(thrown))
    }
  }
  useEffect(() => void refresh(), [])

  const signOut = async (targets: DeviceSession[]) => {
    setError(undefined)
    try {
      for (const device of targets) await accounts.revokeDevice(device.id)
      setStatus(targets.length === 1 ? `${targets[0]?.device ?? 'The device'} is signed out.` : `${targets.length} devices are signed out.`)
    } catch (thrown) {
      setError(accountErrorText(thrown))
    }
    await refresh()
  }

  const others = devices?.filter((device) => !device.current) ?? []
  return (
    <section class="account-section" aria-labelledby="devices-heading">
      <h3 id="devices-heading">Your devices</h3>
      {devices === undefined ? (
        <p class="muted">Loading…</p>
      ) : (
        <ul class="device-list">
          {devices.map((device) => (
            <li key={device.id} class="device" data-current={device.current}>
              <span class="device-text">
                <span class="device-name">
                  {device.device}
                  {device.current && <span class="tag accent">This device</span>}
                </span>
                <span class="muted small">
                  {device.current ? 'Active now' : `Last seen ${seenText(device.lastUsedAt, now.value)}`} · signed in{' '}
                  {seenText(device.createdAt, now.value)}
                </span>
              </span>
              {!device.current && (
                <button type="button" class="button small secondary" aria-label={`Sign out ${device.device}`} onClick={() => void signOut([device])}>
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {others.length > 1 && (
        <button type="button" class="button secondary" onClick={() => void signOut(others)}>
          Sign out all other devices
        </button>
      )}
      <p class="muted" role="status">
        {status}
      </p>
      <FormError text={error} />
    </section>
  )
}
