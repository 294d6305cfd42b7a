import { Type } from 'typebox'
import { DisplayName, UserId } from '../messages/common.js'
import { MAX_PASSWORD_LENGTH } from './account-codes.js'

/**
 * The accounts API beside the socket, under `<prefix>/auth/…` on the chat server: request bodies and replies, the
 * one source of these types for the server, the SDK and the apps. Every error reply is
 * `{ statusCode, error, message, code }` with a code of `AuthErrorCodes` (in account-codes.ts).
 */

/** A password as sent: 1 to {@link MAX_PASSWORD_LENGTH} characters (the length rule itself gives its own error). */
export const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH })
/** A one-time secret (device link, reset link, setup link) or an account session token. */
export const Secret = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' })
/** A recovery code as printed: 10 letters or digits, maybe with a dash or spaces in the middle. */
export const RecoveryCode = Type.String({ minLength: 8, maxLength: 32 })
/** What signed in, as the person will see it in their device list ("Firefox on Linux", "lanchat CLI on pi4"). */
export const DeviceLabel = Type.String({ minLength: 1, maxLength: 64 })

/** An account as its owner (and admins) see it. */
export const AccountView = Type.Object({
  id: UserId,
  name: DisplayName,
  admin: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Type.Integer({ minimum: 0 }),
})
export type AccountView = Type.Static<typeof AccountView>

/** The reply of every sign-in: the account, and the session token (also set as an HttpOnly cookie for browsers). */
export const SignedIn = Type.Object({
  account: AccountView,
  /** Send it as `Authorization: Bearer <token>` (SDK, CLI). Browsers use the cookie and may ignore it. */
  token: Secret,
  /** One-time recovery codes: only in the reply of a claim, and of `POST /auth/recovery-codes`. Shown once. */
  recoveryCodes: Type.Optional(Type.Array(Type.String())),
})
export type SignedIn = Type.Static<typeof SignedIn>

/** `POST /auth/claim`: a guest (their guest session as bearer token) makes their name an account. */
export const ClaimBody = Type.Object({ password: Password, device: Type.Optional(DeviceLabel) }, { additionalProperties: false })
export type ClaimBody = Type.Static<typeof ClaimBody>

/** `POST /auth/login`. */
export const LoginBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), password: Password, device: Type.Optional(DeviceLabel) },
  { additionalProperties: false },
)
export type LoginBody = Type.Static<typeof LoginBody>

/** `POST /auth/password`: signs out every other device. */
export const PasswordChangeBody = Type.Object({ current: Password, password: Password }, { additionalProperties: false })
export type PasswordChangeBody = Type.Static<typeof PasswordChangeBody>

/** `POST /auth/links/redeem`: signs this device in with a device link. */
export const RedeemLinkBody = Type.Object({ token: Secret, device: Type.Optional(DeviceLabel) }, { additionalProperties: false })
export type RedeemLinkBody = Type.Static<typeof RedeemLinkBody>

/** `POST /auth/recover`: a recovery code and a new password; signs out every other device. */
export const RecoverBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), code: RecoveryCode, password: Password, device: Type.Optional(DeviceLabel) },
  { additionalProperties: false },
)
export type RecoverBody = Type.Static<typeof RecoverBody>

/** `POST /auth/reset`: an admin's reset link and a new password; signs out every other device. */
export const ResetBody = Type.Object({ token: Secret, password: Password, device: Type.Optional(DeviceLabel) }, { additionalProperties: false })
export type ResetBody = Type.Static<typeof ResetBody>

/**
 * `POST /auth/setup`: the first admin, with the setup link the server printed. With a guest session as bearer
 * token, that guest's name becomes the admin account; without, `name` makes a new one.
 */
export const SetupBody = Type.Object(
  { token: Secret, password: Password, name: Type.Optional(DisplayName), device: Type.Optional(DeviceLabel) },
  { additionalProperties: false },
)
export type SetupBody = Type.Static<typeof SetupBody>

/** `POST /auth/recovery-codes`: new codes (the old ones stop working), after the password again. */
export const RecoveryCodesBody = Type.Object({ password: Password }, { additionalProperties: false })
export type RecoveryCodesBody = Type.Static<typeof RecoveryCodesBody>

/** A one-time link: `POST /auth/links` (a device link, 5 minutes) and `POST /auth/admin/reset-links` (24 hours). */
export const IssuedLink = Type.Object({
  token: Secret,
  /** Where the web app redeems it, relative to the server: `/#link=…` or `/#reset=…`. */
  path: Type.String(),
  expiresAt: Type.Integer({ minimum: 0 }),
})
export type IssuedLink = Type.Static<typeof IssuedLink>

/** One signed-in device, in `GET /auth/sessions`. */
export const DeviceSession = Type.Object({
  /** Pass it to `DELETE /auth/sessions/:id` to sign that device out. */
  id: Type.String(),
  device: Type.String(),
  createdAt: Type.Integer({ minimum: 0 }),
  lastUsedAt: Type.Integer({ minimum: 0 }),
  /** The session this request came with. */
  current: Type.Boolean(),
})
export type DeviceSession = Type.Static<typeof DeviceSession>

export const DeviceSessions = Type.Object({ sessions: Type.Array(DeviceSession) })
export type DeviceSessions = Type.Static<typeof DeviceSessions>

/** `POST /auth/admin/reset-links`, `…/admin`, `…/disabled`, `DELETE /auth/admin/accounts/:name`: an account by name. */
export const AdminTargetBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false })
export type AdminTargetBody = Type.Static<typeof AdminTargetBody>

export const AdminFlagBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), value: Type.Boolean() },
  { additionalProperties: false },
)
export type AdminFlagBody = Type.Static<typeof AdminFlagBody>

export const AccountList = Type.Object({ accounts: Type.Array(AccountView) })
export type AccountList = Type.Static<typeof AccountList>

/** What the server says about accounts before anyone signs in: `GET /auth/policy`. */
export const AccountPolicyView = Type.Object({
  /** `guests`: anyone may chat, and may claim their name; `accounts-only`: sign in to chat. */
  policy: Type.Union([Type.Literal('guests'), Type.Literal('accounts-only')]),
  /** Whether the server has an admin yet (if not, the setup link printed at its start makes the first). */
  hasAdmin: Type.Boolean(),
  minPasswordLength: Type.Integer(),
  maxPasswordLength: Type.Integer(),
})
export type AccountPolicyView = Type.Static<typeof AccountPolicyView>

/** Every accounts API error reply. */
export const AuthError = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  code: Type.String(),
})
export type AuthError = Type.Static<typeof AuthError>
