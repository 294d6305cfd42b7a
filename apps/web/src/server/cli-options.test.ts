import { describe, expect, it } from 'vitest'
import { CliUsageError, parseCliOptions } from './cli-options.js'

describe('parseCliOptions', () => {
  it('should default to every interface on port 5000, advertised', () => {
    expect(parseCliOptions([], {})).toEqual({ port: 5000, host: '0.0.0.0', advertise: true, help: false })
  })

  it('should read PORT and HOST, and let flags win over them', () => {
    expect(parseCliOptions([], { PORT: '6000', HOST: '127.0.0.1' })).toMatchObject({ port: 6000, host: '127.0.0.1' })
    expect(parseCliOptions(['--port', '7000', '--host=::'], { PORT: '6000' })).toMatchObject({ port: 7000, host: '::' })
    expect(parseCliOptions(['--', '-p', '0', '--no-advertise'], {})).toMatchObject({ port: 0, advertise: false })
  })

  it('should refuse bad ports, missing values and unknown options with a clear message', () => {
    expect(() => parseCliOptions(['--port', '70000'], {})).toThrow(CliUsageError)
    expect(() => parseCliOptions([], { PORT: 'http' })).toThrow('PORT must be a port number from 0 to 65535, not "http".')
    expect(() => parseCliOptions(['--host'], {})).toThrow('--host needs a value.')
    expect(() => parseCliOptions(['--prot', '1'], {})).toThrow('Unknown option "--prot"')
  })
})
