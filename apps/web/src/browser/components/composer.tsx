import { LIMITS, splitText, textLength } from '@lanchat/client'
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import { insertMention, mentionCandidates, mentionQuery } from '../chat/mention-query.js'
import type { RoomView } from '../chat/room-view.js'
import { Icon } from './icon.js'

const MAX_HEIGHT_PX = 160

/**
 * Where the person writes. Enter sends, Shift+Enter starts a new line; typing tells the room (throttled by
 * the SDK). Works while reconnecting too: the SDK's outbox sends the message once the connection is back.
 * Typing `@` suggests the room's members (a listbox the field controls: arrows move, Enter or Tab picks, Escape
 * closes) and inserts `@Name`.
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

  const [caret, setCaret] = useState(0)
  const [active, setActive] = useState(0)
  /** The `@` whose suggestions were closed with Escape: they stay closed until the person types again. */
  const [dismissed, setDismissed] = useState<number | undefined>(undefined)
  const mention = mentionQuery(draft, caret)
  const suggestions =
    mention === undefined || mention.start === dismissed ? [] : mentionCandidates(room.members.value, mention.query, store.selfId.value)
  const open = mention !== undefined && suggestions.length > 0
  const activeIndex = Math.min(active, suggestions.length - 1)
  const listId = `mention-list-${room.id}`

  const pick = (name: string) => {
    const element = field.current
    if (mention === undefined || element === null) return
    const next = insertMention(draft, mention, caret, name)
    room.draft.value = next.text
    setCaret(next.caret)
    setActive(0)
    // After the render that puts the new text in the field.
    requestAnimationFrame(() => {
      element.focus()
      element.setSelectionRange(next.caret, next.caret)
    })
  }

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
        {open && (
          <ul class="mention-list" id={listId} role="listbox" aria-label="People to mention">
            {suggestions.map((member, index) => (
              <li
                key={member.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === activeIndex}
                class={index === activeIndex ? 'active' : undefined}
                onMouseDown={(event) => {
                  event.preventDefault()
                  pick(member.name)
                }}
              >
                @{member.name}
              </li>
            ))}
          </ul>
        )}
        <span class="visually-hidden" aria-live="polite">
          {open ? `${suggestions.length} ${suggestions.length === 1 ? 'person' : 'people'} to mention: up and down to choose, Enter to pick.` : ''}
        </span>
        <textarea
          id="composer-input"
          ref={field}
          rows={1}
          value={draft}
          placeholder={`Message ${room.title.value}`}
          enterkeyhint="send"
          autoComplete="off"
          aria-describedby="composer-hint"
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${activeIndex}` : undefined}
          onInput={(event) => {
            const value = event.currentTarget.value
            const at = event.currentTarget.selectionStart
            room.draft.value = value
            setCaret(at)
            setActive(0)
            setDismissed(undefined)
            store.setTyping(room.id, value.trim() !== '')
          }}
          onKeyUp={(event) => {
            if (event.key.startsWith('Arrow') || event.key === 'Home' || event.key === 'End') setCaret(event.currentTarget.selectionStart)
          }}
          onClick={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={(event) => {
            if (open && !event.isComposing) {
              const chosen = suggestions[activeIndex]
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                event.preventDefault()
                const step = event.key === 'ArrowDown' ? 1 : -1
                setActive((activeIndex + step + suggestions.length) % suggestions.length)
                return
              }
              // Enter after a name typed out in full sends; Tab still completes it.
              const typedOut = chosen !== undefined && chosen.name.toLocaleLowerCase() === mention.query.toLocaleLowerCase()
              if ((event.key === 'Tab' || (event.key === 'Enter' && !typedOut)) && !event.shiftKey && chosen !== undefined) {
                event.preventDefault()
                pick(chosen.name)
                return
              }
              if (event.key === 'Escape') {
                event.preventDefault()
                event.stopPropagation()
                setDismissed(mention.start)
                return
              }
            }
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
