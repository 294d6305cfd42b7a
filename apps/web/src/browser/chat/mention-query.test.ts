import type { Member } from '@lanchat/client'
import { describe, expect, it } from 'vitest'
import { insertMention, mentionCandidates, mentionQuery } from './mention-query.js'

const member = (id: string, name: string) => ({ id, name }) as Member

describe('mentionQuery', () => {
  it('should find an @ at the start or after a space, up to the caret', () => {
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQuery('hi @ma', 6)).toEqual({ start: 3, query: 'ma' })
    expect(mentionQuery('hi @ma there', 6)).toEqual({ start: 3, query: 'ma' })
  })

  it('should not take an address, a line break or a long run for a mention', () => {
    expect(mentionQuery('ana@ex', 6)).toBeUndefined()
    expect(mentionQuery('@ma\nx', 5)).toBeUndefined()
    expect(mentionQuery(`@${'x'.repeat(33)}`, 34)).toBeUndefined()
    expect(mentionQuery('no mention', 10)).toBeUndefined()
  })
})

describe('mentionCandidates', () => {
  it('should list names that start with the query first, leave the person out, and cap the list', () => {
    const members = [member('1', 'Emma'), member('2', 'Maria'), member('3', 'Mateo'), member('4', 'Max')]
    expect(mentionCandidates(members, 'ma', '4').map((entry) => entry.name)).toEqual(['Maria', 'Mateo', 'Emma'])
    expect(mentionCandidates(members, '', undefined, 2)).toHaveLength(2)
  })
})

describe('insertMention', () => {
  it('should replace what was typed with @Name and a space, keeping the rest', () => {
    expect(insertMention('hi @ma', { start: 3, query: 'ma' }, 6, 'Maria')).toEqual({ text: 'hi @Maria ', caret: 10 })
    expect(insertMention('@m see you', { start: 0, query: 'm' }, 2, 'Maria')).toEqual({ text: '@Maria see you', caret: 7 })
  })
})
