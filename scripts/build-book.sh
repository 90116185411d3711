#!/usr/bin/env bash
# Builds the demo book in book/ with the real mdBook and the preprocessor from this checkout, and
# fails if anything about the charts went wrong. Works from any directory.
#
#   scripts/build-book.sh            # installs mdbook 0.5.4 first if `mdbook` is not that version
#
# Fails (exit 1) when:
#   * mdbook's output mentions an error, a panic, or a located chart error (`file:line:col: error:`);
#   * a chart block survives into the HTML (`language-chart`, or a literal ```chart outside the
#     ````markdown examples);
#   * the book has fewer rendered charts (<figure class="svg-chart"...>) than chart fences in book/src.
set -euo pipefail

MDBOOK_VERSION=0.5.4
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BOOK="$ROOT/book"
OUT="$BOOK/book"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
start=$SECONDS

say() { printf '%s\n' "build-book: $*" >&2; }
die() {
    say "FAILED: $*"
    exit 1
}

# --- mdbook, pinned ------------------------------------------------------------------------------
# `mdbook` on PATH first, then cargo's bin dir (where `cargo install` puts it).
MDBOOK=""
for candidate in mdbook "$CARGO_BIN/mdbook"; do
    # The version must match, and `serve` must be compiled in (scripts/serve-check.sh uses it).
    if version="$("$candidate" --version 2>/dev/null)" && [[ "$version" == "mdbook v$MDBOOK_VERSION" ]] &&
        "$candidate" serve --help >/dev/null 2>&1; then
        MDBOOK="$candidate"
        break
    fi
done
if [[ -z "$MDBOOK" ]]; then
    say "mdbook $MDBOOK_VERSION not found; installing it with cargo (a few minutes)"
    # `serve` and `watch` (not `search`) so that scripts/serve-check.sh can use the same binary.
    cargo install mdbook --locked --version "$MDBOOK_VERSION" --no-default-features --features serve,watch
    MDBOOK="$CARGO_BIN/mdbook"
    [[ "$("$MDBOOK" --version)" == "mdbook v$MDBOOK_VERSION" ]] ||
        die "$MDBOOK --version does not print v$MDBOOK_VERSION after installing"
fi

# --- the preprocessor ------------------------------------------------------------------------------
# book.toml runs it as `cargo run --release` from this checkout; building here first keeps compiler
# output out of mdbook's log and makes a compile error fail loudly at this step.
cargo build --release --manifest-path "$ROOT/Cargo.toml"

# --- the book --------------------------------------------------------------------------------------
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
say "running $MDBOOK build $BOOK"
# on-error = "fail" makes a bad chart fail mdbook itself, on top of the log check below.
status=0
MDBOOK_PREPROCESSOR__SVG_CHARTS__ON_ERROR=fail "$MDBOOK" build "$BOOK" >"$log" 2>&1 || status=$?
cat "$log" >&2
[[ $status -eq 0 ]] || die "mdbook exited with status $status"
if grep -Eq '[^[:space:]:]+:[0-9]+:[0-9]+: error:' "$log"; then
    die "chart error(s) in the book (see the file:line:column lines above)"
fi
if grep -Eiq 'error|panicked' "$log"; then
    die "mdbook's output mentions an error or a panic (see above)"
fi

# --- checks on the HTML ----------------------------------------------------------------------------
shopt -s globstar nullglob
pages=("$OUT"/**/*.html)
((${#pages[@]} > 0)) || die "no HTML pages in $OUT"

# A `chart` code block that reached the HTML was not replaced.
if left="$(grep -l 'language-chart' "${pages[@]}")"; then
    die "chart code blocks survive in: $(echo $left)"
fi
# A literal ```chart may only appear inside the ````markdown examples (code.language-markdown).
outside_markdown_examples() {
    awk '{
        line = $0; out = ""
        while (1) {
            if (!inside) {
                i = index(line, "<code class=\"language-markdown")
                if (i == 0) { out = out line; break }
                out = out substr(line, 1, i - 1); line = substr(line, i); inside = 1
            } else {
                j = index(line, "</code>")
                if (j == 0) break
                line = substr(line, j + 7); inside = 0
            }
        }
        print out
    }' "$1"
}
for page in "${pages[@]}"; do
    if outside_markdown_examples "$page" | grep -q '```chart'; then
        die "a literal \`\`\`chart survives in ${page#"$ROOT"/}"
    fi
done

# Chart fences in the sources: ```chart or ~~~chart, possibly inside block quotes or list items,
# not counting examples shown inside longer (````markdown) fences.
fences="$(find "$BOOK/src" -name '*.md' -print0 | xargs -0 awk '
    FNR == 1 { outer = "" }
    {
        line = $0
        sub(/^[ \t]*(>[ \t]?)*[ \t]*/, "", line)
        if (outer != "") {
            if (index(line, outer) == 1 && line ~ /^(`+|~+)[ \t]*$/) outer = ""
            next
        }
        if (match(line, /^(````+|~~~~+)/)) { outer = substr(line, 1, RLENGTH); next }
        if (line ~ /^(```|~~~)chart([ \t,].*)?$/) n++
    }
    END { print n + 0 }')"
# print.html holds every chapter exactly once (index.html repeats the first chapter).
[[ -f "$OUT/print.html" ]] || die "no print.html in $OUT"
# `<figure class="svg-chart">`, allowing further attributes after the class.
figure='<figure class="svg-chart"[ >]'
figures="$(grep -oE "$figure" "$OUT/print.html" | wc -l | tr -d ' ')"
chapters="$(grep -lE "$figure" "${pages[@]}" | grep -Ev '/(print|index)\.html$' | wc -l | tr -d ' ')"
((fences > 0)) || die "found no chart fences in $BOOK/src"
((figures >= fences)) || die "only $figures rendered chart(s) for $fences chart fence(s) in book/src"

say "OK: $figures charts for $fences chart fences, on $chapters pages; no errors; $("$MDBOOK" --version); $((SECONDS - start)) s"
