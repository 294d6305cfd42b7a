// @peculiar/x509 resolves its algorithms through tsyringe, which throws on import unless a Reflect metadata
// polyfill was loaded first. ES modules evaluate their imports in order, so importing x509 only through this
// module keeps the polyfill first wherever certificates are made.
import 'reflect-metadata'

export * as x509 from '@peculiar/x509'
