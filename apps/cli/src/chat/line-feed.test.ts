import { describe, expect, it } from 'vitest'
import type { DisplayEntry } from './display-entries.js'
import { LineFeed } from './line-feed.js'

function notice(key: string): DisplayEntry {
  return { kind: 'notice', key, ts: 0, text: key, tone: 'info' }
}
const gap = (key: string, loading = false): DisplayEntry => ({ kind: 'gap', key, missing: 10, loading })
const keys = (entries: readonly DisplayEntry[]) => entries.map((entry) => entry.key)

describe('LineFeed', () => {
  it('should print each entry once, in order, leaving out what was shown before it started', () => {
    const feed = new LineFeed([notice('a')])
    expect(keys(feed.next([notice('a'), notice('b')]).lines)).toEqual(['b'])
    expect(keys(feed.next([notice('a'), notice('b'), notice('c')]).lines)).toEqual(['c'])
  })

  it('should wait at a gap and print what it held, then what came after, once it is filled', () => {
    const feed = new LineFeed([notice('m1')])
    const waiting = feed.next([notice('m1'), gap('gap:1'), notice('m9'), notice('m10')])
    expect(keys(waiting.lines)).toEqual([])
    expect(waiting.waitingAt?.key).toBe('gap:1')
    const filled = feed.next([notice('m1'), notice('m2'), notice('m8'), notice('m9'), notice('m10')])
    expect(keys(filled.lines)).toEqual(['m2', 'm8', 'm9', 'm10'])
    expect(filled.waitingAt).toBeUndefined()
  })

  it('should print a gap it gave up on as a line, and go on past it', () => {
    const feed = new LineFeed()
    expect(feed.next([gap('gap:1'), notice('m9')]).waitingAt?.key).toBe('gap:1')
    feed.skip('gap:1')
    expect(keys(feed.next([gap('gap:1'), notice('m9')]).lines)).toEqual(['gap:1', 'm9'])
  })

  it('should print nothing twice, and never pending sends, only their failure', () => {
    const feed = new LineFeed()
    const pending: DisplayEntry = { kind: 'pending', key: 'outgoing:a', clientMsgId: 'a', text: 'hi', ts: 0, failed: undefined }
    expect(feed.next([pending]).lines).toEqual([])
    const failed = { ...pending, failed: 'no such room' }
    expect(feed.next([failed]).lines).toEqual([failed])
    expect(feed.next([failed]).lines).toEqual([])
  })
})
