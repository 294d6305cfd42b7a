/**
 * The browser build of `@lanchat/protocol` (the `browser` export condition): everything the main entry has, with a
 * `decodeServerFrame` on checks generated ahead of time and a `decodeServerMessage` that walks the schemas, neither
 * generating code, so a page with a strict Content-Security-Policy (no `'unsafe-eval'`) sees no violation. An app
 * that only uses the SDK carries no schema library at all: the modules are side-effect free and built one file each,
 * so a bundler keeps only what is used. Bundlers pick this entry by themselves.
 *
 * @module
 */
export * from './index.js'
export { decodeServerFrame } from './decode-server-frame.browser.js'
export { decodeServerMessage } from './decode-server-message.browser.js'
