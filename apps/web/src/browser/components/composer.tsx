import { LIMITS, splitText, textLength } from '@lanchat/client'
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import type { RoomView } from '../chat/room-view.js'
import { Icon } from './icon.js'

const MAX_HEIGHT_PX = 160

/**
 * Where the person writes. Enter sends, Shift+Enter starts a new line; typing tells the room (throttled by
 * the SDK). Works while reconnecting too: the SDK's outbox sends the message once the connection is back.
 */
export function Composer({ store, room }: { store: ChatStore; room: RoomView }) {
  const field = useRef<HTMLTextAreaElement>(null)
  const draft = room.draft.value
  const length = textLength(draft)
  const remaining = LIMITS.maxTextLength - length
  // Too long for one message: offer to send it as several, cut at paragraphs, lines or words (as `lanchat send` does).
  const pieces = useMemo(
    () => (textLength(draft) > LIMITS.maxTextLength ? splitText(draft, LIMITS.maxTextLength) : []),
    [draft],
  )

  useLayoutEffect(() => {
    const element = field.current
    if (element === null) return
    element.style.height = 'auto'
    element.style.height = `${Math.min(element.scrollHeight, MAX_HEIGHT_PX)}px`
  }, [draft])

  const submit = () => {
    if (draft.trim() === '' || remaining < 0) return
    store.send(room.id, draft)
    room.draft.value = ''
    store.setTyping(room.id, false)
    field.current?.focus()
  }

  const sendInPieces = () => {
    for (const piece of pieces) store.send(room.id, piece)
    room.draft.value = ''
    store.setTyping(room.id, false)
    field.current?.focus()
  }

  return (
    <>
      {remaining < 0 && (
        <div class="composer-too-long" role="status">
          <span>
            This text has {length.toLocaleString('en')} characters; one message can have at most{' '}
            {LIMITS.maxTextLength.toLocaleString('en')}.
          </span>
          <button type="button" class="split-button" onClick={sendInPieces}>
            Send as {pieces.length} messages
          </button>
        </div>
      )}
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <label class="visually-hidden" for="composer-input">
          Message {room.title.value}
        </label>
        <textarea
          id="composer-input"
          ref={field}
          rows={1}
          value={draft}
          placeholder={`Message ${room.title.value}`}
          enterkeyhint="send"
          autoComplete="off"
          aria-describedby="composer-hint"
          onInput={(event) => {
            const value = event.currentTarget.value
            room.draft.value = value
            store.setTyping(room.id, value.trim() !== '')
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault()
              submit()
            }
          }}
          onBlur={() => store.setTyping(room.id, false)}
        />
        <span id="composer-hint" class="visually-hidden">
          Enter sends, Shift+Enter starts a new line.
        </span>
        {remaining < 200 && (
          <span class={`char-count${remaining < 0 ? ' over' : ''}`} aria-live="polite">
            {remaining}
          </span>
        )}
        <button type="submit" class="send-button" aria-label="Send" disabled={draft.trim() === '' || remaining < 0}>
          <Icon name="send" />
        </button>
      </form>
    </>
  )
}
