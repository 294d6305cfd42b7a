import { describe, expect, it } from 'vitest'
import { ExitCode } from '../errors.js'
import { serverLabel, toSocketUrl } from './server-url.js'

describe('toSocketUrl', () => {
  it.each([
    ['ws://192.168.1.20:5000/ws', 'ws://192.168.1.20:5000/ws'],
    ['wss://chat.example:8443/ws', 'wss://chat.example:8443/ws'],
    ['ws://host:5000', 'ws://host:5000/ws'],
    ['ws://host:5000/chat/ws', 'ws://host:5000/chat/ws'],
    ['http://192.168.1.20:5000', 'ws://192.168.1.20:5000/ws'],
    ['http://192.168.1.20:5000/', 'ws://192.168.1.20:5000/ws'],
    ['https://chat.example', 'wss://chat.example/ws'],
    ['http://host:5000/chat/', 'ws://host:5000/chat/ws'],
    ['http://host:5000/ws', 'ws://host:5000/ws'],
    ['192.168.1.20:5000', 'ws://192.168.1.20:5000/ws'],
    ['localhost:4000', 'ws://localhost:4000/ws'],
    ['raspberrypi.local', 'ws://raspberrypi.local:5000/ws'],
    ['[::1]:5001', 'ws://[::1]:5001/ws'],
    ['  127.0.0.1:5000  ', 'ws://127.0.0.1:5000/ws'],
    ['HTTP://Host:5000', 'ws://host:5000/ws'],
  ])('should turn %s into %s', (input, expected) => {
    expect(toSocketUrl(input)).toBe(expected)
  })

  it.each(['', '   ', 'ftp://host:21', 'host:notaport', 'http://'])('should refuse %j as a usage error', (input) => {
    expect(() => toSocketUrl(input)).toThrow(expect.objectContaining({ exitCode: ExitCode.Usage }))
  })
})

describe('serverLabel', () => {
  it('should show host and port', () => {
    expect(serverLabel('ws://192.168.1.20:5000/ws')).toBe('192.168.1.20:5000')
    expect(serverLabel('wss://chat.example/ws')).toBe('chat.example')
  })
})
