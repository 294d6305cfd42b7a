import { LIMITS } from '@lanchat/protocol'

// 64 URL-safe characters, so one random byte masked to 6 bits picks one without bias.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

/** Characters in a generated id: 21 × 6 bits = 126 bits of randomness, like a UUID v4. */
export const ID_LENGTH = 21

/**
 * A random id of {@link ID_LENGTH} URL-safe characters (`A–Z a–z 0–9 _ -`), valid as a
 * `clientMsgId`. Uses `crypto.getRandomValues`, which every browser offers on plain
 * `http://` pages too (`crypto.randomUUID` is hidden outside secure contexts, and a LAN
 * page such as `http://192.168.1.20:5000` is not one).
 *
 * @example
 * ```ts
 * const clientMsgId = createId() // 'V1StGXR8_Z5jdHi6B-myT'
 * ```
 */
export function createId(): string {
  const bytes = new Uint8Array(ID_LENGTH)
  globalThis.crypto.getRandomValues(bytes)
  let id = ''
  for (const byte of bytes) id += ALPHABET[byte & 63]
  return id
}

const CLIENT_MSG_ID = /^[A-Za-z0-9_-]+$/

/**
 * Whether `id` is a valid `clientMsgId` on the wire: 1–64 characters of `A–Z a–z 0–9 _ -`.
 *
 * @example
 * ```ts
 * isClientMsgId(createId()) // true
 * isClientMsgId('not valid!') // false
 * ```
 */
export function isClientMsgId(id: string): boolean {
  return id.length <= LIMITS.maxIdLength && CLIENT_MSG_ID.test(id)
}
