#!/usr/bin/env bash
# Checks the crate as it would be published (Cargo.toml's `include` decides what goes in):
#
#   1. `cargo package --list` names nothing a user of the crate does not need: no demo book,
#      screenshots or other images, scripts, CI files, tests or their fixtures, benches, examples,
#      fuzz targets, editor or build leftovers;
#   2. the .crate file is at most 1 MB (PACKAGE_CHECK_MAX_BYTES);
#   3. every relative link in README.md names a file of this repository (crates.io resolves them
#      against [package] repository, not against the package);
#   4. `cargo publish --dry-run` passes: the packaged crate, on its own, builds.
#
# Works from any directory; writes only under target/package. Prints the file count and size.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MANIFEST="$ROOT/Cargo.toml"
MAX_BYTES="${PACKAGE_CHECK_MAX_BYTES:-1000000}"
start=$SECONDS

say() { printf '%s\n' "package-check: $*" >&2; }
die() {
    say "FAILED: $*"
    exit 1
}

# Paths (as `cargo package --list` prints them) that must not be in the package.
forbidden=(
    '^book/'                    # the demo book: sources, data, output
    '\.(png|jpe?g|gif|webp)$'   # screenshots (docs/*.png), any image but docs/example.svg
    '^scripts/'                 # scripts, their fixtures, node_modules
    '^\.ci/'
    '^\.github/'
    '^tests/'                   # the test suite and its fixtures
    '(^|/)[^/]*\.proptest-regressions$'
    '^benches/'
    '^examples/'
    '^fuzz/'
    '^target/'
    '(^|/)node_modules/'
    '(^|/)\.gitignore$'
    '(~|\.swp|\.rej|\.bak)$'        # editor leftovers (not Cargo.toml.orig, which cargo writes)
)

# --- 1. the file list --------------------------------------------------------------------------------
cd "$ROOT"
list="$(cargo package --list --allow-dirty --quiet --manifest-path "$MANIFEST")"
[[ -n "$list" ]] || die "cargo package --list printed nothing"
bad=""
for pattern in "${forbidden[@]}"; do
    if hits="$(grep -E -- "$pattern" <<<"$list")"; then
        bad+="$hits (matches $pattern)"$'\n'
    fi
done
[[ -z "$bad" ]] || die "the package holds files a user does not need (fix include in Cargo.toml):
$bad"
files="$(wc -l <<<"$list" | tr -d ' ')"
grep -qx 'Cargo.lock' <<<"$list" || die "no Cargo.lock in the package (cargo install --locked needs it)"
grep -qx 'README.md' <<<"$list" || die "no README.md in the package"

# --- 2. the size -------------------------------------------------------------------------------------
target_dir="$(cargo metadata --format-version 1 --no-deps --manifest-path "$MANIFEST" |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
rm -f "$target_dir"/package/*.crate
cargo package --allow-dirty --no-verify --quiet --manifest-path "$MANIFEST"
shopt -s nullglob
crates=("$target_dir"/package/*.crate)
((${#crates[@]} == 1)) || die "expected one .crate in $target_dir/package after cargo package, found ${#crates[@]}"
crate="${crates[0]}"
bytes="$(wc -c <"$crate" | tr -d ' ')"
((bytes <= MAX_BYTES)) || die "${crate##*/} is $bytes bytes, over the limit of $MAX_BYTES"
unpacked="$(tar -tvzf "$crate" | awk '{ s += $3 } END { print s + 0 }')"

# --- 3. the README's relative links ------------------------------------------------------------------
# crates.io shows the README from the package but resolves a relative link or image against the
# repository ([package] repository), so the target must exist in the repository.
missing=""
while IFS= read -r link; do
    path="${link%%#*}"
    [[ -z "$path" || -e "$ROOT/$path" ]] || missing+=" $path"
done < <(grep -oE '\]\([^)[:space:]]+\)' README.md | sed -E 's/^\]\((.*)\)$/\1/' |
    grep -Ev '^([a-z][a-z0-9+.-]*:|#)' | sort -u)
[[ -z "$missing" ]] || die "README.md links to files that do not exist:$missing"
if ! grep -Eq '^repository[[:space:]]*=' "$MANIFEST"; then
    say "note: Cargo.toml sets no repository; crates.io resolves the README's relative links and" \
        "its image (docs/example.svg) against it, so set it before publishing"
fi

# --- 4. the packaged crate builds on its own ---------------------------------------------------------
cargo publish --dry-run --allow-dirty --manifest-path "$MANIFEST"

say "OK: ${crate##*/}: $files files, $bytes bytes compressed ($unpacked bytes unpacked); $((SECONDS - start)) s"
