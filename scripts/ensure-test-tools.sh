#!/usr/bin/env bash
# The test suite drives a real Chromium (web app) and tmux (terminal client), and better-sqlite3 (the SQLite store)
# builds from source when no prebuilt binary can be downloaded, which needs a C++ toolchain and Python. Install
# them from Debian's packages when they are missing and we are allowed to; otherwise say exactly what to install.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
{ command -v c++ && command -v make; } >/dev/null 2>&1 || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need: ${missing[*]} (Chromium at /usr/bin/chromium). Install them with your package manager." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "The tests need: ${missing[*]}. Run: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian's packages (needed by the browser and terminal tests)…" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
