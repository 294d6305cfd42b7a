import type { FastifyInstance } from 'fastify'

/** Where the trust page and its files are served, over HTTP and HTTPS alike. */
export const TRUST_PATH = '/trust'
/** The certificate authority file devices install. */
export const CA_FILE_PATH = `${TRUST_PATH}/lanchat-ca.crt`

/** What the trust page says about this server's HTTPS. */
export interface TrustPageOptions {
  /** Undefined when the server serves no HTTPS (`--no-https`). */
  https:
    | {
        /** The port HTTPS listens on. */
        port: number
        /** The certificate authority, PEM. */
        authorityPem: string
        /** Its SHA-256 fingerprint, `AB:CD:…`. */
        fingerprint256: string
        /** Its SHA-1 fingerprint, which Windows shows as the "thumbprint". */
        fingerprint1: string
        /** The authority's name as devices list it (its subject CN). */
        authorityName: string
      }
    | undefined
}

/** The platform whose steps are opened first, guessed from the `User-Agent`. */
type Platform = 'android' | 'ios' | 'windows' | 'macos' | 'linux'

/**
 * Serves the trust page (`/trust`), which explains per platform how to install this server's certificate
 * authority, the CA file (`/trust/lanchat-ca.crt`, as `application/x-x509-ca-cert`, the type phones install from),
 * the page's style sheet, and `/trust/https.json` (`{ https: { port, fingerprint256 } | null }`) for the web app.
 * Plain server-rendered HTML with no script: it must work over HTTP, offline, on any phone.
 *
 * @example
 * ```ts
 * registerTrustPage(app, { https: { port: 5001, authorityPem, fingerprint256, fingerprint1, authorityName } })
 * ```
 */
export function registerTrustPage(app: FastifyInstance, options: TrustPageOptions): void {
  const { https } = options
  app.get(TRUST_PATH, (request, reply) => {
    const host = requestHostname(request.headers.host)
    const httpsUrl = https === undefined || host === undefined ? undefined : `https://${host}:${https.port}/`
    const secure = request.protocol === 'https'
    void reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(renderTrustPage({ https, httpsUrl, secure, platform: guessPlatform(request.headers['user-agent']) }))
  })
  app.get(`${TRUST_PATH}/trust.css`, (_request, reply) => {
    void reply.header('cache-control', 'no-cache').type('text/css; charset=utf-8').send(TRUST_CSS)
  })
  app.get(`${TRUST_PATH}/https.json`, (_request, reply) => {
    void reply.header('cache-control', 'no-cache').send({ https: https === undefined ? null : { port: https.port, fingerprint256: https.fingerprint256 } })
  })
  app.get(CA_FILE_PATH, (_request, reply) => {
    if (https === undefined) {
      return reply.code(404).type('text/plain; charset=utf-8').send('This server serves no HTTPS (it was started with --no-https).\n')
    }
    return reply
      .header('cache-control', 'no-cache')
      .header('content-disposition', 'attachment; filename="lanchat-ca.crt"')
      .type('application/x-x509-ca-cert')
      .send(https.authorityPem)
  })
}

/** The host name of a `Host` header (already checked by the host guard), with IPv6 brackets; undefined when unusable. */
function requestHostname(host: string | undefined): string | undefined {
  if (host === undefined) return undefined
  try {
    const name = new URL(`http://${host}/`).hostname
    return name === '' ? undefined : name
  } catch {
    return undefined
  }
}

function guessPlatform(userAgent: string | undefined): Platform | undefined {
  const agent = userAgent ?? ''
  if (/Android/i.test(agent)) return 'android'
  if (/iPhone|iPad|iPod/i.test(agent)) return 'ios'
  if (/Windows/i.test(agent)) return 'windows'
  // iPadOS Safari says "Macintosh" too; its steps are the iOS ones, listed right above.
  if (/Macintosh|Mac OS X/i.test(agent)) return 'macos'
  if (/Linux|X11|CrOS/i.test(agent)) return 'linux'
  return undefined
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text made safe for HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character] as string)
}

/** What {@link renderTrustPage} shows. */
export interface TrustPageView {
  https: TrustPageOptions['https']
  /** The HTTPS address for the name the visitor used, such as `https://192.168.1.23:5001/`. */
  httpsUrl: string | undefined
  /** The page itself came over HTTPS. */
  secure: boolean
  platform: Platform | undefined
}

/** The trust page's HTML. Every value from outside goes through {@link escapeHtml}. */
export function renderTrustPage(view: TrustPageView): string {
  const { https } = view
  const body =
    https === undefined
      ? `<section aria-labelledby="off"><h2 id="off">HTTPS is off on this server</h2>
<p>It was started with <code>--no-https</code>, so there is nothing to install. The chat works over HTTP; ask whoever runs
the server to start it without <code>--no-https</code> for notifications, voice messages and an encrypted connection.</p>
<p><a class="button" href="/">Back to the chat</a></p></section>`
      : installSections(https, view)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Trust this chat's HTTPS · lanchat</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${TRUST_PATH}/trust.css">
</head>
<body>
<main>
<p class="brand"><a href="/">lanchat</a></p>
<h1>Use this chat over HTTPS</h1>
<p class="lead">Over HTTPS the browser allows notifications, voice messages, copying to the clipboard and installing the
app, and nobody else on the network can read or change the chat on its way. This chat runs with no internet and no
public name, so it signs its own certificates with a <strong>certificate authority (CA)</strong> made on the machine that
runs it. Install that CA once on each device; after that, the HTTPS address just works.</p>
${view.secure ? '<p class="note" role="status">You opened this page over HTTPS: this device already reaches the chat securely.</p>' : ''}
${body}
</main>
</body>
</html>
`
}

function installSections(https: NonNullable<TrustPageOptions['https']>, view: TrustPageView): string {
  const name = escapeHtml(https.authorityName)
  const open = (platform: Platform) => (view.platform === platform ? ' open' : '')
  const httpsLink =
    view.httpsUrl === undefined
      ? ''
      : `<p><a class="button" href="${escapeHtml(view.httpsUrl)}">Open ${escapeHtml(view.httpsUrl)}</a></p>`
  return `<section aria-labelledby="step-1">
<h2 id="step-1"><span class="step" aria-hidden="true">1</span> Download the CA</h2>
<p><a class="button" href="${CA_FILE_PATH}" download="lanchat-ca.crt">Download lanchat-ca.crt</a></p>
<p>It is called <strong>${name}</strong>. Its SHA-256 fingerprint:</p>
<p class="fingerprint"><code>${escapeHtml(https.fingerprint256)}</code></p>
<p class="hint">Check it against the fingerprint shown where the server was started (or ask the person who runs it).
This page came over plain HTTP, so someone else on the network could have changed it; the server's own screen they cannot.</p>
</section>
<section aria-labelledby="step-2">
<h2 id="step-2"><span class="step" aria-hidden="true">2</span> Install it on this device</h2>
<details${open('android')}><summary>Android</summary>
<ol>
<li>Tap <strong>Download lanchat-ca.crt</strong> above. Android keeps it in Downloads (it may say to install it in Settings).</li>
<li>Open <strong>Settings → Security &amp; privacy → More security settings → Encryption &amp; credentials → Install a certificate → CA certificate</strong>. The names differ between makers: search Settings for “CA certificate”.</li>
<li>Tap <strong>Install anyway</strong>, confirm with your screen lock, and choose <strong>lanchat-ca.crt</strong>.</li>
</ol>
<p>Chrome trusts it at once. Firefox: Settings → About Firefox, tap the logo five times, then Settings → Secret Settings → turn on “Use third party CA certificates”.</p>
<p class="hint">To remove it later: Encryption &amp; credentials → Trusted credentials → User → ${name} → Remove.</p>
</details>
<details${open('ios')}><summary>iPhone and iPad</summary>
<ol>
<li>Open this page in <strong>Safari</strong> and tap <strong>Download lanchat-ca.crt</strong>, then <strong>Allow</strong> the configuration profile.</li>
<li>Open <strong>Settings → Profile Downloaded</strong> (or General → VPN &amp; Device Management), tap the profile ${name}, then <strong>Install</strong>, your passcode, and <strong>Install</strong> again.</li>
<li>Open <strong>Settings → General → About → Certificate Trust Settings</strong> and turn on full trust for ${name}. Without this step the certificate is installed but not trusted.</li>
</ol>
<p>Every browser on iPhone and iPad uses this trust, so Chrome and Firefox follow.</p>
<p class="hint">To remove it later: General → VPN &amp; Device Management → ${name} → Remove Profile.</p>
</details>
<details${open('windows')}><summary>Windows</summary>
<ol>
<li>Download the file and open it, then choose <strong>Install Certificate…</strong> → <strong>Current User</strong>.</li>
<li>Choose <strong>Place all certificates in the following store → Browse → Trusted Root Certification Authorities</strong>, then <strong>Finish</strong>.</li>
<li>Windows warns and shows a SHA-1 thumbprint; it must be <code class="fingerprint">${escapeHtml(https.fingerprint1.replace(/:/g, ' '))}</code>. Choose <strong>Yes</strong>, then restart the browser.</li>
</ol>
<p>Edge and Chrome use it. Recent Firefox does too; if Firefox still warns, import the file in Firefox as in the Linux steps.</p>
<p class="hint">To remove it later: run <code>certmgr.msc</code> → Trusted Root Certification Authorities → Certificates → ${name} → Delete.</p>
</details>
<details${open('macos')}><summary>macOS</summary>
<ol>
<li>Download the file and double-click it: Keychain Access adds it to the <strong>login</strong> keychain.</li>
<li>In Keychain Access, double-click <strong>${name}</strong>, open <strong>Trust</strong>, and set <strong>When using this certificate</strong> to <strong>Always Trust</strong>. Close the window and enter your password.</li>
</ol>
<p>Safari, Chrome and Edge use it. Recent Firefox does too; if Firefox still warns, import the file in Firefox as in the Linux steps.</p>
<p class="hint">To remove it later: Keychain Access → ${name} → Delete.</p>
</details>
<details${open('linux')}><summary>Linux (Chrome, Chromium, Firefox)</summary>
<ul>
<li><strong>Chrome and Chromium:</strong> Settings → Privacy and security → Security → Manage certificates → (Manage imported certificates from Linux) → <strong>Authorities → Import</strong>, choose the file and tick <strong>Trust this certificate for identifying websites</strong>.</li>
<li><strong>Firefox:</strong> Settings → Privacy &amp; Security → Certificates → <strong>View Certificates… → Authorities → Import…</strong>, and tick <strong>Trust this CA to identify websites</strong>.</li>
<li><strong>The whole system</strong> (curl, the lanchat CLI): on Debian and Ubuntu <code>sudo cp lanchat-ca.crt /usr/local/share/ca-certificates/ &amp;&amp; sudo update-ca-certificates</code>; on Fedora <code>sudo cp lanchat-ca.crt /etc/pki/ca-trust/source/anchors/ &amp;&amp; sudo update-ca-trust</code>.</li>
</ul>
</details>
</section>
<section aria-labelledby="step-3">
<h2 id="step-3"><span class="step" aria-hidden="true">3</span> Open the chat over HTTPS</h2>
${httpsLink}
<p>The browser shows no warning now. If it still does, the CA is not installed or not trusted yet: go back to step 2.</p>
<p class="hint">To the browser the HTTPS address is another site: enter your name there again, or sign in to your account.</p>
</section>
<section aria-labelledby="why">
<h2 id="why">Why not just click through the warning?</h2>
<p>The warning means the browser cannot tell whether it is talking to this chat or to someone pretending to be it.
Clicking through accepts whoever answers, including another device on the same Wi-Fi that puts itself in between,
which is exactly what HTTPS is there to stop. Phones also forget such an exception, some features stay off behind it,
and it teaches everyone to click through warnings that matter elsewhere. Installing the CA checks the fingerprint once;
after that the browser checks every visit for you.</p>
<p>Installing a CA is a real act of trust: whoever holds its key (on the server, in <code>tls/ca.key</code> of its data
directory) could make certificates this device accepts. Install it only from a server run by someone you trust, and
remove it when you no longer use this chat.</p>
</section>`
}

/** The trust page's styles: the app's colours and type, no more. */
const TRUST_CSS = `:root {
  color-scheme: light dark;
  --bg: #f6f7fb; --surface: #ffffff; --text: #14161c; --muted: #5b6472; --border: #e4e7ee;
  --accent: #4f46e5; --accent-text: #4338ca; --on-accent: #ffffff; --accent-soft: #eceafe; --focus: #4f46e5;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1115; --surface: #171a21; --text: #e8eaf0; --muted: #9aa3b2; --border: #252933;
    --accent: #5f62ee; --accent-text: #a5b4fc; --on-accent: #ffffff; --accent-soft: #25264a; --focus: #a5b4fc;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font-size: 16px; line-height: 1.55; }
main { max-width: 720px; margin: 0 auto; padding: 20px 16px 48px; }
a { color: var(--accent-text); }
a:focus-visible, summary:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; border-radius: 6px; }
.brand { margin: 0 0 8px; font-weight: 700; }
.brand a { text-decoration: none; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 12px; }
h2 { font-size: 1.2rem; margin: 0 0 10px; display: flex; align-items: center; gap: 10px; }
.lead { color: var(--text); }
section { background: var(--surface); border: 1px solid var(--border); border-radius: 12px; padding: 16px; margin: 16px 0; }
.step { display: inline-grid; place-items: center; width: 28px; height: 28px; border-radius: 50%;
  background: var(--accent); color: var(--on-accent); font-size: 0.95rem; flex: none; }
.button { display: inline-block; background: var(--accent); color: var(--on-accent); text-decoration: none; font-weight: 600;
  padding: 12px 18px; border-radius: 10px; min-height: 44px; overflow-wrap: anywhere; }
.button:hover { filter: brightness(1.08); }
.fingerprint code, code.fingerprint { font-family: var(--mono); font-size: 0.9rem; overflow-wrap: anywhere; }
.fingerprint { background: var(--accent-soft); padding: 10px 12px; border-radius: 8px; }
code { font-family: var(--mono); font-size: 0.92em; overflow-wrap: anywhere; }
.hint { color: var(--muted); font-size: 0.94rem; }
.note { background: var(--accent-soft); border-radius: 10px; padding: 10px 14px; }
details { border-top: 1px solid var(--border); padding: 4px 0; }
details:first-of-type { border-top: none; }
summary { cursor: pointer; font-weight: 600; padding: 12px 0; }
ol, ul { padding-left: 1.3rem; }
li { margin: 6px 0; }
`
