import type { ChatMessage } from '@lanchat/client'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { alertFor, Alerter, notifierCommand, type AlertFacts } from './alerts.js'

function message(text: string, from = { id: 'u-maria', name: 'Maria' }, kind: ChatMessage['kind'] = 'user'): ChatMessage {
  return { id: 'm1', room: 'lobby', seq: 1, kind, from, text, ts: 0, clientMsgId: 'c1' }
}

const me: Pick<AlertFacts, 'userId' | 'userName'> = { userId: 'u-ana', userName: 'Ana' }

describe('alertFor', () => {
  it("should follow the room's level: all, mentions, none", () => {
    expect(alertFor(message('hello'), { ...me, notify: 'all', direct: false })).toBe('message')
    expect(alertFor(message('hello'), { ...me, notify: 'mentions', direct: false })).toBeUndefined()
    expect(alertFor(message('hi @ana'), { ...me, notify: 'mentions', direct: false })).toBe('mention')
    expect(alertFor(message('hi @ana'), { ...me, notify: 'none', direct: false })).toBeUndefined()
    expect(alertFor(message('hello'), { ...me, notify: 'all', direct: true })).toBe('direct')
    expect(alertFor(message('hello'), { ...me, notify: 'none', direct: true })).toBeUndefined()
  })

  it('should never alert for your own messages or for notices of the room', () => {
    expect(alertFor(message('@Ana note to self', { id: 'u-ana', name: 'Ana' }), { ...me, notify: 'all', direct: false })).toBeUndefined()
    expect(alertFor(message('Maria renamed the room', undefined, 'system'), { ...me, notify: 'all', direct: false })).toBeUndefined()
  })
})

describe('Alerter', () => {
  it('should ring at most once a second, and not at all with the bell off', () => {
    let now = 0
    const rung: string[] = []
    const alerter = new Alerter({ settings: { bell: true, notify: false }, bell: (text) => rung.push(text), notifier: undefined, now: () => now })
    alerter.alert(message('@Ana'), 'mention', 'lobby')
    alerter.alert(message('@Ana'), 'mention', 'lobby')
    now = 1_000
    alerter.alert(message('@Ana'), 'mention', 'lobby')
    expect(rung).toEqual(['\x07', '\x07'])
    const quiet: string[] = []
    new Alerter({ settings: { bell: false, notify: false }, bell: (text) => quiet.push(text), notifier: undefined }).alert(message('@Ana'), 'mention', 'lobby')
    expect(quiet).toEqual([])
  })

  it('should survive a notifier that cannot be started', () => {
    const alerter = new Alerter({
      settings: { bell: false, notify: true },
      bell: undefined,
      notifier: () => ({ command: '/nonexistent/notify-send', args: [] }),
    })
    expect(() => alerter.alert(message('@Ana'), 'mention', 'lobby')).not.toThrow()
  })
})

describe('notifierCommand', () => {
  it('should use notify-send from PATH with the text as arguments after --, and nothing where there is none', () => {
    const directory = mkdtempSync(join(tmpdir(), 'lanchat-path-'))
    try {
      writeFileSync(join(directory, 'notify-send'), '#!/bin/sh\n')
      chmodSync(join(directory, 'notify-send'), 0o755)
      const command = notifierCommand('linux', { PATH: directory })?.('Maria in lobby', '$(rm -rf ~) "quoted"')
      expect(command).toEqual({ command: join(directory, 'notify-send'), args: ['--app-name=lanchat', '--', 'Maria in lobby', '$(rm -rf ~) "quoted"'] })
      expect(notifierCommand('linux', { PATH: join(directory, 'none') })).toBeUndefined()
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })

  it('should hand the text to osascript as argv of a fixed script on macOS', () => {
    const command = notifierCommand('darwin', { PATH: '' })?.('Maria', 'say "hi" & quit')
    expect(command?.args.slice(-2)).toEqual(['Maria', 'say "hi" & quit'])
    expect(command?.args.filter((arg) => arg.includes('say'))).toEqual(['say "hi" & quit'])
  })
})
