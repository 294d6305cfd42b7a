import { useEffect, useState } from 'preact/hooks'
import { copyText } from '../clipboard.js'
import { Icon } from './icon.js'

/**
 * A button that copies `text` and says "Copied" for a moment (also to screen readers).
 *
 * @example
 * ```tsx
 * <CopyButton text={link} label="Copy link" />
 * ```
 */
export function CopyButton({
  text,
  label,
  variant = 'secondary',
  autoFocus = false,
}: {
  text: string
  label: string
  variant?: 'primary' | 'secondary'
  /** Take the focus when a dialog opens. */
  autoFocus?: boolean
}) {
  const [result, setResult] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (result === 'idle') return
    const timer = setTimeout(() => setResult('idle'), 2_000)
    return () => clearTimeout(timer)
  }, [result])
  return (
    <button
      type="button"
      class={`button ${variant}`}
      autoFocus={autoFocus}
      onClick={async () => setResult((await copyText(text)) ? 'copied' : 'failed')}
    >
      <Icon name={result === 'copied' ? 'check' : 'copy'} size={18} />
      <span aria-live="polite">{result === 'copied' ? 'Copied' : result === 'failed' ? 'Select and copy it' : label}</span>
    </button>
  )
}
