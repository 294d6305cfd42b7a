const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]
const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
]

/**
 * Words for what signed in, for the person's device list: the label the client gave (the CLI says
 * "lanchat CLI on pi4"), else the browser and system read from the User-Agent ("Firefox on Linux").
 *
 * @example
 * ```ts
 * deviceLabel(undefined, 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0') // 'Firefox on Linux'
 * ```
 */
export function deviceLabel(given: string | undefined, userAgent: string | undefined): string {
  const label = given?.trim()
  if (label !== undefined && label !== '') return label.slice(0, 64)
  if (userAgent === undefined || userAgent === '') return 'Unknown device'
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1]
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1]
  if (browser === undefined) return system === undefined ? userAgent.slice(0, 40) : `A program on ${system}`
  return system === undefined ? browser : `${browser} on ${system}`
}
