import type { ComponentChildren } from 'preact'
import { useEffect, useId, useRef } from 'preact/hooks'
import { Icon } from './icon.js'

/**
 * A modal dialog on the native `<dialog>`: focus moves in and is trapped, Esc closes it, and so does a
 * click on the backdrop. Mount it to open it; `onClose` unmounts it.
 *
 * @example
 * ```tsx
 * {open && <Dialog title="Settings" onClose={() => setOpen(false)}>…</Dialog>}
 * ```
 */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  const element = useRef<HTMLDialogElement>(null)
  const headingId = useId()

  useEffect(() => {
    const dialog = element.current
    if (dialog !== null && !dialog.open) dialog.showModal()
    return () => {
      if (dialog?.open === true) dialog.close()
    }
  }, [])

  return (
    <dialog
      ref={element}
      class="dialog"
      aria-labelledby={headingId}
      onClose={onClose}
      onClick={(event) => {
        // A click on the dialog element itself (not its content) is a click on the backdrop.
        if (event.target === element.current) onClose()
      }}
    >
      <div class="dialog-content">
        <header class="dialog-header">
          <h2 id={headingId}>{title}</h2>
          <button type="button" class="icon-button" aria-label="Close" onClick={onClose}>
            <Icon name="close" />
          </button>
        </header>
        {children}
      </div>
    </dialog>
  )
}
