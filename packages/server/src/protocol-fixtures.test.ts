import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { decodeServerMessage, encode, type ServerMessage } from '@lanchat/protocol'
import { describe, expect, it } from 'vitest'

// The protocol's golden server frames, decoded here as in the protocol and client suites: what this server sends
// must keep matching them.
const require = createRequire(import.meta.url)
const fixturePath = (() => {
  try {
    return require.resolve('@lanchat/protocol/fixtures/server-frames.json')
  } catch {
    return undefined
  }
})()
const frames: ServerMessage[] =
  fixturePath !== undefined && existsSync(fixturePath)
    ? (JSON.parse(readFileSync(fixturePath, 'utf8')) as ServerMessage[])
    : []

describe.skipIf(frames.length === 0)('golden server frames', () => {
  it.each(frames.map((frame, index) => [`${frame.type} #${index}`, frame] as const))('should decode %s', (_, frame) => {
    expect(decodeServerMessage(encode(frame))).toEqual(frame)
  })
})
