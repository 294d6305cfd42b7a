import { describe, expect, it } from 'vitest'
import { Emitter } from './emitter.js'

interface Events {
  tick: number
  word: string
}

/** An emitter whose `emit` the test can call, and that records listener errors. */
class TestEmitter extends Emitter<Events> {
  readonly errors: Array<{ error: unknown; name: keyof Events }> = []
  fire<Name extends keyof Events>(name: Name, payload: Events[Name]): void {
    this.emit(name, payload)
  }
  protected override onListenerError(error: unknown, name: keyof Events): void {
    this.errors.push({ error, name })
  }
}

describe('Emitter', () => {
  it('should call listeners of an event in subscription order with its payload', () => {
    const emitter = new TestEmitter()
    const calls: string[] = []
    emitter.on('tick', (value) => calls.push(`a${value}`))
    emitter.on('tick', (value) => calls.push(`b${value}`))
    emitter.on('word', (value) => calls.push(value))
    emitter.fire('tick', 1)
    emitter.fire('word', 'hi')
    expect(calls).toEqual(['a1', 'b1', 'hi'])
  })

  it('should stop calling a listener once its unsubscribe function ran', () => {
    const emitter = new TestEmitter()
    const values: number[] = []
    const off = emitter.on('tick', (value) => values.push(value))
    emitter.fire('tick', 1)
    off()
    off()
    emitter.fire('tick', 2)
    expect(values).toEqual([1])
    expect(emitter.listenerCount('tick')).toBe(0)
  })

  it('should keep two subscriptions of the same function apart', () => {
    const emitter = new TestEmitter()
    const values: number[] = []
    const listener = (value: number) => values.push(value)
    const first = emitter.on('tick', listener)
    emitter.on('tick', listener)
    first()
    emitter.fire('tick', 7)
    expect(values).toEqual([7])
  })

  it('should call a once listener a single time', () => {
    const emitter = new TestEmitter()
    const values: number[] = []
    emitter.once('tick', (value) => values.push(value))
    emitter.fire('tick', 1)
    emitter.fire('tick', 2)
    expect(values).toEqual([1])
  })

  it('should catch a throwing listener, report it, and still call the others', () => {
    const emitter = new TestEmitter()
    const boom = new Error('boom')
    const values: number[] = []
    emitter.on('tick', () => {
      throw boom
    })
    emitter.on('tick', (value) => values.push(value))
    expect(() => emitter.fire('tick', 3)).not.toThrow()
    expect(values).toEqual([3])
    expect(emitter.errors).toEqual([{ error: boom, name: 'tick' }])
  })

  it('should not call a listener removed by an earlier one during the same event', () => {
    const emitter = new TestEmitter()
    const calls: string[] = []
    let offSecond = () => {}
    emitter.on('tick', () => {
      calls.push('first')
      offSecond()
    })
    offSecond = emitter.on('tick', () => calls.push('second'))
    emitter.fire('tick', 1)
    expect(calls).toEqual(['first'])
  })

  it('should not call a listener added during an event until the next one', () => {
    const emitter = new TestEmitter()
    const calls: number[] = []
    emitter.once('tick', () => {
      emitter.on('tick', (value) => calls.push(value))
    })
    emitter.fire('tick', 1)
    emitter.fire('tick', 2)
    expect(calls).toEqual([2])
  })
})
