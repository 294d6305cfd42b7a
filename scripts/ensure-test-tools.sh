#!/usr/bin/env bash
# The test suite drives a real Chromium (web app) and tmux (terminal client), and better-sqlite3 (the SQLite store)
# builds from source when no prebuilt binary can be downloaded, which needs a C++ toolchain and Python. The
# PostgreSQL store and the Redis fan-out are tested against throwaway servers (scripts/test-services.mjs), which
# need Debian's postgresql and redis-server binaries (their system-wide services are never used). Install them
# from Debian's packages when they are missing and we are allowed to; otherwise say exactly what to install.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
{ command -v c++ && command -v make; } >/dev/null 2>&1 || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need: ${missing[*]} (Chromium at /usr/bin/chromium, PostgreSQL under /usr/lib/postgresql). Install them with your package manager." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "The tests need: ${missing[*]}. Run: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian's packages (needed by the browser, terminal, PostgreSQL and Redis tests)…" >&2
$sudo apt-get update -qq
if [[ " ${missing[*]} " == *" postgresql "* ]]; then
  # The tests start throwaway servers of their own: keep Debian from creating (and starting) a system-wide cluster.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-common >/dev/null
  echo 'create_main_cluster = false' | $sudo tee -a /etc/postgresql-common/createcluster.conf >/dev/null
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
