#!/usr/bin/env bash
# Checks that `mdbook serve` keeps working with the preprocessor while a chapter is being edited:
# a copy of the demo book (book.toml + src/, in a temporary directory) is served on 127.0.0.1,
# and the served HTML is polled (never a browser) after each edit:
#
#   (a) a chart in a chapter gets a string where a number belongs: the page shows the error box
#       (.svg-chart-error) instead of the chart, and the server keeps answering;
#   (b) the chart is fixed: the chart is back and the error box gone;
#   (c) a CSV file the chart reads (`data = "..."`) gets a new value: the value appears in the
#       figure's data table.
#
# Every wait is bounded (SERVE_CHECK_TIMEOUT seconds, default 60); the server is stopped on exit.
# Needs an mdbook built with its `serve` and `watch` features, of the version scripts/build-book.sh
# pins: `mdbook` on PATH or in cargo's bin dir if it has them, else one is installed (once, a few
# minutes) into target/mdbook-serve. That root is its own: `cargo install` of the same version
# with other features rebuilds and replaces what is in its root, so sharing one with the mdbook
# that scripts/build-book.sh builds without them (target/mdbook) would rebuild it at every turn;
# build-book.sh uses this one when it is there. The preprocessor is the debug binary of this
# checkout that `cargo test` builds too (scripts/build-preprocessor.sh), set as the book's command.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# One pin for both scripts: build-book.sh's `MDBOOK_VERSION=...` line.
MDBOOK_VERSION="$(sed -n 's/^MDBOOK_VERSION=\([0-9.]*\)$/\1/p' "$ROOT/scripts/build-book.sh")"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
TOOLS="$ROOT/target/mdbook-serve"
TIMEOUT="${SERVE_CHECK_TIMEOUT:-60}"
start=$SECONDS

say() { printf '%s\n' "serve-check: $*" >&2; }
[[ -n "$MDBOOK_VERSION" ]] || {
    say "FAILED: no MDBOOK_VERSION=... line in scripts/build-book.sh"
    exit 1
}
die() {
    say "FAILED: $*"
    if [[ -n "${page:-}" && -s "$page" ]]; then
        cp "$page" "${TMPDIR:-/tmp}/serve-check-failed.html"
        say "the last page fetched is in ${TMPDIR:-/tmp}/serve-check-failed.html"
    fi
    if [[ -n "${log:-}" && -s "$log" ]]; then
        say "last lines of mdbook serve's output:"
        tail -n 30 "$log" >&2
    fi
    exit 1
}

# --- mdbook with `serve`, pinned ----------------------------------------------------------------------
MDBOOK=""
for candidate in mdbook "$CARGO_BIN/mdbook" "$TOOLS/bin/mdbook"; do
    if [[ "$("$candidate" --version 2>/dev/null || true)" == "mdbook v$MDBOOK_VERSION" ]] &&
        "$candidate" serve --help >/dev/null 2>&1; then
        MDBOOK="$candidate"
        break
    fi
done
if [[ -z "$MDBOOK" ]]; then
    say "no mdbook $MDBOOK_VERSION with \`serve\`; installing one into ${TOOLS#"$ROOT"/} (a few minutes)"
    cargo install mdbook --locked --version "$MDBOOK_VERSION" --no-default-features \
        --features serve,watch --root "$TOOLS"
    MDBOOK="$TOOLS/bin/mdbook"
fi

# --- the preprocessor --------------------------------------------------------------------------------
BIN="$("$ROOT/scripts/build-preprocessor.sh")" || die "the preprocessor does not build (see above)"
# mdbook runs `command` split into words like a shell would: quote the path.
export MDBOOK_PREPROCESSOR__SVG_CHARTS__COMMAND="'${BIN//\'/\'\\\'\'}'"

# --- a copy of the book, with one chapter of our own -------------------------------------------------
work="$(mktemp -d)"
server=""
log="$work/serve.log"
cleanup() {
    if [[ -n "$server" ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
book="$work/book"
mkdir -p "$book"
cp "$ROOT/book/book.toml" "$ROOT/book/svg-charts.css" "$book/"
cp -R "$ROOT/book/src" "$book/src"
# book.toml's own `command` (`cargo run --manifest-path ../Cargo.toml`) would not find the
# manifest from here; MDBOOK_PREPROCESSOR__SVG_CHARTS__COMMAND (above) replaces it.

chapter="$book/src/serve-check.md"
csv="$book/src/serve-check.csv"
good='y = [3, 5, 8]'
bad='y = [3, "oops", 8]'
cat >"$chapter" <<EOF
# Serve check

\`\`\`chart
type = "bar"
title = "Serve check inline"
x = ["a", "b", "c"]
$good
\`\`\`

\`\`\`chart
type = "bar"
title = "Serve check from a file"
data = "serve-check.csv"
x = "name"
y = "value"
\`\`\`
EOF
printf 'name,value\nalpha,11\nbeta,22\n' >"$csv"
printf '\n- [Serve check](serve-check.md)\n' >>"$book/src/SUMMARY.md"

# --- serve ---------------------------------------------------------------------------------------------
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
# The default on-error ("show") is what `mdbook serve` users get; do not inherit a CI override.
env -u MDBOOK_PREPROCESSOR__SVG_CHARTS__ON_ERROR "$MDBOOK" serve "$book" -n 127.0.0.1 -p "$port" >"$log" 2>&1 &
server=$!

page="$work/page.html"
# fetch PATH [FILE]: the served page into $page (or FILE); fails unless the server answers 200.
if command -v curl >/dev/null; then
    fetch() { curl -fsS --max-time 5 -o "${2:-$page}" "$url/$1" 2>/dev/null; }
else
    fetch() {
        python3 -c 'import sys, urllib.request; open(sys.argv[2], "wb").write(urllib.request.urlopen(sys.argv[1], timeout=5).read())' \
            "$url/$1" "${2:-$page}" 2>/dev/null
    }
fi
count() { grep -o "$1" "$page" | wc -l | tr -d ' '; }
# wait_for WHAT TEST: polls serve-check.html every 0.25 s until TEST (a shell function) succeeds;
# also checks that the server is alive and that another page answers while it waits.
wait_for() {
    local what="$1" test="$2" t0=$SECONDS
    while :; do
        kill -0 "$server" 2>/dev/null || die "mdbook serve exited while waiting for: $what"
        if fetch serve-check.html && "$test"; then
            break
        fi
        ((SECONDS - t0 < TIMEOUT)) || die "no $what after $TIMEOUT s ($url/serve-check.html)"
        sleep 0.25
    done
    fetch index.html "$work/other.html" || die "the server stopped answering for index.html (after: $what)"
    waited=$((SECONDS - t0))
}
figure='<figure class="svg-chart"[ >]'
initial() { [[ "$(count "$figure")" == 2 ]] && ! grep -q 'svg-chart-error' "$page"; }
broken() { grep -q 'class="svg-chart-error"' "$page" && [[ "$(count "$figure")" == 1 ]]; }
fixed() { initial && grep -q 'Serve check inline' "$page"; }
new_value() { grep -q '<td>4242</td>' "$page" && ! grep -q '<td>22</td>' "$page"; }

wait_for "first build with both charts" initial
t_first=$waited
grep -q '<td>22</td>' "$page" || die "the chart from serve-check.csv does not show its value 22"

# (a) break the inline chart
python3 - "$chapter" "$good" "$bad" <<'EOF'
import sys
p, old, new = sys.argv[1:]
s = open(p).read()
assert s.count(old) == 1
open(p, 'w').write(s.replace(old, new))
EOF
wait_for "error box for the broken chart" broken
t_broken=$waited
box="$(python3 -c '
import html, re, sys
m = re.search(r"<div class=\"svg-chart-error\".*?</div>", open(sys.argv[1]).read(), re.S)
print(" ".join(html.unescape(re.sub(r"<[^>]+>", "", m.group(0))).split())[:200])' "$page")"
say "error box: $box"

# (b) fix it
python3 - "$chapter" "$bad" "$good" <<'EOF'
import sys
p, old, new = sys.argv[1:]
s = open(p).read()
assert s.count(old) == 1
open(p, 'w').write(s.replace(old, new))
EOF
wait_for "chart back after the fix" fixed
t_fixed=$waited

# (c) change the data file
printf 'name,value\nalpha,11\nbeta,4242\n' >"$csv"
wait_for "new value 4242 from serve-check.csv" new_value
t_data=$waited

say "OK: first build ${t_first} s, error box ${t_broken} s, chart back ${t_fixed} s, CSV change ${t_data} s; $((SECONDS - start)) s in all ($("$MDBOOK" --version))"
