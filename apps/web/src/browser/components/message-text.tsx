import { linkify } from '../linkify.js'

/**
 * Message text as text nodes, with http/https links as anchors that open in a new tab and tell the
 * other site nothing. Newlines are kept by CSS (`white-space: pre-wrap`), never turned into HTML.
 *
 * @example
 * ```tsx
 * <MessageText text={message.text} />
 * ```
 */
export function MessageText({ text }: { text: string }) {
  return (
    <p class="message-text">
      {linkify(text).map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </p>
  )
}
