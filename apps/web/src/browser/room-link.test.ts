import { describe, expect, it } from 'vitest'
import { removalText } from './chat/removal-text.js'
import { allows, outranks } from './chat/permissions.js'
import { inviteFromHash, inviteLink } from './room-link.js'

const location = { origin: 'http://192.168.1.23:5000', pathname: '/' }

describe('invite links', () => {
  it('should put the room and the secret in the fragment, and read them back', () => {
    const link = inviteLink('physics', 'AbC_123-xyz', location)
    expect(link).toBe('http://192.168.1.23:5000/#join=physics&invite=AbC_123-xyz')
    expect(inviteFromHash(new URL(link).hash)).toEqual({ room: 'physics', invite: 'AbC_123-xyz' })
  })

  it('should ignore a fragment that is not an invite, lacks its secret, or names no room', () => {
    expect(inviteFromHash('')).toBeUndefined()
    expect(inviteFromHash('#link=AbCdEfGhIjKlMnOpQr')).toBeUndefined()
    expect(inviteFromHash('#join=physics')).toBeUndefined()
    expect(inviteFromHash('#join=&invite=abc')).toBeUndefined()
    expect(inviteFromHash('#join=bad room&invite=abc')).toBeUndefined()
    expect(inviteFromHash(`#join=physics&invite=${'a'.repeat(65)}`)).toBeUndefined()
  })
})

describe('removalText', () => {
  const maria = { id: 'u-maria', name: 'Maria' }

  it('should say who removed, banned or deleted, politely', () => {
    expect(removalText('Physics', { reason: 'removed', by: maria })).toBe('You were removed from Physics by Maria.')
    expect(removalText('Physics', { reason: 'banned', by: maria })).toBe('You were banned from Physics by Maria.')
    expect(removalText('Physics', { reason: 'deleted', by: maria })).toBe('Physics was deleted by Maria.')
    expect(removalText('Physics', { reason: 'deleted' })).toBe('Physics was deleted.')
  })
})

describe('room permissions', () => {
  it('should let moderators moderate and owners own', () => {
    expect(allows('owner', 'own')).toBe(true)
    expect(allows('moderator', 'moderate')).toBe(true)
    expect(allows('moderator', 'own')).toBe(false)
    expect(allows('member', 'moderate')).toBe(false)
  })

  it('should let the owner act on anyone else and moderators on members only', () => {
    expect(outranks('owner', 'moderator')).toBe(true)
    expect(outranks('owner', 'owner')).toBe(false)
    expect(outranks('moderator', 'member')).toBe(true)
    expect(outranks('moderator', 'moderator')).toBe(false)
    expect(outranks('member', 'member')).toBe(false)
  })
})
