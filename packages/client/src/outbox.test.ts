import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '@lanchat/protocol'
import { LanchatError } from './errors/lanchat-error.js'
import { Outbox, type OutgoingMessage } from './outbox.js'

function stored(outgoing: OutgoingMessage, seq = 1): ChatMessage {
  return {
    id: `m-${seq}`,
    room: outgoing.room,
    seq,
    kind: 'user',
    from: { id: 'u-1', name: 'Maria' },
    text: outgoing.text,
    ts: 1_764_000_000_000,
    clientMsgId: outgoing.clientMsgId,
  }
}

const refused = new LanchatError({ code: 'MESSAGE_REJECTED', message: 'no' })

function setup() {
  const changes: Array<[string, string]> = []
  const outbox = new Outbox((outgoing) => changes.push([outgoing.clientMsgId, outgoing.state]))
  return { outbox, changes }
}

describe('Outbox', () => {
  it('should queue messages as pending, oldest first, and report each', () => {
    const { outbox, changes } = setup()
    outbox.add('lobby', 'one', 'a')
    outbox.add('lobby', 'two', 'b')
    expect(outbox.list().map((outgoing) => [outgoing.clientMsgId, outgoing.state])).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
    ])
    expect(outbox.unsent().map((outgoing) => outgoing.text)).toEqual(['one', 'two'])
    expect(changes).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
    ])
  })

  it('should not offer a message on the wire for sending again until it is requeued', () => {
    const { outbox } = setup()
    outbox.add('lobby', 'one', 'a')
    outbox.dispatched('a', 'r1')
    expect(outbox.unsent()).toEqual([])
    expect(outbox.byRequest('r1')?.clientMsgId).toBe('a')
    outbox.requeue('a')
    expect(outbox.byRequest('r1')).toBeUndefined()
    expect(outbox.unsent().map((outgoing) => outgoing.clientMsgId)).toEqual(['a'])
  })

  it('should offer every message again after the connection was lost', () => {
    const { outbox } = setup()
    outbox.add('lobby', 'one', 'a')
    outbox.add('lobby', 'two', 'b')
    outbox.dispatched('a', 'r1')
    outbox.dispatched('b', 'r2')
    outbox.connectionLost()
    expect(outbox.unsent().map((outgoing) => outgoing.clientMsgId)).toEqual(['a', 'b'])
    expect(outbox.byRequest('r2')).toBeUndefined()
  })

  it('should settle a pending message once: sent, out of the outbox, acked resolved', async () => {
    const { outbox, changes } = setup()
    const outgoing = outbox.add('lobby', 'one', 'a')
    outbox.dispatched('a', 'r1')
    const message = stored(outgoing)
    expect(outbox.settle('a', message)).toBe(true)
    expect(outbox.settle('a', message)).toBe(false)
    expect(outgoing).toMatchObject({ state: 'sent', message, error: undefined })
    await expect(outgoing.acked).resolves.toBe(message)
    expect(outbox.list()).toEqual([])
    expect(outbox.byRequest('r1')).toBeUndefined()
    expect(changes).toEqual([
      ['a', 'pending'],
      ['a', 'sent'],
    ])
  })

  it('should fail a message, keep it for retry, and reject acked', async () => {
    const { outbox } = setup()
    const outgoing = outbox.add('lobby', 'one', 'a')
    expect(outbox.fail('a', refused)).toBe(true)
    expect(outgoing).toMatchObject({ state: 'failed', error: refused })
    await expect(outgoing.acked).rejects.toBe(refused)
    expect(outbox.list()).toEqual([outgoing])
    expect(outbox.unsent()).toEqual([])
  })

  it('should not cause an unhandled rejection when nobody looks at acked', async () => {
    const { outbox } = setup()
    outbox.add('lobby', 'ignored', 'a')
    outbox.fail('a', refused)
    // Vitest fails the run on an unhandled rejection; give one the chance to surface.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(outbox.get('a')?.state).toBe('failed')
  })

  it('should make a failed message pending again with a fresh acked on retry', async () => {
    const { outbox, changes } = setup()
    const outgoing = outbox.add('lobby', 'one', 'a')
    outbox.fail('a', refused)
    const firstAcked = outgoing.acked
    expect(outbox.retry('a')).toBe(outgoing)
    expect(outgoing).toMatchObject({ state: 'pending', error: undefined })
    expect(outgoing.acked).not.toBe(firstAcked)
    expect(outbox.unsent()).toEqual([outgoing])
    outbox.settle('a', stored(outgoing))
    await expect(outgoing.acked).resolves.toMatchObject({ clientMsgId: 'a' })
    expect(changes.map(([, state]) => state)).toEqual(['pending', 'failed', 'pending', 'sent'])
  })

  it('should only retry failed messages', () => {
    const { outbox } = setup()
    outbox.add('lobby', 'one', 'a')
    expect(outbox.retry('a')).toBeUndefined()
    expect(outbox.retry('unknown')).toBeUndefined()
  })

  it('should discard a pending or failed message, reporting it once more as failed with the discard error', async () => {
    const { outbox, changes } = setup()
    const pending = outbox.add('lobby', 'one', 'a')
    const failed = outbox.add('lobby', 'two', 'b')
    outbox.fail('b', refused)
    const discarded = new LanchatError({ code: 'MESSAGE_DISCARDED', message: 'discarded' })
    expect(outbox.discard('a', discarded)).toBe(true)
    expect(outbox.discard('b', discarded)).toBe(true)
    expect(outbox.discard('a', discarded)).toBe(false)
    await expect(pending.acked).rejects.toBe(discarded)
    expect(failed.error).toBe(discarded)
    expect(changes.slice(-2)).toEqual([
      ['a', 'failed'],
      ['b', 'failed'],
    ])
    expect(outbox.list()).toEqual([])
  })

  it('should fail every pending message at once, leaving failed ones as they are', async () => {
    const { outbox } = setup()
    const first = outbox.add('lobby', 'one', 'a')
    const second = outbox.add('lobby', 'two', 'b')
    outbox.fail('b', refused)
    const closed = new LanchatError({ code: 'CONNECTION_CLOSED', message: 'closed' })
    outbox.failPending(closed)
    await expect(first.acked).rejects.toBe(closed)
    expect(second.error).toBe(refused)
    expect(outbox.size).toBe(2)
  })
})
