import { createCheckedDecoder } from './checked-decoder.js'
import { serverFrameChecks } from './generated/server-frame-checks.js'
import type { DecodedServerFrame } from './parse-frame.js'

/**
 * Decodes a frame sent by a server tolerantly, as the main entry's `decodeServerFrame` does, with checks generated
 * ahead of time: no schema library in the page and no `new Function`, so a strict Content-Security-Policy (no
 * `'unsafe-eval'`) sees no violation. A refused frame's error names its type but lists no field.
 *
 * @example
 * ```ts
 * const decoded = decodeServerFrame('{"type":"message.edited","room":"lobby","seq":9}')
 * decoded.known // false
 * ```
 */
export const decodeServerFrame: (raw: string) => DecodedServerFrame = createCheckedDecoder(serverFrameChecks)
