#!/usr/bin/env node
// `pnpm start`: builds the demo (and what it depends on) with visible progress, then runs the server in the
// foreground. Ctrl-C reaches the server, which shuts down cleanly; this script then exits with the server's code,
// 0 after Ctrl-C, so the package manager has nothing to complain about. Arguments go to the server (`--port 8080`).
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
// Set once the user asked to stop: a build or server that ends by that signal is a normal end, not an error.
let stopping = false

// The terminal sends Ctrl-C to the whole foreground group, the child included: this process only waits for it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopping = true
    // SIGTERM/SIGHUP from a supervisor reach only this process: pass them on.
    if (signal !== 'SIGINT') child?.kill(signal)
  })
}

let child
/** Runs a command in the foreground; resolves with its exit code (0 if it ended by a signal after Ctrl-C). */
function run(command, commandArgs, options = {}) {
  return new Promise((resolve) => {
    child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', ...options })
    child.on('error', (error) => {
      process.stderr.write(`\n  lanchat: could not run ${command}: ${error.message}\n\n`)
      resolve(1)
    })
    child.on('exit', (code, signal) => {
      child = undefined
      resolve(signal !== null ? (stopping ? 0 : 1) : stopping && code !== 0 ? 0 : (code ?? 1))
    })
  })
}

process.stdout.write('Building lanchat (the first build takes a minute; later ones come from the cache)…\n')
const turbo = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'turbo.cmd' : 'turbo')
// hash-only: one line per package as it starts building, and the errors of one that fails.
const built = await run(turbo, ['run', 'build', '--filter=@lanchat/web...', '--output-logs=hash-only'])
if (built !== 0 || stopping) process.exit(stopping ? 0 : built)

process.exit(await run(process.execPath, [join(root, 'apps', 'web', 'dist', 'server.js'), ...args]))
