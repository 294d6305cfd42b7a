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
    ['/join ops Xk3secret', { name: 'join', room: 'ops', invite: 'Xk3secret' }],
    ['/join http://10.0.0.2:5000/#join=ops&invite=abc', { name: 'join', room: 'http://10.0.0.2:5000/#join=ops&invite=abc' }],
    ['/create --public Design team', { name: 'create', roomName: 'Design team', access: 'public' }],
    ['/create --private --code ops Operations', { name: 'create', roomName: 'Operations', access: 'private', code: 'ops' }],
    ['/create --code=ops', { name: 'create', code: 'ops' }],
    ['/list', { name: 'list' }],
    ['/list deploy notes', { name: 'list', query: 'deploy notes' }],
    ['/msg Maria are you there?', { name: 'msg', argument: 'Maria are you there?' }],
    ['/query Maria', { name: 'msg', argument: 'Maria' }],
    ['/dm Maria Pete', { name: 'dm', names: ['Maria', 'Pete'] }],
    ['/dm Maria, Dot Env', { name: 'dm', names: ['Maria', 'Dot Env'] }],
    ['/dm "Dot Env" Pete', { name: 'dm', names: ['Dot Env', 'Pete'] }],
    ['/topic', { name: 'topic' }],
    ['/topic Deploys at five', { name: 'topic', topic: 'Deploys at five' }],
    ['/topic --clear', { name: 'topic', topic: '' }],
    ['/rename Ops room', { name: 'rename', roomName: 'Ops room' }],
    ['/invite Dot Env', { name: 'invite', person: 'Dot Env' }],
    ['/kick Pete', { name: 'kick', person: 'Pete' }],
    ['/remove Pete', { name: 'kick', person: 'Pete' }],
    ['/ban "Pete"', { name: 'ban', person: 'Pete' }],
    ['/unban Pete', { name: 'unban', person: 'Pete' }],
    ['/mute Pete', { name: 'mute', person: 'Pete' }],
    ['/unmute Pete', { name: 'unmute', person: 'Pete' }],
    ['/op Pete', { name: 'op', person: 'Pete' }],
    ['/deop Pete', { name: 'deop', person: 'Pete' }],
    ['/owner Pete', { name: 'owner', person: 'Pete' }],
    ['/invite-link', { name: 'invite-link' }],
    ['/invite-link --expires 1d --uses 5', { name: 'invite-link', expiresInMs: 86_400_000, maxUses: 5 }],
    ['/invites', { name: 'invites' }],
    ['/revoke inv_12', { name: 'revoke', invite: 'inv_12' }],
    ['/keep', { name: 'keep' }],
    ['/delete-room', { name: 'delete-room' }],
    ['/delete-room OPS', { name: 'delete-room', confirm: 'OPS' }],
    ['/notify', { name: 'notify' }],
    ['/notify Mentions', { name: 'notify', level: 'mentions' }],
    ['  /who  ', undefined],
  ])('should read %j', (line, command) => {
    if (command === undefined) expect(parseInput(line)).toEqual({ kind: 'message', text: line })
    else expect(parseInput(line)).toEqual({ kind: 'command', command })
  })

  it.each([
    ['/frobnicate', /unknown command \/frobnicate/],
    ['/join', /usage: \/join CODE/],
    ['/join a b c', /usage: \/join CODE/],
    ['/msg', /usage: \/msg NAME/],
    ['/dm', /usage: \/dm NAME/],
    ['/create --public --private x', /either --public or --private/],
    ['/create --secret x', /unknown option --secret/],
    ['/invite-link --expires 2w', /30m, 1h, 1d or 7d/],
    ['/invite-link --expires 31d', /up to 30d/],
    ['/invite-link --uses 0', /--uses takes a number/],
    ['/kick', /usage: \/kick NAME/],
    ['/revoke', /usage: \/revoke ID/],
    ['/notify loud', /all, mentions or none/],
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

  it('should complete people after /msg, /dm and /invite from all your rooms, and members after /kick', () => {
    const withPeople = { ...context, people: ['Maria', 'Pete', 'Dot Env'] }
    expect(complete('/msg do', withPeople)).toEqual({ candidates: ['Dot Env '], replaced: 'do' })
    expect(complete('/invite d', withPeople)).toEqual({ candidates: ['Dot Env '], replaced: 'd' })
    expect(complete('/kick d', withPeople)).toEqual({ candidates: [], replaced: 'd' })
    expect(complete('/kick pe', withPeople)).toEqual({ candidates: ['Pete '], replaced: 'pe' })
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
  it('should list every command in /help, in groups', () => {
    const help = helpLines().join('\n')
    for (const command of COMMANDS) expect(help).toContain(command.usage)
    expect(help).toContain('Managing a room (moderators and owners):')
  })

  it('should show code rooms in upper case and others as they are', () => {
    expect(displayRoomId('k7m2qx', 'code')).toBe('K7M2QX')
    expect(displayRoomId('lobby', 'lobby')).toBe('lobby')
    expect(displayRoomId('ops', 'named')).toBe('ops')
  })
})
