#!/usr/bin/env bash
# Runs the FTP 426 scenario lab. Usage: lab/run.sh [--smoke|--full] [--out DIR] [--only REGEX] [--jobs N]
# Needs root. Every namespace and process it starts is removed on every exit path (lab.py traps
# SIGINT/SIGTERM/SIGHUP and cleans up at exit; a run killed with SIGKILL is cleaned up by the next run).
set -euo pipefail
LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ "${LAB_SKIP_INSTALL:-0}" != 1 ]]; then
  "$LAB_DIR/install-deps.sh" >/dev/null
fi
cd "$LAB_DIR"
exec python3 -u "$LAB_DIR/lab.py" "$@"
