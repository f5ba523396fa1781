#!/usr/bin/env bash
# `npm run test:editors`: every real-editor test. Installs the editors if
# missing (scripts/editor-install.sh), builds the project and the extension
# bundles, then runs, with NAO_EDITOR_TESTS=1:
#   - what the packaged .vsix holds,
#   - the extension's tests inside the real VS Code extension host, through
#     @vscode/test-electron (code-server + Chromium when there is no desktop VS Code),
#   - the workbench UI test on the lighthouse example (Chromium, screenshots in test-output/),
#   - `npm start` (scripts/start.mjs) opened in Chromium,
#   - headless Neovim and batch Emacs (eglot) as independent LSP clients, with
#     the set-ups of docs/editors.md.
# Extra arguments go to mocha (e.g. --grep Neovim).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
started=$SECONDS

node scripts/require-node22.js
bash scripts/editor-install.sh
echo "[test:editors] building" >&2
tsc -b
tsc -p client
# The .vsix exactly as `npm run package` makes it (minified bundles) for the
# UI test, which installs it with code-server --install-extension ...
mkdir -p test-output
VSIX="$ROOT/test-output/narrative-arc-orchestrator-test.vsix"
node scripts/editor-build.mjs --require-server --production
vsce package --no-dependencies --readme-path client/README.md --out "$VSIX" >/dev/null
echo "[test:editors] packaged $(unzip -l "$VSIX" | tail -1 | awk '{print $2}') files into $VSIX ($(du -k "$VSIX" | cut -f1) KB)" >&2
# ... and readable bundles again for the extension-host tests (this checkout
# as extensionDevelopmentPath) and for `npm start`.
node scripts/editor-build.mjs --require-server

status=0
NAO_EDITOR_TESTS=1 NAO_TEST_VSIX="$VSIX" mocha --config test/editors/.mocharc.json "$@" || status=$?
echo "[test:editors] finished in $((SECONDS - started)) s (exit $status)" >&2
exit $status
