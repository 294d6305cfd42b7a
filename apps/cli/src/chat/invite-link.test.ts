import { describe, expect, it } from 'vitest'
import { inviteLink, parseInviteLink, parseLifetime, qrLines, roughDuration } from './invite-link.js'

describe('invite links', () => {
  it('should read the room and secret of a link, and nothing else', () => {
    expect(parseInviteLink('http://10.0.0.2:5000/#join=OPS&invite=abc-123')).toEqual({ room: 'ops', invite: 'abc-123', host: '10.0.0.2:5000' })
    expect(parseInviteLink(' https://chat.example/team/#join=ops&invite=x ')).toEqual({ room: 'ops', invite: 'x', host: 'chat.example' })
    expect(parseInviteLink('http://10.0.0.2:5000/#join=ops')).toBeUndefined()
    expect(parseInviteLink('ws://10.0.0.2:5000/ws#join=ops&invite=x')).toBeUndefined()
    expect(parseInviteLink('ops')).toBeUndefined()
  })

  it('should make the web address of a link from the socket URL, and read it back', () => {
    const link = inviteLink('ws://10.0.0.2:5000/ws', 'ops', 'a b')
    expect(link).toBe('http://10.0.0.2:5000/#join=ops&invite=a%20b')
    expect(parseInviteLink(link)).toMatchObject({ room: 'ops', invite: 'a b' })
    expect(inviteLink('wss://chat.example/team/ws', 'ops', 'x')).toBe('https://chat.example/team/#join=ops&invite=x')
  })

  it('should draw a QR code as lines of blocks', () => {
    const lines = qrLines('http://10.0.0.2:5000/#join=ops&invite=x')
    expect(lines.length).toBeGreaterThan(10)
    expect(lines.every((line) => line.startsWith('  ') && /^[ █▀▄]+$/.test(line))).toBe(true)
  })

  it('should read how long a link works, from a minute to 30 days', () => {
    expect(parseLifetime('1h')).toBe(3_600_000)
    expect(parseLifetime('7D')).toBe(7 * 86_400_000)
    expect(parseLifetime('30m')).toBe(1_800_000)
    expect(parseLifetime('0m')).toMatch(/from 1m/)
    expect(parseLifetime('31d')).toMatch(/up to 30d/)
    expect(parseLifetime('soon')).toMatch(/such as/)
  })

  it('should say a duration roughly', () => {
    expect(roughDuration(59 * 60_000)).toBe('59 min')
    expect(roughDuration(23 * 3_600_000)).toBe('23 h')
    expect(roughDuration(7 * 86_400_000)).toBe('7 days')
  })
})
