/**
 * A form's error, announced by screen readers the moment it appears (`role="alert"`); `id` lets the fields point at
 * it with `aria-describedby`.
 */
export function FormError({ id, text }: { id?: string; text: string | undefined }) {
  if (text === undefined) return null
  return (
    <p id={id} class="error-text" role="alert">
      {text}
    </p>
  )
}
