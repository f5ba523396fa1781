#!/usr/bin/env bash
# `npm start`: VS Code in the browser on the example story, with the extension.
# Installs what is missing (the project's packages, the editors), builds, and
# serves code-server on 127.0.0.1 with a scratch copy of examples/
# (.vscode-test/start/examples/) open, lighthouse.arc in the editor, and the
# extension loaded from this checkout; prints the address and the folder, and
# runs until Ctrl-C.
#   npm start                      # a free port
#   npm start -- --port 8080       # a fixed port
#   npm start -- --folder DIR      # another folder of stories (served as it is)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ ! -x node_modules/.bin/node || ! -x node_modules/.bin/tsc ]]; then
  echo "[start] npm ci (the project's packages, with Node 22)" >&2
  npm ci
fi
export PATH="$ROOT/node_modules/.bin:$PATH"
node scripts/require-node22.js
bash scripts/editor-install.sh
echo "[start] building" >&2
# Type errors do not stop `npm start` (tsc still writes the JavaScript): the
# editor shows what works. `npm test` and `npm run test:editors` are strict.
tsc -b || echo "[start] WARNING: tsc -b reported errors (above); starting anyway with what it emitted" >&2
tsc -p client || echo "[start] WARNING: the extension has type errors (above)" >&2
node scripts/editor-build.mjs
exec node scripts/start.mjs "$@"
