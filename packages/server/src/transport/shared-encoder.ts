/**
 * Turns an outbound frame into bytes once per broadcast. The chat core hands every recipient the same string;
 * ws would convert it to UTF-8 once per socket, so the last conversion is kept and reused while the same string
 * keeps coming. One per plugin instance.
 */
export class SharedEncoder {
  #lastText: string | undefined
  #lastBytes: Buffer = Buffer.alloc(0)

  encode(text: string): Buffer {
    if (text !== this.#lastText) {
      this.#lastText = text
      this.#lastBytes = Buffer.from(text, 'utf8')
    }
    return this.#lastBytes
  }
}
