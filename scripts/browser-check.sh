#!/usr/bin/env bash
# Opens the demo book in headless Chromium and checks every chart as readers see it, in the light,
# rust, coal, navy and ayu themes and in print.html (details in scripts/browser/check.mjs). Fails (exit 1) on an
# error box, a missing, zero-size or blank chart, chart text that does not stand out from what is
# under it (contrast < 3), a series mark with contrast < 3 against the page, overlapping text boxes,
# a JavaScript error, or print.html with fewer charts than the chapters.
# Also writes docs/screenshot-light.png, docs/screenshot-rust.png and docs/screenshot-navy.png.
#
#   scripts/browser-check.sh                       # builds the book first (scripts/build-book.sh)
#   BROWSER_CHECK_REUSE_BOOK=1 scripts/browser-check.sh   # uses book/book as it is (.ci/run)
#
# Needs Node.js >= 20 with npm, and Chromium at /usr/bin/chromium (installed with apt-get when
# missing and running as root, as in CI). Playwright never downloads a browser here: check.mjs
# uses playwright-core (pinned in scripts/browser/package-lock.json) with the system Chromium.
# Checks the five themes (light, rust, coal, navy, ayu) and reports the smallest chart text at a
# 390 × 844 phone viewport (BROWSER_CHECK_MIN_TEXT_PX=10 makes that an assertion).
# The book is served from 127.0.0.1 on a free port by `python3 -m http.server` for the run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/scripts/browser"
OUT="$ROOT/book/book"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
start=$SECONDS

say() { printf '%s\n' "browser-check: $*" >&2; }
die() {
    say "FAILED: $*"
    exit 1
}
as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 1
    fi
}
apt_install() {
    command -v apt-get >/dev/null || return 1
    say "installing $* with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >/dev/null &&
        as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- tools -----------------------------------------------------------------------------------------
if [[ ! -x "$CHROMIUM" ]]; then
    apt_install chromium || die "no Chromium at $CHROMIUM and could not install it (apt-get install -y chromium)"
    [[ -x "$CHROMIUM" ]] || die "apt-get installed chromium but there is no $CHROMIUM"
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm || die "no node/npm and could not install them"
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "Node.js $(node --version) is too old: playwright-core needs Node.js 20 or later"
command -v python3 >/dev/null || die "python3 is needed to serve the book"

# playwright-core, exactly as package-lock.json pins it.
(cd "$DIR" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null) ||
    die "npm ci failed in scripts/browser"

# --- the book --------------------------------------------------------------------------------------
if [[ -n "${BROWSER_CHECK_REUSE_BOOK:-}" && -f "$OUT/print.html" ]]; then
    say "using the book already built in ${OUT#"$ROOT"/}"
else
    "$ROOT/scripts/build-book.sh"
fi

# --- serve it on 127.0.0.1 -------------------------------------------------------------------------
work="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$OUT" >"$work/server.log" 2>&1 &
server=$!
url="http://127.0.0.1:$port/"
for _ in $(seq 100); do
    if python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "${url}print.html" 2>/dev/null; then
        break
    fi
    kill -0 "$server" 2>/dev/null || {
        cat "$work/server.log" >&2
        die "the HTTP server on port $port exited"
    }
    sleep 0.1
done

# --- the checks ------------------------------------------------------------------------------------
mkdir -p "$ROOT/docs"
status=0
(cd "$DIR" && CHROMIUM="$CHROMIUM" timeout 300 node check.mjs --base-url "$url" --book-dir "$OUT" --docs-dir "$ROOT/docs") || status=$?
((status == 0)) || die "see the FAIL lines above (exit $status)"
say "done in $((SECONDS - start)) s"
