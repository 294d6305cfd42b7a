import type { ChatStore } from '../chat/chat-store.js'
import { Icon } from './icon.js'

/** Short messages at the bottom of the screen; errors are announced assertively, the rest politely. */
export function Toasts({ store }: { store: ChatStore }) {
  return (
    <div class="toasts">
      {store.toasts.value.map((toast) => (
        <div key={toast.id} class={`toast ${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
          <span>{toast.text}</span>
          <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => store.dismissToast(toast.id)}>
            <Icon name="close" size={16} />
          </button>
        </div>
      ))}
    </div>
  )
}
