/** A one-time link the server issued, as the web app receives it in the address: `/#link=…`, `/#reset=…`, `/#setup=…`. */
export interface AccountLink {
  kind: 'link' | 'reset' | 'setup'
  token: string
}

/**
 * Reads a device link, an admin's reset link or the first admin's setup link from the address's fragment, the
 * way the server issues them (`IssuedLink.path`, `app.lanchat.accountSetupPath()`). A fragment never reaches the
 * server's logs or a proxy's.
 *
 * @example
 * ```ts
 * accountLinkFromHash('#reset=AbC…') // { kind: 'reset', token: 'AbC…' }
 * ```
 */
export function accountLinkFromHash(hash: string): AccountLink | undefined {
  const match = /^#(link|reset|setup)=([A-Za-z0-9_-]{16,128})$/.exec(hash)
  if (match === null) return undefined
  return { kind: match[1] as AccountLink['kind'], token: match[2] as string }
}

/** Takes the one-time link out of the address bar, so a reload, a bookmark or a shared screen does not carry it. */
export function forgetAccountLinkInAddress(): void {
  const url = new URL(globalThis.location.href)
  if (url.hash === '') return
  url.hash = ''
  globalThis.history.replaceState(globalThis.history.state, '', url.pathname + url.search)
}

/** The full address of a path the server issued (`/#link=…`), on the server this page came from. */
export function issuedLinkUrl(path: string, location: Pick<Location, 'origin'> = globalThis.location): string {
  return `${location.origin}${path}`
}
