import { describe, expect, it } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { resolveWebSocket, type WebSocketConstructor } from '../src/transport.js'

const runtimeWebSocket = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket

describe('resolveWebSocket', () => {
  it('should prefer the WebSocket class given in the options', async () => {
    await expect(resolveWebSocket(NodeWebSocket)).resolves.toBe(NodeWebSocket)
  })

  it.runIf(runtimeWebSocket !== undefined)('should use the runtime WebSocket where there is one (browsers, happy-dom)', async () => {
    const resolved = await resolveWebSocket()
    expect(resolved).toBe(runtimeWebSocket)
    expect(resolved).not.toBe(NodeWebSocket)
  })

  it.runIf(runtimeWebSocket === undefined)('should load the ws package where the runtime has no WebSocket (Node 20)', async () => {
    await expect(resolveWebSocket()).resolves.toBe(NodeWebSocket)
  })
})
