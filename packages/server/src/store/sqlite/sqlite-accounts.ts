import type { AccountStore, CredentialKind, CredentialStore, StoredAccount, StoredCredential } from '../store.js'
import type { StoreContext } from './store-context.js'

interface AccountRow {
  user_id: string
  name: string
  name_key: string
  password_hash: string
  admin: number
  disabled: number
  created_at: number
}

interface CredentialRow {
  token_hash: string
  kind: string
  user_id: string | null
  label: string | null
  created_at: number
  expires_at: number | null
  last_used_at: number
}

const ACCOUNT_COLUMNS = 'user_id, name, name_key, password_hash, admin, disabled, created_at'
const CREDENTIAL_COLUMNS = 'token_hash, kind, user_id, label, created_at, expires_at, last_used_at'
const LIVE = '(expires_at IS NULL OR expires_at > @now)'

function accountFromRow(row: AccountRow): StoredAccount {
  return {
    userId: row.user_id,
    name: row.name,
    nameKey: row.name_key,
    passwordHash: row.password_hash,
    admin: row.admin === 1,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  }
}

function credentialFromRow(row: CredentialRow): StoredCredential {
  return {
    tokenHash: row.token_hash,
    kind: row.kind as CredentialKind,
    userId: row.user_id ?? undefined,
    label: row.label ?? undefined,
    createdAt: row.created_at,
    expiresAt: row.expires_at ?? undefined,
    lastUsedAt: row.last_used_at,
  }
}

/** Accounts and credentials in SQLite (schema version 2). */
export function sqliteAccounts({ prepare, read, write }: StoreContext): { accounts: AccountStore; credentials: CredentialStore } {
  const insertAccount = prepare<[AccountRow]>(
    `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES (@user_id, @name, @name_key, @password_hash, @admin, @disabled, @created_at)
     ON CONFLICT DO NOTHING`,
  )
  const selectAccount = prepare<[userId: string], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE user_id = ?`)
  const selectAccountByKey = prepare<[nameKey: string], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE name_key = ?`)
  const selectAccounts = prepare<[], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at, user_id`)
  const updateAccount = prepare<[AccountRow], AccountRow>(
    `UPDATE OR IGNORE accounts SET name = @name, name_key = @name_key, password_hash = @password_hash, admin = @admin,
       disabled = @disabled WHERE user_id = @user_id RETURNING ${ACCOUNT_COLUMNS}`,
  )
  const deleteAccount = prepare<[userId: string]>('DELETE FROM accounts WHERE user_id = ?')
  const deleteUserCredentials = prepare<[userId: string]>('DELETE FROM credentials WHERE user_id = ?')

  const insertCredential = prepare<[CredentialRow]>(
    `INSERT OR REPLACE INTO credentials (${CREDENTIAL_COLUMNS})
     VALUES (@token_hash, @kind, @user_id, @label, @created_at, @expires_at, @last_used_at)`,
  )
  const selectCredential = prepare<[{ hash: string; now: number }], CredentialRow>(
    `SELECT ${CREDENTIAL_COLUMNS} FROM credentials WHERE token_hash = @hash AND ${LIVE}`,
  )
  const takeCredential = prepare<[{ hash: string; kind: string; now: number }], CredentialRow>(
    `DELETE FROM credentials WHERE token_hash = @hash AND kind = @kind AND ${LIVE} RETURNING ${CREDENTIAL_COLUMNS}`,
  )
  const touchCredential = prepare<[lastUsedAt: number, expiresAt: number, hash: string]>(
    'UPDATE credentials SET last_used_at = ?, expires_at = ? WHERE token_hash = ?',
  )
  const selectUserCredentials = prepare<[userId: string, kind: string], CredentialRow>(
    `SELECT ${CREDENTIAL_COLUMNS} FROM credentials WHERE user_id = ? AND kind = ? ORDER BY created_at, token_hash`,
  )
  const deleteCredential = prepare<[hash: string]>('DELETE FROM credentials WHERE token_hash = ?')
  const deleteUserKind = prepare<[{ user: string; kind: string; except: string | null }], { token_hash: string }>(
    `DELETE FROM credentials WHERE user_id = @user AND kind = @kind AND (@except IS NULL OR token_hash != @except)
     RETURNING token_hash`,
  )
  const deleteExpired = prepare<[now: number]>('DELETE FROM credentials WHERE expires_at IS NOT NULL AND expires_at <= ?')

  const accounts: AccountStore = {
    create: (account) =>
      write(
        () =>
          insertAccount.run({
            user_id: account.userId,
            name: account.name,
            name_key: account.nameKey,
            password_hash: account.passwordHash,
            admin: account.admin ? 1 : 0,
            disabled: account.disabled ? 1 : 0,
            created_at: account.createdAt,
          }).changes === 1,
      ),
    get: (userId) => read(() => mapRow(selectAccount.get(userId), accountFromRow)),
    byNameKey: (nameKey) => read(() => mapRow(selectAccountByKey.get(nameKey), accountFromRow)),
    update: (userId, changes) =>
      write(() => {
        const row = selectAccount.get(userId)
        if (row === undefined) return undefined
        const merged = { ...accountFromRow(row), ...changes }
        const updated = updateAccount.get({
          user_id: userId,
          name: merged.name,
          name_key: merged.nameKey,
          password_hash: merged.passwordHash,
          admin: merged.admin ? 1 : 0,
          disabled: merged.disabled ? 1 : 0,
          created_at: merged.createdAt,
        })
        // UPDATE OR IGNORE skips the row when the new name_key is taken.
        return updated === undefined ? false : accountFromRow(updated)
      }),
    delete: (userId) =>
      write(() => {
        deleteUserCredentials.run(userId)
        return deleteAccount.run(userId).changes === 1
      }),
    list: () => read(() => selectAccounts.all().map(accountFromRow)),
  }

  const credentials: CredentialStore = {
    create: (credential) =>
      write(() => {
        insertCredential.run({
          token_hash: credential.tokenHash,
          kind: credential.kind,
          user_id: credential.userId ?? null,
          label: credential.label ?? null,
          created_at: credential.createdAt,
          expires_at: credential.expiresAt ?? null,
          last_used_at: credential.lastUsedAt,
        })
      }),
    get: (tokenHash, now) => read(() => mapRow(selectCredential.get({ hash: tokenHash, now }), credentialFromRow)),
    take: (tokenHash, kind, now) => write(() => mapRow(takeCredential.get({ hash: tokenHash, kind, now }), credentialFromRow)),
    touch: (tokenHash, lastUsedAt, expiresAt) =>
      write(() => {
        touchCredential.run(lastUsedAt, expiresAt, tokenHash)
      }),
    listForUser: (userId, kind) => read(() => selectUserCredentials.all(userId, kind).map(credentialFromRow)),
    delete: (tokenHash) =>
      write(() => {
        deleteCredential.run(tokenHash)
      }),
    deleteForUser: (userId, kind, exceptTokenHash) =>
      write(() => deleteUserKind.all({ user: userId, kind, except: exceptTokenHash ?? null }).map((row) => row.token_hash)),
    deleteExpired: (now) => write(() => deleteExpired.run(now).changes),
  }

  return { accounts, credentials }
}

function mapRow<Row, Value>(row: Row | undefined, map: (row: Row) => Value): Value | undefined {
  return row === undefined ? undefined : map(row)
}
