import { useState } from 'preact/hooks'
import { downloadRecoveryCodes, recoveryCodesText } from '../../accounts/recovery-file.js'
import { CopyButton } from '../copy-button.js'
import { Icon } from '../icon.js'

/**
 * The one-time recovery codes, shown once: copy them or save them as a text file, then confirm they are stored.
 * They are the way back in without an admin when the password is forgotten.
 */
export function RecoveryCodes({ name, codes, onDone }: { name: string; codes: readonly string[]; onDone: () => void }) {
  const [stored, setStored] = useState(false)
  const server = globalThis.location.origin
  const text = recoveryCodesText(name, server, codes)
  return (
    <div class="stack recovery">
      <p role="status">
        <strong>Your name is protected.</strong> Store these recovery codes somewhere safe, such as a password manager or
        on paper. If you forget your password, one of them and your name let you set a new one. Each works once, and
        this is the only time you see them.
      </p>
      <ol class="recovery-codes" aria-label="Recovery codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="button-row">
        <CopyButton text={text} label="Copy codes" />
        <button type="button" class="button secondary" onClick={() => downloadRecoveryCodes(name, server, codes)}>
          <Icon name="download" size={18} /> Download as text
        </button>
      </div>
      <label class="check-row">
        <input type="checkbox" checked={stored} onChange={(event) => setStored(event.currentTarget.checked)} />
        <span>I have stored them</span>
      </label>
      <button type="button" class="button primary wide" disabled={!stored} onClick={onDone}>
        Done
      </button>
    </div>
  )
}
