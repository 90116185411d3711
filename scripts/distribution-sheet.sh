#!/usr/bin/env bash
# Side-by-side sheet of our distribution charts against matplotlib: docs/distributions-sheet.png.
# Rows: the histogram, the percentile plot and the latency heatmap of "Averages lie" in
# book/src/observability.md (the three chart blocks of that section, taken from the page as
# written), each rendered by mdbook-svg-charts (left) and drawn by matplotlib from the same
# book/src/data/checkout-requests.csv (right), both 640x400 px.
#
# matplotlib's side uses the same bins as ours, so a difference in shape is a difference in
# drawing, not in binning: 20 log-spaced bins per decade for the histogram, 30-minute columns by
# 5 log-spaced rows per decade for the heatmap, decade-aligned (np.logspace). Percentiles are
# nearest rank, x_(ceil(p/100 * n)), as ours are; this is numpy's method="inverted_cdf" except
# where p/100 * n is a whole number that floating point rounds up (p99.9 of 100,000 samples:
# 99.9 / 100 * 100000 = 99900.00000000001, so numpy takes rank 99,901), which is why the ranks
# are computed here with exact fractions.
#
# Needs rsvg-convert (apt-get install -y librsvg2-bin), Open Sans (apt-get install -y
# fonts-open-sans; without it rsvg-convert falls back to a wider face and long titles overrun),
# and python3 with numpy, matplotlib and Pillow (pip install numpy matplotlib pillow). The
# intermediate SVGs and PNGs stay in $DIST_SHEET_DIR (default /tmp/distribution-sheet).
# Not part of CI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAGE="$ROOT/book/src/observability.md"
SECTION="## Averages lie"
WORK_DIR="${DIST_SHEET_DIR:-/tmp/distribution-sheet}"
OUT="$ROOT/docs/distributions-sheet.png"
NAMES=(histogram percentiles heatmap)

say() { printf '%s\n' "distribution-sheet: $*" >&2; }
die() {
    say "FAILED: $*"
    exit 1
}

command -v rsvg-convert >/dev/null || die "no rsvg-convert found (apt-get install -y librsvg2-bin)"
if command -v fc-match >/dev/null && [[ "$(fc-match -f '%{family}' 'Open Sans')" != *"Open Sans"* ]]; then
    say "warning: Open Sans is not installed (apt-get install -y fonts-open-sans); our charts are laid out for it and will be drawn in a substitute"
fi
PYTHON=""
for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import matplotlib, numpy, PIL' 2>/dev/null; then
        PYTHON="$candidate"
        break
    fi
done
[[ -n "$PYTHON" ]] || die "no python3 with matplotlib, numpy and Pillow found (pip install matplotlib numpy pillow)"

say "building mdbook-svg-charts"
cargo build --quiet --manifest-path "$ROOT/Cargo.toml" --bin mdbook-svg-charts
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
BIN="$TARGET_DIR/debug/mdbook-svg-charts"
[[ -x "$BIN" ]] || die "no binary at $BIN"

# The blocks name their data relative to the page (data/checkout-requests.csv), and a data file
# must be inside the book: so the temporary TOML files sit in book/src/ beside the page.
TMP_PREFIX="$ROOT/book/src/.sheet-tmp-$$"
cleanup() { rm -f "$TMP_PREFIX"-*.toml; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The ```chart blocks of the section, in page order (the <details> copies are ```toml).
awk -v section="$SECTION" -v prefix="$TMP_PREFIX" '
    $0 == section { inside = 1; next }
    inside && /^## / { inside = 0 }
    inside && !fence && /^```chart[[:space:]]*$/ { fence = 1; n++; next }
    fence && /^```[[:space:]]*$/ { fence = 0; next }
    fence { print > (prefix "-" n ".toml") }
' "$PAGE"
for i in 1 2 3; do
    [[ -f "$TMP_PREFIX-$i.toml" ]] || die "expected three chart blocks under '$SECTION' in $PAGE"
done
[[ ! -e "$TMP_PREFIX-4.toml" ]] || die "more than three chart blocks under '$SECTION' in $PAGE"

mkdir -p "$WORK_DIR"
for i in 1 2 3; do
    name="${NAMES[$((i - 1))]}"
    cp "$TMP_PREFIX-$i.toml" "$WORK_DIR/$name.toml"
    "$BIN" render "$TMP_PREFIX-$i.toml" >"$WORK_DIR/ours-$name.svg" || die "$name did not render"
    rsvg-convert -b white -w 640 --format png --output "$WORK_DIR/ours-$name.png" "$WORK_DIR/ours-$name.svg"
    say "$name: $(wc -c <"$WORK_DIR/ours-$name.svg") bytes of SVG"
done
cleanup

mkdir -p "$(dirname "$OUT")"
MPLBACKEND=Agg "$PYTHON" - "$ROOT" "$WORK_DIR" "$OUT" <<'PY'
import csv
import glob
import math
import os
import sys
import tomllib
from datetime import datetime, timedelta, timezone
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker
from PIL import Image, ImageDraw, ImageFont

root, work, out = sys.argv[1:4]
NAMES = ["histogram", "percentiles", "heatmap"]
W, H, DPI = 640, 400, 100
MAX_BYTES = 600 * 1024
plt.rcParams.update({"font.size": 9, "axes.titlesize": 11, "axes.titleweight": "bold"})


def spec(name):
    with open(os.path.join(work, f"{name}.toml"), "rb") as f:
        return tomllib.load(f)


specs = {name: spec(name) for name in NAMES}
assert [specs[n].get("type") for n in NAMES] == ["histogram", "cdf", "heatmap"], "unexpected chart types"
data_path = os.path.join(root, "book", "src", specs["histogram"]["data"])

# time, before, after
times, columns = [], {}
with open(data_path, newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = list(reader)
for j, col in enumerate(header):
    if j == 0:
        times = np.array([datetime.strptime(r[0], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc) for r in rows])
    else:
        columns[col] = np.array([float(r[j]) for r in rows])


def nearest_rank(values, p):
    """x_(ceil(p/100 * n)) of the sorted values, with p taken as written (exact decimal)."""
    v = np.sort(values)
    rank = math.ceil(Fraction(str(p)) / 100 * len(v))
    return float(v[max(rank, 1) - 1])


def ms(v, _pos=None):
    return f"{v:g} ms"


def decade_edges(values, per_decade):
    lo, hi = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
    return np.logspace(lo, hi, (hi - lo) * per_decade + 1)


def save(fig, name):
    path = os.path.join(work, f"matplotlib-{name}.png")
    fig.savefig(path, dpi=DPI, facecolor="white", metadata={"Software": None})
    plt.close(fig)
    return path


# Histogram: both series overlaid, translucent, with the marked percentiles as dashed lines.
s = specs["histogram"]
fig, ax = plt.subplots(figsize=(W / DPI, H / DPI), dpi=DPI, layout="constrained")
series = s["values"]
edges = decade_edges(np.concatenate([columns[c] for c in series]), 20)
for k, col in enumerate(series):
    ax.hist(columns[col], bins=edges, alpha=0.5, color=f"C{k}", edgecolor=f"C{k}", linewidth=0.5, label=col)
for k, col in enumerate(series):
    for p in s.get("mark", []):
        v = nearest_rank(columns[col], p)
        ax.axvline(v, color=f"C{k}", linestyle="--", linewidth=1.2, label=f"{col} p{p:g} {v:g} ms")
ax.set_xscale("log")
ax.xaxis.set_major_formatter(ticker.FuncFormatter(ms))
ax.set_xlabel(s["x-axis"]["title"])
ax.set_ylabel(s["y-axis"]["title"])
ax.set_title(s["title"])
ax.legend(fontsize=8, loc="upper right")
paths = {"histogram": save(fig, "histogram")}

# Percentile plot: value against percentile on a nines axis, x = -log10(1 - p).
s = specs["percentiles"]
fig, ax = plt.subplots(figsize=(W / DPI, H / DPI), dpi=DPI, layout="constrained")
nines = 0
for k, col in enumerate(s["values"]):
    v = np.sort(columns[col])
    n = len(v)
    # x_(i) is the nearest-rank value for p in ((i-1)/n, i/n]; draw each from p = (i-1)/n on.
    p = np.arange(n) / n
    x = -np.log10(1 - p)
    ax.step(x, v, where="post", color=f"C{k}", linewidth=1.5, label=col)
    nines = max(nines, math.floor(x[-1] + 1e-9))
for p in s.get("mark", []):
    x = -math.log10(1 - p / 100)
    ax.axvline(x, color="0.4", linestyle="--", linewidth=1)
    for k, col in enumerate(s["values"]):
        v = nearest_rank(columns[col], p)
        ax.plot([x], [v], "o", color=f"C{k}", markersize=4)
        ax.annotate(f"{col} p{p:g} {v:g} ms", (x, v), textcoords="offset points", xytext=(5, -12 if k else 4), fontsize=8, color=f"C{k}")
ticks = list(range(nines + 1))
ax.set_xticks(ticks, ["0%"] + [f"{100 - 10 ** (2 - t):g}%" for t in ticks[1:]])
ax.set_xlim(0, nines)
ax.set_yscale("log")
ax.yaxis.set_major_formatter(ticker.FuncFormatter(ms))
ax.set_ylabel(s["y-axis"]["title"])
ax.set_xlabel("percentile")
ax.set_title(s["title"])
ax.grid(True, which="major", color="0.9")
ax.legend(fontsize=8, loc="upper left")
paths["percentiles"] = save(fig, "percentiles")

# Heatmap: requests counted in 30-minute columns by log latency rows; empty cells left blank.
s = specs["heatmap"]
fig, ax = plt.subplots(figsize=(W / DPI, H / DPI), dpi=DPI, layout="constrained")
values = columns[s["values"]]
start = times.min().replace(minute=0, second=0, microsecond=0)
stop = times.max()
t_edges = [start]
while t_edges[-1] <= stop:
    t_edges.append(t_edges[-1] + timedelta(minutes=30))
t_num = mdates.date2num(times)
counts, xe, ye, mesh = ax.hist2d(t_num, values, bins=[mdates.date2num(t_edges), decade_edges(values, 5)], cmap=s.get("color-scale", "viridis"), cmin=1)
ax.set_yscale("log")
ax.yaxis.set_major_formatter(ticker.FuncFormatter(ms))
ax.xaxis.set_major_locator(mdates.HourLocator(byhour=range(0, 24, 6), tz=timezone.utc))
ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=timezone.utc))
ax.set_ylabel(s["y-axis"]["title"])
ax.set_xlabel(f"time (UTC, {start:%a %d %b %Y})")
ax.set_title(s["title"])
fig.colorbar(mesh, ax=ax, label=s.get("color-title", "count"))
paths["heatmap"] = save(fig, "heatmap")


# The sheet: a caption row, then one row per chart, ours left and matplotlib right.
def font(size, bold=False):
    names = ["OpenSans-Bold.ttf", "DejaVuSans-Bold.ttf"] if bold else ["OpenSans-Regular.ttf", "DejaVuSans.ttf"]
    for name in names:
        for path in glob.glob(f"/usr/share/fonts/**/{name}", recursive=True):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def flat(path):
    im = Image.open(path).convert("RGBA")
    im = Image.alpha_composite(Image.new("RGBA", im.size, "white"), im).convert("RGB")
    return im if im.size == (W, H) else im.resize((W, round(im.height * W / im.width)), Image.LANCZOS)


PAD, GAP, CAPTION = 16, 24, 34
pairs = [(flat(os.path.join(work, f"ours-{n}.png")), flat(paths[n])) for n in NAMES]
row_h = max(max(a.height, b.height) for a, b in pairs)
width = PAD + W + GAP + W + PAD
sheet = Image.new("RGB", (width, PAD + CAPTION + len(pairs) * (row_h + PAD)), "white")
draw = ImageDraw.Draw(sheet)
caption = font(16, bold=True)
left, right = PAD, PAD + W + GAP
for x, label in ((left, "mdbook-svg-charts"), (right, "matplotlib")):
    w = draw.textlength(label, font=caption)
    draw.text((x + (W - w) / 2, PAD + 4), label, fill="#222", font=caption)
y = PAD + CAPTION
for ours, theirs in pairs:
    for x, im in ((left, ours), (right, theirs)):
        sheet.paste(im, (x, y))
        draw.rectangle((x - 1, y - 1, x + im.width, y + im.height), outline="#ccc")
    y += row_h + PAD
sheet.save(out, optimize=True)
if os.path.getsize(out) > MAX_BYTES:
    sheet.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, optimize=True)
print(f"{out}: {sheet.width}x{sheet.height}, {os.path.getsize(out) // 1024} KiB", file=sys.stderr)
PY
say "wrote ${OUT#"$ROOT"/}"
