/**
 * The recovery codes as a small text file, saved by the browser's download (nothing leaves the device).
 *
 * @example
 * ```ts
 * downloadRecoveryCodes('Maria', 'http://192.168.1.20:5000', codes)
 * ```
 */
export function downloadRecoveryCodes(name: string, server: string, codes: readonly string[]): void {
  const text = recoveryCodesText(name, server, codes)
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = `lanchat-recovery-codes-${name.replace(/[^\p{L}\p{N}_-]+/gu, '-')}.txt`
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** What the file (and the copy button) holds: what the codes are for, then one code a line. */
export function recoveryCodesText(name: string, server: string, codes: readonly string[]): string {
  return [
    `lanchat recovery codes for ${name} on ${server}`,
    'Each code works once: with your name, it lets you set a new password if you forget yours.',
    '',
    ...codes,
    '',
  ].join('\n')
}
