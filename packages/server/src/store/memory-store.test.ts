import { describe, expect, it } from 'vitest'
import { describeStoreContract, message, newRoom } from '../../test/store-contract.js'
import { MemoryStore } from './memory-store.js'

describeStoreContract('MemoryStore', async () => new MemoryStore())

describe('MemoryStore', () => {
  it('should keep the newest maxEventsPerRoom events and forget the keys of older ones', async () => {
    const store = new MemoryStore({ maxEventsPerRoom: 10 })
    await store.rooms.create(newRoom('a'))
    for (let index = 1; index <= 11; index++) await store.log.append(message('a', `k${index}`))
    expect((await store.log.after('a', 0, 100)).events[0]?.seq).toBe(1)
    for (let index = 12; index <= 30; index++) await store.log.append(message('a', `k${index}`))
    const kept = await store.log.after('a', 0, 100)
    expect(kept.events.map((event) => event.seq)).toEqual(Array.from({ length: 10 }, (_, index) => index + 21))
    expect((await store.log.append(message('a', 'k1'))).duplicate).toBe(false)
    expect((await store.log.append(message('a', 'k30'))).duplicate).toBe(true)
  })

  it('should refuse a maxEventsPerRoom that is not a positive integer', () => {
    expect(() => new MemoryStore({ maxEventsPerRoom: 0 })).toThrow(RangeError)
  })
})
