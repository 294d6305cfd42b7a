/**
 * A QR code of `text` as a `data:image/svg+xml` URL for an `<img>`: an image cannot run script, and
 * nothing is inserted as HTML. uqr loads on first use, so the main bundle does not carry it.
 *
 * @example
 * ```ts
 * const src = await qrCodeImage('http://192.168.1.23:5000/?room=K7M2QX')
 * ```
 */
export async function qrCodeImage(text: string): Promise<string> {
  const { renderSVG } = await import('uqr')
  const svg = renderSVG(text, { ecc: 'M', border: 2, pixelSize: 8, whiteColor: '#ffffff', blackColor: '#111318' })
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}
