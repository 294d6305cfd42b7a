import type { ChatStore } from '../chat/chat-store.js'

/**
 * Says when the chat is not connected. While the SDK reconnects, what the person sends waits in its
 * outbox and goes out once, when the connection is back.
 */
export function ConnectionBanner({ store }: { store: ChatStore }) {
  const state = store.connection.value
  if (state === 'reconnecting' || state === 'connecting') {
    return (
      <div class="connection-banner" role="status" data-state={state}>
        <span class="spinner" aria-hidden="true" />
        <span class="banner-text">
          <strong>Reconnecting…</strong> Messages you send now will go out when the connection is back.
        </span>
        <button type="button" class="button small secondary" onClick={() => store.reconnectNow()}>
          Retry now
        </button>
      </div>
    )
  }
  if (state === 'closed') {
    return (
      <div class="connection-banner closed" role="status" data-state={state}>
        <span class="banner-text">
          <strong>Disconnected.</strong> The chat server closed the connection.
        </span>
        <button type="button" class="button small" onClick={() => globalThis.location.reload()}>
          Reload
        </button>
      </div>
    )
  }
  return null
}
