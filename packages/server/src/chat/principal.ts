/**
 * Who is connecting, as the host's `authenticate` step decided from the upgrade request.
 * `guest`: anyone; the `hello` picks a name and the server makes a user (or resumes the session's user).
 * `user`: a person the host already knows (its own login, a reverse proxy's header); the chat user has this `id`,
 * and `name` (when given) is their name the first time lanchat sees them.
 */
export type Principal =
  | { readonly kind: 'guest' }
  | {
      readonly kind: 'user'
      readonly id: string
      readonly name?: string
      /** The user signed in to an account (lanchat's own, or the host's): members see that the name is theirs alone. */
      readonly account?: boolean
    }

/** Everyone is a guest: lanchat's default. */
export const GUEST: Principal = Object.freeze({ kind: 'guest' })
