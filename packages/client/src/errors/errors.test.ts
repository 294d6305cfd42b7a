import { describe, expect, it } from 'vitest'
import { ErrorCodes } from '@lanchat/protocol'
import { ClientErrorCodes } from './client-error-codes.js'
import { LanchatConnectionError } from './lanchat-connection-error.js'
import { LanchatError } from './lanchat-error.js'
import { LanchatProtocolError } from './lanchat-protocol-error.js'
import { LanchatServerError } from './lanchat-server-error.js'
import { LanchatTimeoutError } from './lanchat-timeout-error.js'

describe('LanchatError and its subclasses', () => {
  const cause = new Error('socket hang up')
  const errors = {
    base: new LanchatError({ code: ClientErrorCodes.LISTENER_ERROR, message: 'listener threw', cause }),
    connection: new LanchatConnectionError({ code: 'CONNECTION_LOST', message: 'lost', closeCode: 1006, closeReason: '', cause }),
    timeout: new LanchatTimeoutError({ operation: 'room.join', timeoutMs: 10_000 }),
    protocol: new LanchatProtocolError({ message: 'bad frame', issues: [{ path: '/ts', message: 'must be integer' }], frame: 'x'.repeat(500) }),
    server: LanchatServerError.fromFrame({ type: 'error', ref: '7', code: 'ROOM_NOT_FOUND', message: 'No room' }),
  }

  it('should all be LanchatErrors and Errors with a name and a stable code', () => {
    for (const error of Object.values(errors)) {
      expect(error).toBeInstanceOf(Error)
      expect(LanchatError.isInstance(error)).toBe(true)
    }
    expect(Object.values(errors).map((error) => [error.name, error.code])).toEqual([
      ['LanchatError', 'LISTENER_ERROR'],
      ['LanchatConnectionError', 'CONNECTION_LOST'],
      ['LanchatTimeoutError', 'TIMEOUT'],
      ['LanchatProtocolError', 'INVALID_FRAME'],
      ['LanchatServerError', 'ROOM_NOT_FOUND'],
    ])
  })

  it('should tell the subclasses apart by their markers', () => {
    expect(LanchatConnectionError.isInstance(errors.connection)).toBe(true)
    expect(LanchatConnectionError.isInstance(errors.timeout)).toBe(false)
    expect(LanchatTimeoutError.isInstance(errors.timeout)).toBe(true)
    expect(LanchatProtocolError.isInstance(errors.protocol)).toBe(true)
    expect(LanchatServerError.isInstance(errors.server)).toBe(true)
    expect(LanchatServerError.isInstance(errors.base)).toBe(false)
  })

  it('should recognise an error from another copy of the package by its marker', () => {
    const foreign = Object.assign(new Error('from another bundle'), {
      [Symbol.for('lanchat.error')]: true,
      [Symbol.for('lanchat.error.server')]: true,
      code: 'ROOM_NOT_FOUND',
    })
    expect(LanchatError.isInstance(foreign)).toBe(true)
    expect(LanchatServerError.isInstance(foreign)).toBe(true)
    expect(LanchatError.isInstance(new Error('plain'))).toBe(false)
    expect(LanchatError.isInstance({ code: 'ROOM_NOT_FOUND' })).toBe(false)
    expect(LanchatError.isInstance(null)).toBe(false)
  })

  it('should keep the cause and the details of each kind', () => {
    expect(errors.base.cause).toBe(cause)
    expect(errors.connection).toMatchObject({ closeCode: 1006, closeReason: '', cause })
    expect(errors.timeout).toMatchObject({ operation: 'room.join', timeoutMs: 10_000, message: 'No reply to "room.join" within 10000 ms' })
    expect(errors.protocol.issues).toEqual([{ path: '/ts', message: 'must be integer' }])
    expect(errors.protocol.frame).toHaveLength(201)
    expect(errors.server).toMatchObject({ ref: '7', issues: [], message: 'No room' })
    expect('cause' in errors.timeout).toBe(false)
  })

  it('should use wire codes for server errors and its own codes for the rest', () => {
    expect(Object.values(ErrorCodes)).toContain(errors.server.code)
    expect(Object.values(ClientErrorCodes)).not.toContain(errors.server.code)
    for (const code of Object.values(ClientErrorCodes)) expect(Object.values(ErrorCodes)).not.toContain(code)
  })
})
