import { splitMentions } from '../chat/mentions.js'
import { linkify } from '../linkify.js'

/**
 * Message text as text nodes, with http/https links as anchors that open in a new tab and tell the
 * other site nothing. Newlines are kept by CSS (`white-space: pre-wrap`), never turned into HTML.
 *
 * @example
 * ```tsx
 * <MessageText text={message.text} mention={me.name} />
 * ```
 *
 * With `mention` (the person's name), each `@Name` of them is a `<mark class="mention">`.
 */
export function MessageText({ text, mention }: { text: string; mention?: string | undefined }) {
  return (
    <p class="message-text">
      {linkify(text).map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ) : mention === undefined ? (
          segment.text
        ) : (
          splitMentions(segment.text, mention).map((part, partIndex) =>
            part.mention ? (
              <mark key={`${index}-${partIndex}`} class="mention">
                {part.text}
              </mark>
            ) : (
              part.text
            ),
          )
        ),
      )}
    </p>
  )
}
