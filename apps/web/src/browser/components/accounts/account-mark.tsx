import { Icon } from '../icon.js'

/**
 * Whether a member signed in to an account (a small check badge: the name is theirs alone here) or is a guest (said
 * to screen readers only, so the list stays quiet for the eye). Sits after the name, like the look-alike name tag.
 *
 * @example
 * ```tsx
 * <span>{label}<AccountMark account={member.account === true} /></span>
 * ```
 */
export function AccountMark({ account }: { account: boolean }) {
  if (!account) return <span class="visually-hidden"> (guest)</span>
  return (
    <span class="account-mark" role="img" aria-label="account" title="Signed in to an account: this name is theirs alone">
      <Icon name="badge-check" size={14} />
    </span>
  )
}
