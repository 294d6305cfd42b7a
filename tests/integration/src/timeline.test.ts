import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { LanchatClient, TimelineEntry } from '@lanchat/client'
import { connectClient, startServer, waitFor } from './harness.js'
import { startLink } from './link.js'

function texts(entries: readonly TimelineEntry[]): string[] {
  return entries.flatMap((entry) => (entry.kind === 'message' ? [entry.message.text] : []))
}

function seqs(entries: readonly TimelineEntry[]): number[] {
  return entries.flatMap((entry) => (entry.kind === 'message' ? [entry.message.seq] : []))
}

async function post(client: LanchatClient, room: string, from: number, to: number): Promise<void> {
  const sends = []
  for (let index = from; index <= to; index++) sends.push(client.send(room, `line ${index}`).acked)
  await Promise.all(sends)
}

describe('send order under rate limiting, through a slow uplink', () => {
  it('should store one sender’s burst in the order send() was called', async () => {
    const server = await startServer({ rateLimit: { messagesPerSecond: 10, burst: 5 } })
    // About 4 kB/s up: the burst is still on the wire when the first refusals come back.
    const link = await startLink(server.port, '/ws', { uplinkBytesPerTick: 40, tickMs: 10 })
    const refusals: string[] = []
    class CountingRefusals extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args)
        this.on('message', (data) => {
          if (String(data).includes('"RATE_LIMITED"')) refusals.push(String(data))
        })
      }
    }
    const sender = await connectClient(link.url, 'Sender', { WebSocket: CountingRefusals as never })
    const reader = await connectClient(server.url, 'Reader')
    const { room } = await sender.create()
    await reader.join(room.id)

    const count = 40
    const sent = Array.from({ length: count }, (_, index) => sender.send(room.id, `m${index}`))
    await Promise.all(sent.map((outgoing) => outgoing.acked))
    await waitFor(() => texts(reader.timeline(room.id)?.snapshot.entries ?? []).length === count, 20_000, 'every message')

    const stored = reader.timeline(room.id)?.snapshot.entries ?? []
    expect(texts(stored)).toEqual(sent.map((outgoing) => outgoing.text))
    expect(seqs(stored)).toEqual(Array.from({ length: count }, (_, index) => index + 1))
    // The server did refuse part of the burst: the order held through the refusals.
    expect(refusals.length).toBeGreaterThan(0)
  }, 30_000)
})

describe('the room timeline against a real server', () => {
  it('should show what a resume could not replay as a gap, and fill it back to every message in order', async () => {
    const server = await startServer({ maxResumeMessages: 10, rateLimit: { messagesPerSecond: 1_000, burst: 1_000 } })
    const link = await startLink(server.port, '/ws')
    const maria = await connectClient(server.url, 'Maria')
    const pete = await connectClient(link.url, 'Pete', { reconnect: { initialDelayMs: 20, maxDelayMs: 50 } })
    const { room } = await maria.create()
    await pete.join(room.id)
    const timeline = pete.timeline(room.id)
    if (timeline === undefined) throw new Error('no timeline after the join')
    await post(maria, room.id, 1, 5)
    await waitFor(() => seqs(timeline.snapshot.entries).length === 5, 5_000, 'the first five')

    // Pete is out of range while Maria posts far more than a resume replays.
    link.setDown(true)
    link.cut()
    await waitFor(() => pete.state === 'reconnecting', 5_000, 'Pete reconnecting')
    await post(maria, room.id, 6, 160)
    link.setDown(false)
    await waitFor(() => pete.state === 'open' && seqs(timeline.snapshot.entries).at(-1) === 160, 10_000, 'Pete back')

    const gap = timeline.snapshot.entries.find((entry) => entry.kind === 'gap')
    expect(gap).toMatchObject({ kind: 'gap', after: 5 })
    expect(timeline.snapshot.unread).toBeGreaterThan(0)
    while (timeline.snapshot.entries.some((entry) => entry.kind === 'gap')) await timeline.fillGap()

    expect(seqs(timeline.snapshot.entries)).toEqual(Array.from({ length: 160 }, (_, index) => index + 1))
    timeline.setVisible(true)
    expect(timeline.snapshot.unread).toBe(0)
  }, 30_000)

  it('should show joins and leaves as notices, and own messages as outgoing until stored', async () => {
    const server = await startServer()
    const maria = await connectClient(server.url, 'Maria')
    const { room } = await maria.create()
    const timeline = maria.timeline(room.id)
    if (timeline === undefined) throw new Error('no timeline after the create')
    const kinds: string[] = []
    timeline.subscribe(({ entries }) => {
      const last = entries.at(-1)
      if (last !== undefined) kinds.push(last.kind === 'outgoing' ? `outgoing ${last.outgoing.state}` : last.kind)
    })

    const pete = await connectClient(server.url, 'Pete')
    await pete.join(room.id)
    await waitFor(() => timeline.snapshot.members.length === 2, 5_000, 'Pete in the member list')
    await maria.send(room.id, 'Hi Pete').acked
    await pete.leave(room.id)
    await waitFor(() => timeline.snapshot.entries.length === 3, 5_000, 'three entries')

    expect(timeline.snapshot.entries.map((entry) => (entry.kind === 'notice' ? `${entry.event} ${entry.member.name}` : entry.kind))).toEqual([
      'joined Pete',
      'message',
      'left Pete',
    ])
    expect(kinds).toContain('outgoing pending')
    expect(timeline.snapshot.entries[1]).toMatchObject({ kind: 'message', own: true, message: { text: 'Hi Pete' } })
    await maria.leave(room.id)
    expect(maria.timeline(room.id)).toBeUndefined()
  })
})
