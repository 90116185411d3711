#!/usr/bin/env bash
# Comparison sheet of the seed notebook's six figures: docs/seed-figures.png, one row per
# figure, the plotly original (/work/shared/reference/figN.png, or $SEED_REFERENCE_DIR) on the
# left and ours (book/src/figures/NAME.toml, rendered at 2x by rsvg-convert) on the right, at
# the same height. The intermediate SVGs and PNGs stay in $SEED_SHEET_DIR (default
# /tmp/seed-sheet) for a closer look.
#
# Needs rsvg-convert (Debian/Ubuntu: apt-get install -y librsvg2-bin) and python3 with PIL
# (apt-get install -y python3-pil). Not part of CI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REFERENCE_DIR="${SEED_REFERENCE_DIR:-/work/shared/reference}"
WORK_DIR="${SEED_SHEET_DIR:-/tmp/seed-sheet}"
OUT="$ROOT/docs/seed-figures.png"
# figure file stem (book/src/figures/*.toml) and its plotly original, in notebook order
FIGURES=(
    "api-health fig1"
    "communication-patterns fig2"
    "cap-theorem fig3"
    "owasp-top-10 fig4"
    "power-of-caching fig5"
    "retry-backoff fig6"
)

say() { printf '%s\n' "seed-sheet: $*" >&2; }
die() {
    say "FAILED: $*"
    exit 1
}

command -v rsvg-convert >/dev/null || die "no rsvg-convert found (apt-get install -y librsvg2-bin)"
# The system interpreter: PIL is installed there, not necessarily in a venv's python3.
PYTHON=""
for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c 'import PIL' 2>/dev/null; then
        PYTHON="$candidate"
        break
    fi
done
[[ -n "$PYTHON" ]] || die "no python3 with PIL found (apt-get install -y python3-pil)"

say "building mdbook-svg-charts"
cargo build --quiet --manifest-path "$ROOT/Cargo.toml" --bin mdbook-svg-charts
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
BIN="$TARGET_DIR/debug/mdbook-svg-charts"
[[ -x "$BIN" ]] || die "no binary at $BIN"

mkdir -p "$WORK_DIR"
ROWS=()
for entry in "${FIGURES[@]}"; do
    read -r name fig <<<"$entry"
    spec="$ROOT/book/src/figures/$name.toml"
    reference="$REFERENCE_DIR/$fig.png"
    [[ -f "$spec" ]] || die "missing $spec"
    [[ -f "$reference" ]] || die "missing $reference"
    "$BIN" render "$spec" >"$WORK_DIR/$name.svg" || die "$name did not render"
    rsvg-convert --zoom 2 --background-color white --format png \
        --output "$WORK_DIR/$name.png" "$WORK_DIR/$name.svg"
    say "$fig $name: $(wc -c <"$WORK_DIR/$name.svg") bytes of SVG"
    ROWS+=("$fig" "$name" "$reference" "$WORK_DIR/$name.png")
done

mkdir -p "$(dirname "$OUT")"
"$PYTHON" - "$OUT" "${ROWS[@]}" <<'PY'
import glob
import os
import sys

from PIL import Image, ImageDraw, ImageFont

out, rows = sys.argv[1], sys.argv[2:]
ROW_HEIGHT = 450  # the plotly originals' height; ours (2x) is scaled down to it
GAP, PAD, CAPTION = 24, 16, 30
MAX_BYTES = 3 * 1024 * 1024


def font(size, bold=False):
    names = ["OpenSans-Bold.ttf", "DejaVuSans-Bold.ttf"] if bold else ["OpenSans-Regular.ttf", "DejaVuSans.ttf"]
    for name in names:
        for path in glob.glob(f"/usr/share/fonts/**/{name}", recursive=True):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def flat(path):
    """The image on white, scaled to ROW_HEIGHT."""
    im = Image.open(path).convert("RGBA")
    bg = Image.new("RGBA", im.size, "white")
    im = Image.alpha_composite(bg, im).convert("RGB")
    w = round(im.width * ROW_HEIGHT / im.height)
    return im.resize((w, ROW_HEIGHT), Image.LANCZOS) if im.height != ROW_HEIGHT else im


entries = []
for i in range(0, len(rows), 4):
    fig, name, ref, ours = rows[i : i + 4]
    entries.append((fig, name, flat(ref), flat(ours)))

left_w = max(e[2].width for e in entries)
right_w = max(e[3].width for e in entries)
width = PAD + left_w + GAP + right_w + PAD
row_h = CAPTION + ROW_HEIGHT + PAD
sheet = Image.new("RGB", (width, PAD + len(entries) * row_h), "white")
draw = ImageDraw.Draw(sheet)
title_font, caption_font = font(17, bold=True), font(14)
y = PAD
for fig, name, ref, ours in entries:
    draw.text((PAD, y + 4), f"{fig} · {name}", fill="#111", font=title_font)
    x_ref, x_ours = PAD, PAD + left_w + GAP
    for x, label in ((x_ref, "plotly (reference)"), (x_ours, "mdbook-svg-charts")):
        w = draw.textlength(label, font=caption_font)
        right = x + (left_w if x == x_ref else right_w)
        draw.text((right - w, y + 8), label, fill="#666", font=caption_font)
    top = y + CAPTION
    sheet.paste(ref, (x_ref, top))
    sheet.paste(ours, (x_ours, top))
    for x, im in ((x_ref, ref), (x_ours, ours)):
        draw.rectangle((x - 1, top - 1, x + im.width, top + im.height), outline="#ccc")
    y += row_h
    if y < sheet.height - PAD:
        draw.line((PAD, y - PAD // 2, width - PAD, y - PAD // 2), fill="#ddd", width=1)

scale = 1.0
while True:
    im = sheet if scale == 1.0 else sheet.resize((round(sheet.width * scale), round(sheet.height * scale)), Image.LANCZOS)
    im.save(out, optimize=True)
    if os.path.getsize(out) < MAX_BYTES or scale < 0.3:
        break
    scale *= 0.85
print(f"{out}: {im.width}x{im.height}, {os.path.getsize(out) // 1024} KiB")
PY
