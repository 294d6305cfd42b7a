import type { Kysely } from 'kysely'
import type { AccountStore, CredentialStore } from '../store.js'
import { accountFromRow, credentialFromRow } from './rows.js'
import type { Database } from './schema.js'

/** Runs a query while the store is open (see the store's `run`). */
type Run = <Args extends unknown[], Result>(
  work: (db: Kysely<Database>, ...args: Args) => Promise<Result>,
) => (...args: Args) => Promise<Result>

const UNIQUE_VIOLATION = '23505'

/** Accounts and credentials in PostgreSQL. */
export function postgresAccounts(run: Run): { accounts: AccountStore; credentials: CredentialStore } {
  const accounts: AccountStore = {
    create: run(async (db, account) => {
      // Either unique key taken (the user's account, or the folded name) means no new account; a missing user rejects.
      const result = await db
        .insertInto('accounts')
        .values({
          user_id: account.userId,
          name: account.name,
          name_key: account.nameKey,
          password_hash: account.passwordHash,
          admin: account.admin,
          disabled: account.disabled,
          created_at: account.createdAt,
        })
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst()
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n
    }),
    get: run(async (db, userId) => {
      const row = await db.selectFrom('accounts').selectAll().where('user_id', '=', userId).executeTakeFirst()
      return row === undefined ? undefined : accountFromRow(row)
    }),
    byNameKey: run(async (db, nameKey) => {
      const row = await db.selectFrom('accounts').selectAll().where('name_key', '=', nameKey).executeTakeFirst()
      return row === undefined ? undefined : accountFromRow(row)
    }),
    update: run(async (db, userId, changes) => {
      const set = {
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(changes.nameKey === undefined ? {} : { name_key: changes.nameKey }),
        ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
        ...(changes.admin === undefined ? {} : { admin: changes.admin }),
        ...(changes.disabled === undefined ? {} : { disabled: changes.disabled }),
      }
      try {
        const query = db.updateTable('accounts').where('user_id', '=', userId)
        const row =
          Object.keys(set).length === 0
            ? await db.selectFrom('accounts').selectAll().where('user_id', '=', userId).executeTakeFirst()
            : await query.set(set).returningAll().executeTakeFirst()
        return row === undefined ? undefined : accountFromRow(row)
      } catch (error) {
        // The new name_key is another account's.
        if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return false
        throw error
      }
    }),
    delete: run((db, userId) =>
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('credentials').where('user_id', '=', userId).execute()
        const result = await trx.deleteFrom('accounts').where('user_id', '=', userId).executeTakeFirst()
        return result.numDeletedRows > 0n
      }),
    ),
    list: run(async (db) =>
      (await db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('user_id').execute()).map(accountFromRow),
    ),
  }

  const credentials: CredentialStore = {
    // A repeated hash replaces the credential, as in the other stores.
    create: run(async (db, credential) => {
      const values = {
        token_hash: credential.tokenHash,
        kind: credential.kind,
        user_id: credential.userId ?? null,
        label: credential.label ?? null,
        created_at: credential.createdAt,
        expires_at: credential.expiresAt ?? null,
        last_used_at: credential.lastUsedAt,
      }
      await db
        .insertInto('credentials')
        .values(values)
        .onConflict((conflict) => conflict.column('token_hash').doUpdateSet({ ...values, token_hash: undefined }))
        .execute()
    }),
    get: run(async (db, tokenHash, now) => {
      const row = await db
        .selectFrom('credentials')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirst()
      return row === undefined ? undefined : credentialFromRow(row)
    }),
    // One DELETE … RETURNING: of two concurrent takes, exactly one deletes the row.
    take: run(async (db, tokenHash, kind, now) => {
      const row = await db
        .deleteFrom('credentials')
        .where('token_hash', '=', tokenHash)
        .where('kind', '=', kind)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .returningAll()
        .executeTakeFirst()
      return row === undefined ? undefined : credentialFromRow(row)
    }),
    touch: run(async (db, tokenHash, lastUsedAt, expiresAt) => {
      await db.updateTable('credentials').set({ last_used_at: lastUsedAt, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute()
    }),
    listForUser: run(async (db, userId, kind) =>
      (
        await db
          .selectFrom('credentials')
          .selectAll()
          .where('user_id', '=', userId)
          .where('kind', '=', kind)
          .orderBy('created_at')
          .orderBy('token_hash')
          .execute()
      ).map(credentialFromRow),
    ),
    delete: run(async (db, tokenHash) => {
      await db.deleteFrom('credentials').where('token_hash', '=', tokenHash).execute()
    }),
    deleteForUser: run(async (db, userId, kind, exceptTokenHash) => {
      let query = db.deleteFrom('credentials').where('user_id', '=', userId).where('kind', '=', kind)
      if (exceptTokenHash !== undefined) query = query.where('token_hash', '!=', exceptTokenHash)
      return (await query.returning('token_hash').execute()).map((row) => row.token_hash)
    }),
    deleteExpired: run(async (db, now) => {
      const result = await db.deleteFrom('credentials').where('expires_at', 'is not', null).where('expires_at', '<=', now).executeTakeFirst()
      return Number(result.numDeletedRows)
    }),
  }

  return { accounts, credentials }
}
