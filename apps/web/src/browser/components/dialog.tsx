import type { ComponentChildren } from 'preact'
import { useId, useLayoutEffect, useRef } from 'preact/hooks'
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
  const mounted = useRef(true)

  useLayoutEffect(() => {
    const dialog = element.current
    if (dialog !== null && !dialog.open) dialog.showModal()
    return () => {
      // Unmounted because another dialog replaced this one: its late `close` event must not close that one.
      mounted.current = false
      if (dialog?.open === true) dialog.close()
    }
  }, [])

  const close = () => {
    if (mounted.current) onClose()
  }

  return (
    <dialog
      ref={element}
      class="dialog"
      aria-labelledby={headingId}
      onClose={close}
      onClick={(event) => {
        // A click on the dialog element itself (not its content) is a click on the backdrop.
        if (event.target === element.current) close()
      }}
    >
      <div class="dialog-content">
        <header class="dialog-header">
          <h2 id={headingId}>{title}</h2>
          <button type="button" class="icon-button" aria-label="Close" onClick={close}>
            <Icon name="close" />
          </button>
        </header>
        {children}
      </div>
    </dialog>
  )
}
