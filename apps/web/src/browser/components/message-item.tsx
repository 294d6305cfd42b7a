import type { ChatMessage, OutgoingMessage } from '@lanchat/client'
import { errorText } from '../chat/error-text.js'
import { AccountMark } from './accounts/account-mark.js'
import { Avatar, ColouredName } from './avatar.js'
import { Icon } from './icon.js'
import { mentionsName } from '../chat/mentions.js'
import { MessageText } from './message-text.js'
import { exactTime } from '../time-format.js'
import { Timestamp } from './timestamp.js'

/**
 * One stored message. Others' messages sit on the left under their coloured name; the person's own sit on
 * the right in the accent colour (`data-own="true"`, class `own`). `grouped` hides the name and avatar
 * when the same person wrote the message just before.
 *
 * @example
 * ```tsx
 * <MessageItem message={message} own={message.from.id === me.id} grouped={false} />
 * ```
 */
export function MessageItem({
  message,
  own,
  grouped,
  label = message.from.name,
  account,
  onAuthor,
  mention,
}: {
  message: ChatMessage
  own: boolean
  grouped: boolean
  /** The author's name as shown, tagged when another member's name looks alike (`RoomView.labels`). */
  label?: string | undefined
  /** Whether the author is signed in to an account; `undefined` when unknown (no accounts, or they left the room). */
  account?: boolean | undefined
  /** Called when the author's name is clicked (to offer "Message" and the like); the name is plain text without it. */
  onAuthor?: (() => void) | undefined
  /** The person's own name: `@Name` in someone else's message is highlighted, and the message marked. */
  mention?: string | undefined
}) {
  const system = message.kind === 'system'
  const mentionsMe = mention !== undefined && mentionsName(message.text, mention)
  return (
    <article
      class={`message${own ? ' own' : ''}${grouped ? ' grouped' : ''}${system ? ' system' : ''}${mentionsMe ? ' mentions-me' : ''}`}
      data-own={own ? 'true' : 'false'}
      data-state="sent"
      data-seq={message.seq}
      data-author-id={message.from.id}
      aria-label={own ? 'You' : account !== undefined && !system ? `${label}, ${account ? 'account' : 'guest'}` : label}
    >
      {!own && (grouped ? <span class="avatar-spacer" /> : <Avatar id={message.from.id} name={message.from.name} />)}
      <div class="message-body">
        {!own && !grouped && (
          <div class="message-author">
            {onAuthor === undefined || system ? (
              <ColouredName id={message.from.id} name={label} />
            ) : (
              <button type="button" class="author-button" aria-label={`${label}: message or more`} onClick={onAuthor}>
                <ColouredName id={message.from.id} name={label} />
              </button>
            )}
            {account !== undefined && !system && <AccountMark account={account} />}
            {system && <span class="tag">host</span>}
          </div>
        )}
        <div class="bubble">
          <MessageText text={message.text} mention={mentionsMe ? mention : undefined} />
          <span class="message-meta">
            <Timestamp ts={message.ts} />
            {own && (
              <span class="delivery" title="Sent">
                <Icon name="checks" size={14} />
                <span class="visually-hidden">Sent</span>
              </span>
            )}
          </span>
        </div>
      </div>
    </article>
  )
}

/**
 * One of the person's own messages that is not stored yet (a timeline's `outgoing` entry): sending (clock), or
 * failed with the reason, Retry and Discard.
 *
 * @example
 * ```tsx
 * <OutgoingItem outgoing={entry.outgoing} onRetry={…} onDiscard={…} />
 * ```
 */
export function OutgoingItem({
  outgoing,
  onRetry,
  onDiscard,
}: {
  outgoing: OutgoingMessage
  onRetry: () => void
  onDiscard: () => void
}) {
  const failed = outgoing.state === 'failed'
  return (
    <article class={`message own pending${failed ? ' failed' : ''}`} data-own="true" data-state={outgoing.state} aria-label="You">
      <div class="message-body">
        <div class="bubble">
          <MessageText text={outgoing.text} />
          <span class="message-meta">
            {failed ? (
              <span class="delivery failed-label">
                <Icon name="alert" size={14} /> Not sent
              </span>
            ) : (
              <span class="delivery" title="Sending…">
                <Icon name="clock" size={14} />
                <span class="visually-hidden">Sending…</span>
              </span>
            )}
          </span>
        </div>
        {failed && (
          <div class="failed-actions">
            {outgoing.error !== undefined && <span class="failed-reason">{errorText(outgoing.error)}</span>}
            <button type="button" class="link-button" onClick={onRetry}>
              <Icon name="retry" size={14} /> Retry
            </button>
            <button type="button" class="link-button" onClick={onDiscard}>
              Discard
            </button>
          </div>
        )}
      </div>
    </article>
  )
}

/**
 * A change to the room (renamed, topic, a member removed…): a centred line with the server's own sentence, like a
 * join or leave notice.
 *
 * @example
 * ```tsx
 * {message.event !== undefined && <EventNotice message={message} />}
 * ```
 */
export function EventNotice({ message }: { message: ChatMessage }) {
  return (
    <div class="notice room-event" data-event={message.event?.type} data-seq={message.seq} title={exactTime(message.ts)}>
      <span>{message.text}</span>
    </div>
  )
}
