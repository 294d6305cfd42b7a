import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import * as ws from 'ws'
import { WebSocket, WebSocketServer } from 'ws'
import { writeFrame } from './frame-writer.js'
import { SharedEncoder, textFrameHeader } from './shared-encoder.js'

/** ws's own frame builder, the reference for our header (@types/ws does not declare it). */
const { Sender } = ws as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] }
}

/** A real ws server on 127.0.0.1 and a client connected to it; resolves with both ends. */
async function socketPair(perMessageDeflate: boolean): Promise<{ server: WebSocket; client: WebSocket }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate })
  onTestFinished(() => new Promise<void>((resolve) => wss.close(() => resolve())))
  await once(wss, 'listening')
  const { port } = wss.address() as AddressInfo
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate })
  onTestFinished(() => client.terminate())
  const [server] = (await once(wss, 'connection')) as [WebSocket]
  await once(client, 'open')
  return { server, client }
}

function received(client: WebSocket, count: number): Promise<Array<{ text: string; binary: boolean }>> {
  const frames: Array<{ text: string; binary: boolean }> = []
  return new Promise((resolve) => {
    client.on('message', (data: Buffer, binary: boolean) => {
      frames.push({ text: data.toString('utf8'), binary })
      if (frames.length === count) resolve(frames)
    })
  })
}

describe('textFrameHeader', () => {
  it.each([0, 1, 125, 126, 65_535, 65_536, 200_000])('should build the header ws builds for a %i-byte text frame', (length) => {
    const [header] = Sender.frame(Buffer.alloc(length), { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false })
    expect(textFrameHeader(length)).toEqual(header)
  })
})

describe('writeFrame', () => {
  const texts = ['{"type":"pong","ts":1}', `{"text":"${'ü'.repeat(100)}"}`, `{"text":"${'x'.repeat(70_000)}"}`, '{"type":"last"}']

  it('should deliver frames built once as the same text frames, in order, mixed with plain sends', async () => {
    const { server, client } = await socketPair(false)
    const encoder = new SharedEncoder()
    const arriving = received(client, texts.length + 1)
    for (const text of texts.slice(0, 2)) writeFrame(server, encoder.encode(text))
    server.send('{"type":"plain"}')
    // Only the plain send went through socket.send: the shared frames took the direct path.
    const send = vi.spyOn(server, 'send')
    for (const text of texts.slice(2)) writeFrame(server, encoder.encode(text))
    const frames = await arriving
    expect(frames.map((frame) => frame.text)).toEqual([...texts.slice(0, 2), '{"type":"plain"}', ...texts.slice(2)])
    expect(frames.every((frame) => !frame.binary)).toBe(true)
    expect(send).not.toHaveBeenCalled()
  })

  it('should fall back to socket.send when compression was negotiated', async () => {
    const { server, client } = await socketPair(true)
    expect(server.extensions).toContain('permessage-deflate')
    const encoder = new SharedEncoder()
    const arriving = received(client, texts.length)
    for (const text of texts) writeFrame(server, encoder.encode(text))
    expect((await arriving).map((frame) => frame.text)).toEqual(texts)
  })
})

describe('SharedEncoder', () => {
  it('should hand out the same bytes while the same string keeps coming, and new ones for a new string', () => {
    const encoder = new SharedEncoder()
    const first = encoder.encode('{"a":1}')
    expect(encoder.encode('{"a":1}')).toBe(first)
    const second = encoder.encode('{"a":2}')
    expect(second).not.toBe(first)
    expect(second.payload.toString()).toBe('{"a":2}')
    expect(second.header).toEqual(textFrameHeader(7))
  })
})
