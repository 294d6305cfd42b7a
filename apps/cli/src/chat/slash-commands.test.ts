import { describe, expect, it } from 'vitest'
import { COMMANDS, commonPrefix, complete, displayRoomId, helpLines, parseInput } from './slash-commands.js'

describe('parseInput', () => {
  it('should read plain text as a message and blank input as nothing', () => {
    expect(parseInput('hello there')).toEqual({ kind: 'message', text: 'hello there' })
    expect(parseInput('   ')).toEqual({ kind: 'empty' })
  })

  it('should send a line starting with // as a message with one slash', () => {
    expect(parseInput('//shrug')).toEqual({ kind: 'message', text: '/shrug' })
  })

  it.each([
    ['/create', { name: 'create' }],
    ['/create Study group', { name: 'create', roomName: 'Study group' }],
    ['/join K7M2QX', { name: 'join', room: 'K7M2QX' }],
    ['/JOIN k7m2qx', { name: 'join', room: 'k7m2qx' }],
    ['/leave', { name: 'leave' }],
    ['/part', { name: 'leave' }],
    ['/rooms', { name: 'rooms' }],
    ['/switch 2', { name: 'switch', target: '2' }],
    ['/who', { name: 'who' }],
    ['/name Mia Rose', { name: 'name', newName: 'Mia Rose' }],
    ['/nick Mia', { name: 'name', newName: 'Mia' }],
    ['/quit', { name: 'quit' }],
    ['/exit', { name: 'quit' }],
    ['/help', { name: 'help' }],
    ['  /who  ', undefined],
  ])('should read %j', (line, command) => {
    if (command === undefined) expect(parseInput(line)).toEqual({ kind: 'message', text: line })
    else expect(parseInput(line)).toEqual({ kind: 'command', command })
  })

  it.each([
    ['/frobnicate', /unknown command \/frobnicate/],
    ['/join', /usage: \/join CODE/],
    ['/join a b', /usage: \/join CODE/],
    ['/switch', /usage: \/switch/],
    ['/name', /usage: \/name NEW/],
  ])('should explain what is wrong with %j', (line, problem) => {
    const parsed = parseInput(line)
    expect(parsed.kind).toBe('invalid')
    if (parsed.kind === 'invalid') expect(parsed.problem).toMatch(problem)
  })
})

describe('complete', () => {
  const context = { rooms: ['lobby', 'K7M2QX', 'KQ3ZZZ'], members: ['Maria', 'Mark', 'Pete'] }

  it('should complete command names', () => {
    expect(complete('/jo', context)).toEqual({ candidates: ['/join '], replaced: '/jo' })
    expect(complete('/', context).candidates).toHaveLength(COMMANDS.length)
    expect(complete('/xyz', context).candidates).toEqual([])
  })

  it('should complete room codes after /switch', () => {
    expect(complete('/switch k', context)).toEqual({ candidates: ['K7M2QX ', 'KQ3ZZZ '], replaced: 'k' })
    expect(complete('/switch lo', context)).toEqual({ candidates: ['lobby '], replaced: 'lo' })
  })

  it('should complete names of people in the room, keeping an @', () => {
    expect(complete('hi ma', context)).toEqual({ candidates: ['Maria ', 'Mark '], replaced: 'ma' })
    expect(complete('thanks @pe', context)).toEqual({ candidates: ['@Pete '], replaced: '@pe' })
    expect(complete('hi ', context).candidates).toEqual([])
  })
})

describe('commonPrefix', () => {
  it('should find how far the candidates agree', () => {
    expect(commonPrefix(['Maria ', 'Mark '])).toBe('Mar')
    expect(commonPrefix(['/join '])).toBe('/join ')
    expect(commonPrefix([])).toBe('')
  })
})

describe('help and room ids', () => {
  it('should list every command in /help', () => {
    const help = helpLines().join('\n')
    for (const command of COMMANDS) expect(help).toContain(command.usage)
  })

  it('should show code rooms in upper case and others as they are', () => {
    expect(displayRoomId('k7m2qx', 'code')).toBe('K7M2QX')
    expect(displayRoomId('lobby', 'lobby')).toBe('lobby')
    expect(displayRoomId('ops', 'named')).toBe('ops')
  })
})
