#!/usr/bin/env bash
# Builds the preprocessor of this checkout and prints the path of its binary on stdout (cargo's
# output goes to stderr). Used by scripts/build-book.sh and scripts/serve-check.sh.
#
#   BIN="$(scripts/build-preprocessor.sh)"
#
# It is the debug build that `cargo test` makes, not a build of its own: what `cargo test` compiles
# is compiled too (`--tests --examples`), so the dependencies get the same features as under `cargo
# test` (with dev-dependencies in the build, cargo turns on more features of serde, log, smallvec,
# hashbrown, ..., and everything above them is compiled again), and a `cargo test` afterwards only
# runs the tests. When a test target or an example does not compile, the preprocessor alone is
# built, so that the book can still be built while tests are being edited.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MANIFEST="$ROOT/Cargo.toml"

say() { printf '%s\n' "build-preprocessor: $*" >&2; }

if ! cargo build --manifest-path "$MANIFEST" --bins --tests --examples >&2; then
    say "the tests or examples do not build (errors above); building the preprocessor alone"
    cargo build --manifest-path "$MANIFEST" --bins >&2 || {
        say "FAILED: the preprocessor does not build"
        exit 1
    }
fi

# The target directory as cargo sees it (CARGO_TARGET_DIR, build.target-dir, or target/).
target_dir="$(cargo metadata --format-version 1 --no-deps --manifest-path "$MANIFEST" |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
bin="$target_dir/debug/mdbook-svg-charts"
[[ -n "$target_dir" && -x "$bin" ]] || {
    say "FAILED: no ${bin:-binary} after cargo build"
    exit 1
}
printf '%s\n' "$bin"
