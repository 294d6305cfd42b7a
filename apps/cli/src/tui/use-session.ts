import { useEffect, useState } from 'react'
import type { ChatSession } from '../chat/chat-session.js'

/** Re-renders the component whenever the session changes. */
export function useSessionVersion(session: ChatSession): number {
  const [version, setVersion] = useState(0)
  useEffect(() => session.on('change', () => setVersion((current) => current + 1)), [session])
  return version
}
