/** One outbound frame, ready to write: its UTF-8 payload, and the WebSocket frame header that goes before it. */
export interface EncodedFrame {
  /** The UTF-8 payload, for `socket.send` when the frame cannot be written as is. */
  readonly payload: Buffer
  /** The RFC 6455 header of an unmasked, final text frame carrying `payload`. */
  readonly header: Buffer
}

/**
 * Turns an outbound frame into bytes once per broadcast. The chat core hands every recipient the same string; ws
 * would convert it to UTF-8 and build a frame header once per socket, so the last frame is kept and reused while
 * the same string keeps coming, and every socket gets the very same bytes (as Socket.IO does with its pre-encoded
 * frames). One per plugin instance.
 */
export class SharedEncoder {
  #lastText: string | undefined
  #lastFrame: EncodedFrame = { payload: Buffer.alloc(0), header: textFrameHeader(0) }

  encode(text: string): EncodedFrame {
    if (text !== this.#lastText) {
      this.#lastText = text
      const payload = Buffer.from(text, 'utf8')
      this.#lastFrame = { payload, header: textFrameHeader(payload.length) }
    }
    return this.#lastFrame
  }
}

/**
 * The header of a server's text frame (RFC 6455 §5.2): FIN and opcode 1, no mask, and the payload length in 7 bits,
 * or 126 and 16 bits, or 127 and 64 bits.
 */
export function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length])
  if (length < 0x1_00_00) {
    const header = Buffer.allocUnsafe(4)
    header[0] = 0x81
    header[1] = 126
    header.writeUInt16BE(length, 2)
    return header
  }
  const header = Buffer.allocUnsafe(10)
  header[0] = 0x81
  header[1] = 127
  header.writeBigUInt64BE(BigInt(length), 2)
  return header
}
