// navigator.clipboard exists only in secure contexts (https, localhost). Everyone else on the LAN opens
// the app over plain http, so fall back to a selected, off-screen textarea and execCommand('copy').
function copyWithSelection(text: string): boolean {
  const field = document.createElement('textarea')
  field.value = text
  field.setAttribute('readonly', '')
  field.className = 'clipboard-helper'
  const previousFocus = document.activeElement
  document.body.append(field)
  field.select()
  field.setSelectionRange(0, text.length)
  let copied = false
  try {
    copied = document.execCommand('copy')
  } catch {
    copied = false
  }
  field.remove()
  if (previousFocus instanceof HTMLElement) previousFocus.focus()
  return copied
}

/**
 * Copies text to the clipboard, in secure contexts and on plain-http LAN pages alike.
 * Resolves with whether it worked; it never rejects.
 *
 * @example
 * ```ts
 * if (await copyText(link)) showCopied()
 * ```
 */
export async function copyText(text: string): Promise<boolean> {
  if (globalThis.isSecureContext && navigator.clipboard !== undefined) {
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch {
      // Permission refused or document not focused: try the old way.
    }
  }
  return copyWithSelection(text)
}
