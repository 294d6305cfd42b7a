import { nameColour } from '@lanchat/client'

/** The first letter (or emoji) of a name, for an avatar. */
function initial(name: string): string {
  const [first = '?'] = Array.from(name.trim())
  return first.toUpperCase()
}

/**
 * A round avatar with the person's initial in their name colour. Decorative: the name is always shown
 * next to it.
 *
 * @example
 * ```tsx
 * <Avatar id={member.id} name={member.name} />
 * ```
 */
export function Avatar({ id, name, size = 'medium' }: { id: string; name: string; size?: 'small' | 'medium' }) {
  const colour = nameColour(id)
  return (
    <span
      class={`avatar avatar-${size}`}
      style={{ '--name-light': colour.light, '--name-dark': colour.dark }}
      aria-hidden="true"
    >
      {initial(name)}
    </span>
  )
}

/**
 * A name in its own colour.
 *
 * @example
 * ```tsx
 * <ColouredName id={message.from.id} name={message.from.name} />
 * ```
 */
export function ColouredName({ id, name }: { id: string; name: string }) {
  const colour = nameColour(id)
  return (
    <span class="author" style={{ '--name-light': colour.light, '--name-dark': colour.dark }}>
      {name}
    </span>
  )
}
