import { afterEach, describe, expect, it, vi } from 'vitest'
import { MemoryStore } from '../store/memory-store.js'
import { AccountService, type SignOutRequest } from './account-service.js'
import { hashToken } from '../auth/tokens.js'
import { PasswordHasher } from './password-hasher.js'

const PASSWORD = 'correct horse battery staple'

async function setup() {
  const store = new MemoryStore()
  const signOuts: SignOutRequest[] = []
  const accounts = new AccountService({ store, policy: 'guests', signOut: (request) => signOuts.push(request), markAccount: () => {} })
  await store.users.create({ id: 'u-1', name: 'Maria', createdAt: 1 })
  await store.sessions.create({ tokenHash: hashToken('guest-token-of-maria-0000'), userId: 'u-1', createdAt: 1, expiresAt: Date.now() + 60_000 })
  const claimed = await accounts.claim({ guestToken: 'guest-token-of-maria-0000', password: PASSWORD, device: 'laptop' })
  return { store, accounts, signOuts, claimed }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('AccountService', () => {
  it('should let the owner in again once the guessing budget of their name has refilled', async () => {
    const { accounts } = await setup()
    const address = '10.0.0.9'
    for (let attempt = 0; attempt < 10; attempt++) {
      await expect(accounts.login({ name: 'Maria', password: `guess ${attempt}`, device: 'x', address })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' })
    }
    await expect(accounts.login({ name: 'Maria', password: PASSWORD, device: 'x', address: '10.0.0.1' })).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 })
    await expect(accounts.login({ name: 'Maria', password: PASSWORD, device: 'x', address: '10.0.0.1' })).resolves.toMatchObject({ account: { name: 'Maria' } })
  })

  it('should replace a hash made under older parameters at the next sign-in', async () => {
    const { store, accounts } = await setup()
    const weak = await (await import('@node-rs/argon2')).hash(PASSWORD, { algorithm: 2, memoryCost: 8_192, timeCost: 1, parallelism: 1 })
    await store.accounts.update('u-1', { passwordHash: weak })
    await accounts.login({ name: 'Maria', password: PASSWORD, device: 'x', address: 'a' })
    expect((await store.accounts.get('u-1'))?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  it('should refuse a sign-in when too many password checks already wait', async () => {
    const store = new MemoryStore()
    const hasher = new PasswordHasher({ concurrency: 1, maxQueue: 1 })
    const accounts = new AccountService({ store, policy: 'guests', hasher, signOut: () => {}, markAccount: () => {} })
    const attempts = Array.from({ length: 4 }, (_, index) => accounts.login({ name: `n${index}`, password: 'whatever password', device: 'x', address: `a${index}` }))
    const results = await Promise.allSettled(attempts)
    const codes = results.map((result) => (result.status === 'rejected' ? (result.reason as { code: string }).code : 'ok'))
    expect(codes.filter((code) => code === 'UNAVAILABLE').length).toBeGreaterThan(0)
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS').length).toBeGreaterThan(0)
  })

  it('should end every other session when the password changes, and close their sockets', async () => {
    const { store, accounts, signOuts, claimed } = await setup()
    const other = await accounts.login({ name: 'Maria', password: PASSWORD, device: 'phone', address: 'a' })
    const current = await accounts.session(claimed.token)
    if (current === undefined) throw new Error('claimed session missing')
    await accounts.changePassword(current, PASSWORD, 'a new long passphrase')
    expect(await accounts.session(other.token)).toBeUndefined()
    expect(await accounts.session(claimed.token)).toBeDefined()
    expect(signOuts.at(-1)).toEqual({ userId: 'u-1', exceptCredential: current.credential.tokenHash })
    expect((await store.credentials.listForUser('u-1', 'session')).length).toBe(1)
  })
})
