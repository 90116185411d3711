#!/usr/bin/env bash
# Builds the demo book in book/ with the real mdBook and the preprocessor from this checkout, and
# fails if anything about the charts went wrong. Works from any directory.
#
#   scripts/build-book.sh    # builds mdbook 0.5.4 into target/mdbook first if none is found
#
# The preprocessor is the debug binary that `cargo test` builds as well
# (scripts/build-preprocessor.sh), so this script followed by `cargo test` builds the crate once.
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
# Any mdbook $MDBOOK_VERSION builds the book: `mdbook` on PATH, then cargo's bin dir, then the one
# scripts/serve-check.sh installs into target/mdbook-serve, then the one this script builds into
# target/mdbook.
TOOLS="$ROOT/target/mdbook"
MDBOOK=""
for candidate in mdbook "$CARGO_BIN/mdbook" "$ROOT/target/mdbook-serve/bin/mdbook" "$TOOLS/bin/mdbook"; do
    if [[ "$("$candidate" --version 2>/dev/null || true)" == "mdbook v$MDBOOK_VERSION" ]]; then
        MDBOOK="$candidate"
        break
    fi
done

work="$(mktemp -d)"
install_pid=""
cleanup() {
    if [[ -n "$install_pid" ]]; then
        kill "$install_pid" 2>/dev/null || true
        wait "$install_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

if [[ -z "$MDBOOK" ]]; then
    # None: build one of our own into target/mdbook, the quickest way that is still the real
    # mdbook. Without default features: `mdbook build` needs neither `serve` nor `watch` (a web
    # server and a file watcher, a good part of mdbook's compile time) nor `search`. In the dev
    # profile without debug info, it compiles in about 40% of the time of a release build (about
    # 75 s of CPU time instead of 170 s) and still builds the demo book in well under a second.
    # Its own root, not cargo's bin dir: it never replaces an mdbook you installed, nor the one
    # scripts/serve-check.sh installs into target/mdbook-serve (`cargo install` of the same
    # version with other features rebuilds and replaces what is in its root).
    # It compiles in the background while the preprocessor builds: each build leaves a core idle
    # at times (one large crate, linking), which the other fills. Its own target directory keeps
    # it off the lock of the preprocessor's (CARGO_TARGET_DIR).
    say "no mdbook $MDBOOK_VERSION found; building one into ${TOOLS#"$ROOT"/} in the background (a minute or two)"
    cargo install mdbook --locked --version "$MDBOOK_VERSION" --no-default-features \
        --debug --config profile.dev.debug=0 --root "$TOOLS" --target-dir "$work/mdbook-target" \
        >"$work/install.log" 2>&1 &
    install_pid=$!
fi

# --- the preprocessor ------------------------------------------------------------------------------
# The debug build that `cargo test` makes (see scripts/build-preprocessor.sh), so `cargo test`
# afterwards compiles nothing and only runs the tests. Building it here, not through book.toml's
# `cargo run`, keeps compiler output out of mdbook's log and makes a compile error fail loudly here.
BIN="$("$ROOT/scripts/build-preprocessor.sh")" || die "the preprocessor does not build (see above)"
# mdbook runs `command` split into words like a shell would: quote the path.
quoted_bin="'${BIN//\'/\'\\\'\'}'"

if [[ -n "$install_pid" ]]; then
    say "waiting for cargo install mdbook to finish"
    status=0
    wait "$install_pid" || status=$?
    install_pid=""
    if ((status != 0)); then
        cat "$work/install.log" >&2
        die "cargo install mdbook --version $MDBOOK_VERSION failed (exit $status)"
    fi
    grep -E '^ *(Finished|Installed|Replaced)' "$work/install.log" >&2 || true
    rm -rf "$work/mdbook-target"
    MDBOOK="$TOOLS/bin/mdbook"
    [[ "$("$MDBOOK" --version)" == "mdbook v$MDBOOK_VERSION" ]] ||
        die "$MDBOOK --version does not print v$MDBOOK_VERSION after installing"
fi

# --- the book --------------------------------------------------------------------------------------
log="$work/build.log"
say "running $MDBOOK build $BOOK"
# book.toml's `command` (`cargo run`, for `mdbook build book` by hand) is replaced by the binary
# built above; on-error = "fail" makes a bad chart fail mdbook itself, on top of the log check below.
status=0
MDBOOK_PREPROCESSOR__SVG_CHARTS__COMMAND="$quoted_bin" MDBOOK_PREPROCESSOR__SVG_CHARTS__ON_ERROR=fail \
    "$MDBOOK" build "$BOOK" >"$log" 2>&1 || status=$?
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
    die "chart code blocks survive in: ${left//$'\n'/ }"
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
# shellcheck disable=SC2016 # an awk program, not shell
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
chapters="$(grep -lE "$figure" "${pages[@]}" | grep -cEv '/(print|index)\.html$' || true)"
((fences > 0)) || die "found no chart fences in $BOOK/src"
((figures >= fences)) || die "only $figures rendered chart(s) for $fences chart fence(s) in book/src"

say "OK: $figures charts for $fences chart fences, on $chapters pages; no errors; $("$MDBOOK" --version); $((SECONDS - start)) s"
