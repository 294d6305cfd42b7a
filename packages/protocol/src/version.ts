/**
 * The wire protocol version. A client sends it in `hello`; a server that speaks
 * another version answers `UNSUPPORTED_PROTOCOL` and closes with {@link CloseCode.UnsupportedProtocol}.
 */
export const PROTOCOL_VERSION = 1
