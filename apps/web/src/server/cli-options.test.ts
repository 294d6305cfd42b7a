import { describe, expect, it } from 'vitest'
import { CliUsageError, guestPolicyOf, parseBackupOptions, parseCliOptions } from './cli-options.js'

describe('parseCliOptions', () => {
  it('should default to every interface on port 5000, advertised, kept on disk with full durability', () => {
    expect(parseCliOptions([], {})).toEqual({
      port: 5000,
      host: '0.0.0.0',
      advertise: true,
      dataDir: undefined,
      memory: false,
      synchronous: 'full',
      allowedHosts: [],
      accounts: 'guests',
      guests: 'open',
      postgres: undefined,
      redis: undefined,
      https: true,
      httpsPort: undefined,
      help: false,
    })
  })

  it('should serve HTTPS on the port + 1 by default, read --https-port (or LANCHAT_HTTPS_PORT) and --no-https', () => {
    expect(parseCliOptions(['--https-port', '8443'], {}).httpsPort).toBe(8443)
    expect(parseCliOptions(['--https-port=0'], { LANCHAT_HTTPS_PORT: '9443' }).httpsPort).toBe(0)
    expect(parseCliOptions([], { LANCHAT_HTTPS_PORT: '9443' }).httpsPort).toBe(9443)
    expect(parseCliOptions(['--no-https'], {}).https).toBe(false)
    expect(() => parseCliOptions(['--no-https', '--https-port', '8443'], {})).toThrow('--https-port and --no-https do not go together')
    expect(() => parseCliOptions(['--port', '5000', '--https-port', '5000'], {})).toThrow('HTTP and HTTPS cannot share port 5000')
    expect(() => parseCliOptions(['--https-port', 'x'], {})).toThrow('--https-port must be a port number from 0 to 65535, not "x".')
  })

  it('should read --postgres and --redis (or their variables), keep no data directory then, and refuse what does not fit', () => {
    const url = 'postgres://chat:secret@db.lan/lanchat'
    expect(parseCliOptions(['--postgres', url, '--redis=redis://cache.lan:6379'], { LANCHAT_DATA_DIR: '/var/chat' })).toMatchObject({
      postgres: url,
      redis: 'redis://cache.lan:6379',
      dataDir: undefined,
    })
    expect(parseCliOptions([], { LANCHAT_POSTGRES_URL: url, LANCHAT_REDIS_URL: 'rediss://cache.lan' })).toMatchObject({
      postgres: url,
      redis: 'rediss://cache.lan',
    })
    expect(() => parseCliOptions(['--postgres', 'mysql://db'], {})).toThrow('--postgres must be a postgres connection string')
    expect(() => parseCliOptions(['--redis', 'redis://cache'], {})).toThrow('add --postgres <url>')
    expect(() => parseCliOptions(['--postgres', url, '--memory'], {})).toThrow('leave out --memory and --data-dir')
    expect(() => parseCliOptions(['--postgres', url, '--data-dir', '/srv/chat'], {})).toThrow(CliUsageError)
  })

  it('should read --guests open, limited or restricted into the plugin\'s guest policy, and refuse anything else', () => {
    expect(parseCliOptions([], {}).guests).toBe('open')
    expect(guestPolicyOf(parseCliOptions(['--guests', 'limited'], {}).guests)).toEqual({ createRooms: true, directMessages: 'accounts' })
    expect(guestPolicyOf(parseCliOptions(['--guests=restricted'], {}).guests)).toEqual({ createRooms: false, directMessages: 'none' })
    expect(guestPolicyOf('open')).toEqual({ createRooms: true, directMessages: 'anyone' })
    expect(() => parseCliOptions(['--guests', 'everyone'], {})).toThrow('--guests must be open, limited or restricted, not "everyone".')
  })

  it('should read --accounts guests, accounts-only or off, and refuse anything else', () => {
    expect(parseCliOptions(['--accounts', 'accounts-only'], {}).accounts).toBe('accounts-only')
    expect(parseCliOptions(['--accounts=off'], {}).accounts).toBe('off')
    expect(parseCliOptions(['--accounts', 'guests'], {}).accounts).toBe('guests')
    expect(() => parseCliOptions(['--accounts', 'members'], {})).toThrow('--accounts must be guests, accounts-only or off, not "members".')
    expect(() => parseCliOptions(['--accounts'], {})).toThrow('--accounts needs a value.')
  })

  it('should add host names from --allowed-host and LANCHAT_ALLOWED_HOSTS, and refuse what is not a name', () => {
    expect(
      parseCliOptions(['--allowed-host', 'chat.school.lan', '--allowed-host=.lab.lan'], { LANCHAT_ALLOWED_HOSTS: 'a.lan, b.lan' })
        .allowedHosts,
    ).toEqual(['a.lan', 'b.lan', 'chat.school.lan', '.lab.lan'])
    expect(() => parseCliOptions(['--allowed-host', 'evil.example/x'], {})).toThrow(CliUsageError)
    expect(() => parseCliOptions(['--allowed-host', ' '], {})).toThrow('--allowed-host needs a host name')
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

  it('should take the data directory from --data-dir, else LANCHAT_DATA_DIR, as an absolute path', () => {
    expect(parseCliOptions(['--data-dir', '/srv/chat'], { LANCHAT_DATA_DIR: '/var/chat' })).toMatchObject({
      dataDir: '/srv/chat',
      memory: false,
    })
    expect(parseCliOptions([], { LANCHAT_DATA_DIR: '/var/chat' })).toMatchObject({ dataDir: '/var/chat' })
    expect(parseCliOptions(['--data-dir=chat'], { INIT_CWD: '/home/maria' })).toMatchObject({ dataDir: '/home/maria/chat' })
    expect(parseCliOptions([], { LANCHAT_DATA_DIR: '' })).toMatchObject({ dataDir: undefined })
    expect(() => parseCliOptions(['--data-dir', ''], {})).toThrow('--data-dir needs a directory.')
    expect(() => parseCliOptions(['--data-dir'], {})).toThrow('--data-dir needs a value.')
  })

  it('should keep everything in memory with --memory, which wins over LANCHAT_DATA_DIR but not over --data-dir', () => {
    expect(parseCliOptions(['--memory'], { LANCHAT_DATA_DIR: '/var/chat' })).toMatchObject({ memory: true, dataDir: undefined })
    expect(() => parseCliOptions(['--memory', '--data-dir', '/srv/chat'], {})).toThrow(
      '--data-dir and --memory do not go together',
    )
    expect(() => parseCliOptions(['--data-dir=/srv/chat', '--memory'], {})).toThrow(CliUsageError)
  })

  it('should take --synchronous full or normal, and nothing else', () => {
    expect(parseCliOptions(['--synchronous', 'normal'], {})).toMatchObject({ synchronous: 'normal' })
    expect(parseCliOptions(['--synchronous=full'], {})).toMatchObject({ synchronous: 'full' })
    expect(() => parseCliOptions(['--synchronous', 'off'], {})).toThrow('--synchronous must be full or normal, not "off".')
  })
})

describe('parseBackupOptions', () => {
  it('should take the destination file and the data directory', () => {
    expect(parseBackupOptions(['/backups/chat.db', '--data-dir', '/srv/chat'], {})).toEqual({
      destination: '/backups/chat.db',
      dataDir: '/srv/chat',
      help: false,
    })
    expect(parseBackupOptions(['--', 'chat.db'], { INIT_CWD: '/home/maria', LANCHAT_DATA_DIR: '/var/chat' })).toEqual({
      destination: '/home/maria/chat.db',
      dataDir: '/var/chat',
      help: false,
    })
  })

  it('should refuse a missing destination, a second one and unknown options', () => {
    expect(() => parseBackupOptions([], {})).toThrow('backup needs a file to write the copy to')
    expect(() => parseBackupOptions(['a.db', 'b.db'], {})).toThrow('Unknown option "b.db"')
    expect(() => parseBackupOptions(['a.db', '--memory'], {})).toThrow('Unknown option "--memory"')
    expect(parseBackupOptions(['--help'], {})).toMatchObject({ help: true, destination: undefined })
  })
})
