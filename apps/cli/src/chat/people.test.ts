import { describe, expect, it } from 'vitest'
import { knownPeople, resolvePerson, splitLeadingName, splitNames } from './people.js'

const maria = { id: 'u-maria', name: 'Maria' }
const mariaToo = { id: 'u-maria-2', name: 'maria' }
const pete = { id: 'u-pete', name: 'Pete' }
const dot = { id: 'u-dot', name: 'Dot Env' }
const me = { id: 'u-me', name: 'Ann' }
const room = (members: Array<typeof maria>, direct?: Array<typeof maria>) => ({
  info: { id: 'r', name: 'r', kind: 'code' as const, epoch: 'e', lastSeq: 0, createdAt: 0, ...(direct === undefined ? {} : { direct }) },
  members,
})

describe('knownPeople', () => {
  it('should gather the members of every room and the people of direct conversations, without you', () => {
    const people = knownPeople([room([me, maria, { ...pete, status: 'away' } as typeof pete]), room([me], [me, dot])], me.id)
    expect(people.map((person) => person.name).sort()).toEqual(['Dot Env', 'Maria', 'Pete'])
    expect(people.find((person) => person.id === pete.id)).toEqual(pete)
  })
})

describe('resolvePerson', () => {
  it('should find someone by name in any case, by id, or not at all', () => {
    expect(resolvePerson('PETE', [maria, pete])).toEqual({ kind: 'one', person: pete })
    expect(resolvePerson(' dot  env ', [dot])).toEqual({ kind: 'one', person: dot })
    expect(resolvePerson('u-maria', [maria, pete])).toEqual({ kind: 'one', person: maria })
    expect(resolvePerson('Nobody', [maria, pete])).toEqual({ kind: 'none' })
    expect(resolvePerson('', [maria])).toEqual({ kind: 'none' })
  })

  it('should list the choices when two people go by the name, and take the label that tells them apart', () => {
    const match = resolvePerson('Maria', [maria, mariaToo, pete])
    expect(match.kind).toBe('many')
    if (match.kind !== 'many') return
    expect(match.choices.map((choice) => choice.person.id)).toEqual([maria.id, mariaToo.id])
    const label = match.choices[1]?.label as string
    expect(label).toMatch(/^maria · [0-9a-f]{4}$/)
    expect(resolvePerson(label, [maria, mariaToo])).toEqual({ kind: 'one', person: mariaToo })
    expect(resolvePerson(label.replace(' · ', '·'), [maria, mariaToo])).toEqual({ kind: 'one', person: mariaToo })
  })
})

describe('splitLeadingName', () => {
  it('should take the longest run of words that names someone, a quoted name, or the first word', () => {
    expect(splitLeadingName('Dot Env are you there', [dot, maria])).toEqual({ name: 'Dot Env', rest: 'are you there' })
    expect(splitLeadingName('"Dot Env" hi', [])).toEqual({ name: 'Dot Env', rest: 'hi' })
    expect(splitLeadingName('Maria hello there', [dot, maria])).toEqual({ name: 'Maria', rest: 'hello there' })
    expect(splitLeadingName('Stranger hi', [maria])).toEqual({ name: 'Stranger', rest: 'hi' })
    expect(splitLeadingName('Maria', [maria])).toEqual({ name: 'Maria', rest: '' })
  })
})

describe('splitNames', () => {
  it('should split by spaces, or by commas when there are any, keeping quoted names whole and in order', () => {
    expect(splitNames('Maria Pete')).toEqual(['Maria', 'Pete'])
    expect(splitNames('Maria, Dot Env')).toEqual(['Maria', 'Dot Env'])
    expect(splitNames('"Dot Env" Pete')).toEqual(['Dot Env', 'Pete'])
    expect(splitNames('Maria "Dot Env" Pete')).toEqual(['Maria', 'Dot Env', 'Pete'])
  })
})
