import type {
  AccountChanges,
  AccountStore,
  CredentialKind,
  CredentialStore,
  StoredAccount,
  StoredCredential,
} from './store.js'

/** Wraps a synchronous operation as the store's asynchronous one (and refuses it once the store is closed). */
export type OpenOperation = <Args extends unknown[], Result>(work: (...args: Args) => Result) => (...args: Args) => Promise<Awaited<Result>>

/** The accounts and credentials of a {@link MemoryStore}, in maps. */
export function memoryAccounts(open: OpenOperation, userExists: (id: string) => boolean) {
  const accounts = new Map<string, StoredAccount>()
  const credentials = new Map<string, StoredCredential>()
  const byNameKey = (nameKey: string) => [...accounts.values()].find((account) => account.nameKey === nameKey)
  const live = (credential: StoredCredential | undefined, now: number) =>
    credential !== undefined && (credential.expiresAt === undefined || credential.expiresAt > now) ? credential : undefined

  const accountStore: AccountStore = {
    create: open((account: StoredAccount) => {
      if (!userExists(account.userId)) throw new Error(`no user ${account.userId}`)
      if (accounts.has(account.userId) || byNameKey(account.nameKey) !== undefined) return false
      accounts.set(account.userId, Object.freeze({ ...account }))
      return true
    }),
    get: open((userId: string) => accounts.get(userId)),
    byNameKey: open((nameKey: string) => byNameKey(nameKey)),
    update: open((userId: string, changes: AccountChanges) => {
      const account = accounts.get(userId)
      if (account === undefined) return undefined
      const holder = changes.nameKey === undefined ? undefined : byNameKey(changes.nameKey)
      if (holder !== undefined && holder.userId !== userId) return false
      const updated = Object.freeze({ ...account, ...changes })
      accounts.set(userId, updated)
      return updated
    }),
    delete: open((userId: string) => {
      for (const [hash, credential] of credentials) if (credential.userId === userId) credentials.delete(hash)
      return accounts.delete(userId)
    }),
    list: open(() => [...accounts.values()].sort((a, b) => a.createdAt - b.createdAt)),
  }

  const credentialStore: CredentialStore = {
    create: open((credential: StoredCredential) => {
      if (credential.userId !== undefined && !userExists(credential.userId)) throw new Error(`no user ${credential.userId}`)
      credentials.set(credential.tokenHash, Object.freeze({ ...credential }))
    }),
    get: open((tokenHash: string, now: number) => live(credentials.get(tokenHash), now)),
    take: open((tokenHash: string, kind: CredentialKind, now: number) => {
      const credential = live(credentials.get(tokenHash), now)
      if (credential === undefined || credential.kind !== kind) return undefined
      credentials.delete(tokenHash)
      return credential
    }),
    touch: open((tokenHash: string, lastUsedAt: number, expiresAt: number) => {
      const credential = credentials.get(tokenHash)
      if (credential !== undefined) credentials.set(tokenHash, Object.freeze({ ...credential, lastUsedAt, expiresAt }))
    }),
    listForUser: open((userId: string, kind: CredentialKind) =>
      [...credentials.values()]
        .filter((credential) => credential.userId === userId && credential.kind === kind)
        .sort((a, b) => a.createdAt - b.createdAt),
    ),
    delete: open((tokenHash: string) => {
      credentials.delete(tokenHash)
    }),
    deleteForUser: open((userId: string, kind: CredentialKind, exceptTokenHash?: string) => {
      const deleted: string[] = []
      for (const [hash, credential] of credentials) {
        if (credential.userId === userId && credential.kind === kind && hash !== exceptTokenHash) {
          credentials.delete(hash)
          deleted.push(hash)
        }
      }
      return deleted
    }),
    deleteExpired: open((now: number) => {
      let count = 0
      for (const [hash, credential] of credentials) {
        if (credential.expiresAt !== undefined && credential.expiresAt <= now) {
          credentials.delete(hash)
          count++
        }
      }
      return count
    }),
  }

  return {
    accounts: accountStore,
    credentials: credentialStore,
    clear: () => {
      accounts.clear()
      credentials.clear()
    },
  }
}
