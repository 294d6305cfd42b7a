// What went wrong, in words for the person in front of the screen. Codes come from the protocol's closed list.
const byCode: Record<string, string> = {
  ROOM_NOT_FOUND: 'There is no room with that code. Check the code, or ask for a new link.',
  NOT_A_MEMBER: 'You are not in that room any more.',
  RATE_LIMITED: 'You are sending very fast. Wait a moment and retry.',
  MESSAGE_REJECTED: 'The server refused this message.',
  UNAVAILABLE: 'The server is busy or shutting down. Try again in a moment.',
  BAD_REQUEST: 'The server could not read that.',
  FRAME_TOO_LARGE: 'That is too long to send.',
  INTERNAL: 'The server had a problem. Try again.',
  FORBIDDEN: 'You may not do that here.',
  ROOM_EXISTS: 'A room with that code exists already. Pick another code.',
  USER_NOT_FOUND: 'Nobody goes by that name here.',
  NOT_SUPPORTED: 'This server does not offer that.',
}

/**
 * A sentence describing an error from the SDK (a `LanchatError` with a `code`) or anything else.
 *
 * @example
 * ```ts
 * errorText(error) // 'There is no room with that code. …'
 * ```
 */
export function errorText(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined
  // A host's message hook gives its own reason ("Please do not shout"): that says more than a generic line.
  if (code === 'MESSAGE_REJECTED' && error instanceof Error && error.message !== '') return `Refused: ${error.message}`
  // A guest asking for an account's name: the server says whose it is and what to do.
  if (code === 'BAD_REQUEST' && error instanceof Error && /belongs to an account/.test(error.message)) return `${error.message}.`
  // The server says what is not allowed ("Muted members may not post", "Guests may not create rooms").
  if (code === 'FORBIDDEN' && error instanceof Error && error.message !== '') return sentence(error.message)
  if (code !== undefined && code in byCode) return byCode[code] as string
  if (code === 'TIMEOUT' || (error instanceof Error && error.name.includes('Timeout'))) {
    return 'The server did not answer in time. Check the connection and retry.'
  }
  if (error instanceof Error && error.name.includes('Connection')) return 'Not connected to the chat server.'
  return error instanceof Error && error.message !== '' ? error.message : 'Something went wrong.'
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}
