import { describe, expect, it, vi } from 'vitest'
import type { RoomFrame } from './fanout-adapter.js'
import { RoomSequencer } from './room-sequencer.js'

const frame = (seq?: number): RoomFrame => ({ room: 'r', data: seq === undefined ? 'presence' : `m${seq}`, seq })

function sequencer(stored: RoomFrame[] = [], gapWaitMs = 50) {
  const delivered: string[] = []
  const replay = vi.fn(async (afterSeq: number) => {
    const frames = stored.filter((stored) => (stored.seq ?? 0) > afterSeq).slice(0, 2)
    return { frames, hasMore: stored.some((stored) => (stored.seq ?? 0) > (frames.at(-1)?.seq ?? afterSeq)) }
  })
  const report = vi.fn()
  const room = new RoomSequencer({ deliver: (frame) => delivered.push(frame.data), replay, gapWaitMs, report })
  return { room, delivered, replay, report }
}

describe('RoomSequencer', () => {
  it('should deliver the next seqs at once, frames without a seq at once, and drop seqs it has delivered', () => {
    const { room, delivered } = sequencer()
    room.start(4)
    room.accept(frame(5))
    room.accept(frame())
    room.accept(frame(6))
    room.accept(frame(5))
    room.accept(frame(3))
    expect(delivered).toEqual(['m5', 'presence', 'm6'])
  })

  it('should hold frames until it starts, then deliver only those after the stored seq, in order', () => {
    const { room, delivered } = sequencer()
    room.accept(frame(7))
    room.accept(frame(5))
    room.accept(frame(6))
    room.start(5)
    expect(delivered).toEqual(['m6', 'm7'])
  })

  it('should put crossed publications back in order without reading the store', async () => {
    const { room, delivered, replay } = sequencer()
    room.start(0)
    room.accept(frame(2))
    room.accept(frame(3))
    room.accept(frame(1))
    expect(delivered).toEqual(['m1', 'm2', 'm3'])
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(replay).not.toHaveBeenCalled()
  })

  it('should heal a gap from the store, page by page, before delivering what came after it', async () => {
    const stored = [1, 2, 3, 4, 5, 6].map((seq) => frame(seq))
    const { room, delivered, replay } = sequencer(stored, 10)
    room.start(1)
    room.accept(frame(6))
    expect(delivered).toEqual([])
    await vi.waitFor(() => expect(delivered).toEqual(['m2', 'm3', 'm4', 'm5', 'm6']))
    expect(replay).toHaveBeenCalledTimes(3)
    room.accept(frame(4))
    expect(delivered).toHaveLength(5)
  })

  it('should heal up to a mark, and retry a store that failed', async () => {
    const stored = [1, 2, 3].map((seq) => frame(seq))
    const { room, delivered, replay, report } = sequencer(stored, 0)
    replay.mockRejectedValueOnce(new Error('store down'))
    room.start(1)
    room.mark(3)
    await vi.waitFor(() => expect(report).toHaveBeenCalledOnce())
    await vi.waitFor(() => expect(delivered).toEqual(['m2', 'm3']), { timeout: 3_000 })
  })

  it('should stop delivering once disposed', async () => {
    const { room, delivered } = sequencer([frame(1), frame(2)], 0)
    room.start(0)
    room.accept(frame(2))
    room.dispose()
    await new Promise((resolve) => setTimeout(resolve, 20))
    room.accept(frame(1))
    expect(delivered).toEqual([])
  })
})
