import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A certificate authority made for a test, and a server certificate it issued. */
export interface TestCertificates {
  caPem: string
  caFingerprint: string
  /** The server's key (PEM). */
  key: string
  /** The server's certificate alone (PEM). */
  leafPem: string
  leafFingerprint: string
  /** What the server sends: its certificate, then the CA's. */
  chain: string
}

/**
 * A fresh CA (EC P-256, SHA-256) and a server certificate for `localhost` and 127.0.0.1, made with the `openssl`
 * command (Debian's; Node has no API to issue certificates and the SDK takes no dependency for tests alone).
 */
export function makeCertificates(subject = 'lanchat test CA'): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-tls-'))
  try {
    const file = (name: string) => join(dir, name)
    const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' })
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
    openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '30', '-sha256', '-subj', `/CN=${subject}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    openssl('req', ...ec, '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', '/CN=localhost')
    writeFileSync(file('leaf.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n')
    openssl('x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
      '-out', file('leaf.crt'), '-days', '30', '-sha256', '-extfile', file('leaf.ext'))
    const caPem = readFileSync(file('ca.crt'), 'utf8')
    const leafPem = readFileSync(file('leaf.crt'), 'utf8')
    return {
      caPem,
      caFingerprint: new X509Certificate(caPem).fingerprint256,
      key: readFileSync(file('leaf.key'), 'utf8'),
      leafPem,
      leafFingerprint: new X509Certificate(leafPem).fingerprint256,
      chain: leafPem + caPem,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
