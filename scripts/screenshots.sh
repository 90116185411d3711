#!/usr/bin/env bash
# Screenshots of the demo book's bar chapter in the light and navy themes, for the README:
#   docs/screenshot-light.png, docs/screenshot-navy.png
# and every demo chart rendered on its own (SVG and PNG, through rsvg-convert) into
# $CHART_DIR (default /tmp/svg-charts-demo) for checking by eye.
#
# Needs Chromium (chromium, chromium-browser or google-chrome) and rsvg-convert
# (Debian/Ubuntu: apt-get install -y chromium librsvg2-bin). Not part of CI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BOOK="$ROOT/book"
CHART_DIR="${CHART_DIR:-/tmp/svg-charts-demo}"
MDBOOK_VERSION=0.5.4
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"

say() { printf '%s\n' "screenshots: $*" >&2; }
die() {
    say "FAILED: $*"
    exit 1
}

CHROMIUM=""
for c in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$c" >/dev/null; then
        CHROMIUM="$c"
        break
    fi
done
[[ -n "$CHROMIUM" ]] || die "no Chromium found (apt-get install -y chromium)"
command -v rsvg-convert >/dev/null || die "no rsvg-convert found (apt-get install -y librsvg2-bin)"

# Builds and checks the book (and installs the pinned mdbook if needed).
"$ROOT/scripts/build-book.sh"
MDBOOK=""
for candidate in mdbook "$CARGO_BIN/mdbook"; do
    if [[ "$("$candidate" --version 2>/dev/null || true)" == "mdbook v$MDBOOK_VERSION" ]]; then
        MDBOOK="$candidate"
        break
    fi
done
[[ -n "$MDBOOK" ]] || die "mdbook $MDBOOK_VERSION not found after build-book.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$ROOT/docs"

# The theme a reader picks is kept in localStorage; a fresh browser profile has none, so the page
# uses `default-theme` (or `preferred-dark-theme` when the system prefers dark). Setting both
# through mdBook's MDBOOK_* config overrides makes each build show one theme whatever the system
# says. These builds go to a temporary directory; book/book is left as build-book.sh made it.
for theme in light navy; do
    MDBOOK_OUTPUT__HTML__DEFAULT_THEME="$theme" \
        MDBOOK_OUTPUT__HTML__PREFERRED_DARK_THEME="$theme" \
        "$MDBOOK" build "$BOOK" --dest-dir "$work/$theme" >"$work/$theme.log" 2>&1 ||
        {
            cat "$work/$theme.log" >&2
            die "mdbook build ($theme) failed"
        }
    grep -q "class=\"$theme" "$work/$theme/bar.html" || die "the $theme build does not use the $theme theme"
    out="$ROOT/docs/screenshot-$theme.png"
    rm -f "$out"
    # A fresh profile per shot; no network, no first-run UI, no background services.
    profile="$(mktemp -d -p "$work")"
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --window-size=1200,1600 \
        --virtual-time-budget=5000 --screenshot="$out" \
        "file://$work/$theme/bar.html" >"$work/chromium-$theme.log" 2>&1 || true
    [[ -s "$out" ]] || {
        cat "$work/chromium-$theme.log" >&2
        die "Chromium wrote no $out"
    }
    say "wrote ${out#"$ROOT"/}"
done

# Every chart of the book on its own: the body of each chart fence (block-quote and list
# prefixes removed, a lone {{#include file}} line resolved) through `mdbook-svg-charts render`.
mkdir -p "$CHART_DIR"
rm -f "$CHART_DIR"/*.toml "$CHART_DIR"/*.svg "$CHART_DIR"/*.png
(cd "$BOOK/src" && find . -name '*.md' | sort | xargs awk -v OUT="$CHART_DIR" '
    function strip(s) { sub(/^[ \t]*(>[ \t]?)*[ \t]*/, "", s); return s }
    FNR == 1 {
        n = 0; open = ""; chart = 0
        base = FILENAME; sub(/^\.\//, "", base); sub(/\.md$/, "", base); gsub(/\//, "_", base)
        dir = FILENAME; if (!sub(/\/[^\/]*$/, "", dir)) dir = "."
    }
    {
        line = strip($0)
        if (open != "") {
            if (match(line, /^(`+|~+)[ \t]*$/) && substr(line, 1, 1) == substr(open, 1, 1) && RLENGTH >= length(open)) {
                if (chart) close(out)
                open = ""; chart = 0; next
            }
            if (!chart) next
            if (line ~ /^\{\{#include [^}]*\}\}[ \t]*$/) {
                f = line; sub(/^\{\{#include /, "", f); sub(/\}\}.*$/, "", f)
                while ((getline l < (dir "/" f)) > 0) print l > out
                close(dir "/" f); next
            }
            print line > out; next
        }
        if (match(line, /^(```+|~~~+)/)) {
            open = substr(line, 1, RLENGTH); info = substr(line, RLENGTH + 1)
            if (info ~ /^chart([ \t,].*)?$/) { chart = 1; n++; out = OUT "/" base "-" n ".toml"; printf "" > out }
        }
    }')
bin="$ROOT/target/release/mdbook-svg-charts"
count=0
for spec in "$CHART_DIR"/*.toml; do
    name="${spec%.toml}"
    "$bin" render "$spec" >"$name.svg" || die "could not render $spec"
    rsvg-convert --background-color=white "$name.svg" -o "$name.png" || die "rsvg-convert failed on $name.svg"
    count=$((count + 1))
done
say "OK: docs/screenshot-light.png, docs/screenshot-navy.png; $count charts rendered to $CHART_DIR/*.png"
