import { afterEach, describe, expect, it, vi } from 'vitest'
import { join, startCore, useCoreTimers } from '../../test/core-harness.js'
import { greet } from '../../test/fake-peer.js'

describe('ChatCore unused sessions', () => {
  afterEach(() => vi.useRealTimers())

  it('should forget a session that never joined a room after unusedSessionTtlMs, and keep a used one for sessionTtlMs', async () => {
    useCoreTimers()
    const core = await startCore({ unusedSessionTtlMs: 60_000, sessionTtlMs: 600_000 })
    const idle = await greet(core, 'Idle')
    const busy = await greet(core, 'Busy')
    await join(busy.peer, 'lobby')
    idle.peer.leave()
    busy.peer.leave()
    await vi.advanceTimersByTimeAsync(2 * 60_000)
    const idleAgain = await greet(core, 'Idle', { session: idle.welcome.session })
    const busyAgain = await greet(core, 'Busy', { session: busy.welcome.session })
    expect(idleAgain.welcome.sessionResumed).toBe(false)
    expect(busyAgain.welcome.sessionResumed).toBe(true)
  })
})
