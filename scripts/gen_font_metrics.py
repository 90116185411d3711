#!/usr/bin/env python3
"""Generate src/render/font_metrics.rs from the Open Sans TTF files.

Usage (from the repository root):

    python3 scripts/gen_font_metrics.py [--font-dir DIR] [--output FILE]

Requires fontTools (Debian: `apt-get install fonts-open-sans python3-fonttools`;
if `python3` on PATH is not the system interpreter, run `/usr/bin/python3`).
The default font directory is /usr/share/fonts/truetype/open-sans (Debian's
fonts-open-sans package).

The output is deterministic (it depends only on the two font files and on the
Unicode database of the Python interpreter, whose version is recorded in the
header) and is written already rustfmt-clean; if `rustfmt` is on PATH the
script verifies that with `rustfmt --edition 2024 --check` and fails if not.

What is emitted (all widths are advance widths in font units, see
UNITS_PER_EM):

* a range table (`RANGES`): each entry is a start codepoint plus one dense
  `u16` slice per weight. Runs of covered codepoints separated by small gaps
  are merged; uncovered codepoints inside a run hold `NONE` (u16::MAX).
  The first entry is always exactly U+0020..=U+007E (the ASCII fast path in
  font.rs relies on that).
* vertical metrics: hhea ascender/descender/lineGap (what browsers use for
  Open Sans, whose OS/2 fsSelection USE_TYPO_METRICS bit is clear), the OS/2
  typo metrics for reference, cap height and x-height (OS/2 sCapHeight /
  sxHeight).

* two codepoint range sets for characters the font does not cover, each as
  parallel `*_START` / `*_END` arrays (inclusive, sorted, disjoint):
  `ZERO_WIDTH` (general category Mn, Me, Cf, Zl, Zp, emoji skin-tone
  modifiers U+1F3FB..=U+1F3FF, tags/variation selectors U+E0000..=U+E0FFF)
  and `WIDE` (East_Asian_Width W or F, plus the CJK, Hangul, fullwidth and
  emoji blocks in EXTRA_WIDE). Gaps made only of unassigned codepoints are
  bridged to keep the sets small.

Codepoints whose Unicode general category is Mn, Me or Cf (combining marks
and format characters such as U+00AD SOFT HYPHEN) get advance 0 regardless
of the font's hmtx value: browsers do not advance the pen for them. The
header lists each codepoint where this changed the font's value.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import unicodedata

from fontTools.ttLib import TTFont

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/open-sans"
REGULAR_FILE = "OpenSans-Regular.ttf"
BOLD_FILE = "OpenSans-Bold.ttf"

# Inclusive codepoint ranges to extract; only codepoints the cmap maps are used.
WANTED_RANGES = [
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A/B
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x04FF),  # Cyrillic
    (0x0500, 0x052F),  # Cyrillic Supplement (extra: Open Sans covers part)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (extra: Vietnamese etc.)
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x215F),  # Letterlike Symbols, Number Forms (part)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2500, 0x257F),  # Box Drawing
    (0x25A0, 0x25FF),  # Geometric Shapes (extra: Open Sans has U+25CA)
    (0xFB00, 0xFB06),  # Latin ligatures (extra)
    (0xFFFC, 0xFFFD),  # Object / replacement character (extra)
]

# Blocks always measured as 1 em when the font lacks them (unassigned
# codepoints included: browsers fall back to a CJK/emoji font for them).
EXTRA_WIDE = [
    (0x2600, 0x27BF),  # Miscellaneous Symbols, Dingbats (emoji)
    (0x2E80, 0x9FFF),  # CJK radicals .. CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul Syllables
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFF00, 0xFF60),  # Fullwidth Forms
    (0x1F000, 0x1FAFF),  # Mahjong .. Symbols and Pictographs Extended-A (emoji)
    (0x20000, 0x3FFFD),  # CJK Extension B and later (planes 2 and 3)
]
# Characters not covered by the font that take no horizontal space.
ZERO_CATEGORIES_UNCOVERED = ("Mn", "Me", "Cf", "Zl", "Zp")
EXTRA_ZERO = [
    (0x1F3FB, 0x1F3FF),  # emoji skin-tone modifiers (merge into the emoji)
    (0xE0000, 0xE0FFF),  # tags, variation selectors supplement (default ignorable)
]

# Runs of covered codepoints whose gap is at most this many codepoints are
# merged into one range (the gap is filled with NONE).
MAX_GAP = 8
NONE = 0xFFFF
ZERO_CATEGORIES = ("Mn", "Me", "Cf")
MAX_WIDTH = 100  # rustfmt default max_width


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def load(path):
    font = TTFont(path)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {}
    overridden = []
    for lo, hi in WANTED_RANGES:
        for cp in range(lo, hi + 1):
            glyph = cmap.get(cp)
            if glyph is None:
                continue
            adv = hmtx[glyph][0]
            if unicodedata.category(chr(cp)) in ZERO_CATEGORIES:
                if adv != 0:
                    overridden.append((cp, adv))
                adv = 0
            assert 0 <= adv < NONE, (cp, adv)
            widths[cp] = adv
    os2 = font["OS/2"]
    hhea = font["hhea"]
    info = {
        "upem": font["head"].unitsPerEm,
        "version": font["name"].getDebugName(5),
        "revision": font["head"].fontRevision,
        "full_name": font["name"].getDebugName(4),
        "hhea": (hhea.ascent, hhea.descent, hhea.lineGap),
        "typo": (os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap),
        "use_typo": bool(os2.fsSelection & (1 << 7)),
        "cap": os2.sCapHeight,
        "x": os2.sxHeight,
        "sha256": sha256(path),
        "file": os.path.basename(path),
    }
    return widths, overridden, info


def runs(codepoints):
    """Group sorted codepoints into (start, end) runs, merging small gaps.

    ASCII (U+0020..=U+007E) is always its own first run.
    """
    out = []
    for cp in codepoints:
        if out and cp - out[-1][1] - 1 <= MAX_GAP and not (out[-1][1] <= 0x7E < cp):
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [tuple(r) for r in out]


def in_any(cp, ranges):
    return any(lo <= cp <= hi for lo, hi in ranges)


def is_zero_width(cp):
    cat = unicodedata.category(chr(cp))
    return cat in ZERO_CATEGORIES_UNCOVERED or in_any(cp, EXTRA_ZERO)


def is_wide(cp):
    if is_zero_width(cp):
        return False
    ch = chr(cp)
    # unicodedata reports W for some unassigned codepoints; ignore those.
    if unicodedata.category(ch) != "Cn" and unicodedata.east_asian_width(ch) in ("W", "F"):
        return True
    return in_any(cp, EXTRA_WIDE)


def codepoint_set(pred):
    """Inclusive ranges of codepoints matching pred, bridging unassigned gaps."""
    out = []
    for cp in range(0x110000):
        if not pred(cp):
            continue
        if out and all(unicodedata.category(chr(x)) == "Cn" for x in range(out[-1][1] + 1, cp)):
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [tuple(r) for r in out]


def array_lines(name, values, ty="u16", fmt=None):
    """Emit `pub static NAME: [T; N] = [...];` the way rustfmt lays it out."""
    if fmt is None:
        items = [str(v) if v != NONE else "NONE" for v in values]
    else:
        items = [fmt(v) for v in values]
    head = f"pub static {name}: [{ty}; {len(items)}] = ["
    one_line = head + ", ".join(items) + "];"
    if len(one_line) <= MAX_WIDTH:
        return [one_line]
    lines = [head]
    cur = "   "
    for item in items:
        piece = f" {item},"
        # rustfmt keeps one column spare in this layout, so lines end at <= 99.
        if len(cur) + len(piece) >= MAX_WIDTH:
            lines.append(cur)
            cur = "   "
        cur += piece
    lines.append(cur)
    lines.append("];")
    return lines


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--font-dir", default=DEFAULT_FONT_DIR)
    ap.add_argument(
        "--output", default=os.path.join(repo, "src", "render", "font_metrics.rs")
    )
    args = ap.parse_args()

    reg, reg_over, reg_info = load(os.path.join(args.font_dir, REGULAR_FILE))
    bold, bold_over, bold_info = load(os.path.join(args.font_dir, BOLD_FILE))

    if set(reg) != set(bold):
        sys.exit("Regular and Bold cover different codepoints; the shared range table assumes equal coverage")
    for key in ("upem", "hhea", "typo", "cap", "use_typo"):
        if reg_info[key] != bold_info[key]:
            sys.exit(f"Regular and Bold differ in {key}: {reg_info[key]} vs {bold_info[key]}")
    if any(cp not in reg for cp in range(0x20, 0x7F)):
        sys.exit("font does not cover all of ASCII")
    if reg_info["use_typo"]:
        print("warning: USE_TYPO_METRICS is set; browsers will use the typo metrics", file=sys.stderr)

    upem = reg_info["upem"]
    asc, desc, gap = reg_info["hhea"]
    t_asc, t_desc, t_gap = reg_info["typo"]
    range_list = runs(sorted(reg))
    covered = len(reg)

    out = []
    w = out.append
    w("// @generated by `python3 scripts/gen_font_metrics.py` -- DO NOT EDIT.")
    w("//")
    w("// Source fonts (Open Sans, Apache License 2.0):")
    for info in (reg_info, bold_info):
        w(f"//   {info['file']}: \"{info['full_name']}\", {info['version']}, head.fontRevision {info['revision']:.5f},")
        w(f"//     sha256 {info['sha256']}")
    w(f"// Unicode categories from Python unicodedata {unicodedata.unidata_version}.")
    w("//")
    w("// Advance widths are in font units (see UNITS_PER_EM); kerning is not included.")
    w(f"// {covered} codepoints per weight in {len(range_list)} ranges; NONE marks a gap (not covered).")
    w("// Mn/Me/Cf codepoints are forced to advance 0 (browsers do not advance for them).")
    overrides = sorted(set(cp for cp, _ in reg_over + bold_over))
    if overrides:
        w("// Font advances overridden to 0 (regular/bold font units):")
        ro, bo = dict(reg_over), dict(bold_over)
        for cp in overrides:
            w(f"//   U+{cp:04X} {unicodedata.name(chr(cp), '?')}: {ro.get(cp, 0)}/{bo.get(cp, 0)}")
    w("")
    w("/// Font design units per em (head.unitsPerEm).")
    w(f"pub const UNITS_PER_EM: u16 = {upem};")
    w("")
    w("/// Ascender in font units (hhea.ascender; what browsers use for Open Sans).")
    w(f"pub const ASCENDER: i16 = {asc};")
    w("/// Descender in font units, negative = below the baseline (hhea.descender).")
    w(f"pub const DESCENDER: i16 = {desc};")
    w("/// Line gap in font units (hhea.lineGap).")
    w(f"pub const LINE_GAP: i16 = {gap};")
    w("/// OS/2 sTypoAscender in font units (reference only; USE_TYPO_METRICS is clear).")
    w(f"pub const TYPO_ASCENDER: i16 = {t_asc};")
    w("/// OS/2 sTypoDescender in font units (reference only).")
    w(f"pub const TYPO_DESCENDER: i16 = {t_desc};")
    w("/// OS/2 sTypoLineGap in font units (reference only).")
    w(f"pub const TYPO_LINE_GAP: i16 = {t_gap};")
    w("/// Cap height in font units (OS/2 sCapHeight; same for both weights).")
    w(f"pub const CAP_HEIGHT: i16 = {reg_info['cap']};")
    w("/// x-height of the Regular weight in font units (OS/2 sxHeight).")
    w(f"pub const X_HEIGHT_REGULAR: i16 = {reg_info['x']};")
    w("/// x-height of the Bold weight in font units (OS/2 sxHeight).")
    w(f"pub const X_HEIGHT_BOLD: i16 = {bold_info['x']};")
    w("")
    w("/// Marks a codepoint inside a range that the font does not cover.")
    w("pub const NONE: u16 = u16::MAX;")
    w("")
    w("/// A run of consecutive codepoints starting at `start`; `regular[i]` and")
    w("/// `bold[i]` are the advances of codepoint `start + i`.")
    w("pub struct Range {")
    w("    /// First codepoint of the run.")
    w("    pub start: u32,")
    w("    /// Advances for OpenSans-Regular.")
    w("    pub regular: &'static [u16],")
    w("    /// Advances for OpenSans-Bold (same length as `regular`).")
    w("    pub bold: &'static [u16],")
    w("}")
    w("")
    w("/// All ranges, sorted by `start`, non-overlapping; `RANGES[0]` is U+0020..=U+007E.")
    w(f"pub static RANGES: [Range; {len(range_list)}] = [")
    for lo, _hi in range_list:
        w("    Range {")
        w(f"        start: 0x{lo:04X},")
        w(f"        regular: &REGULAR_{lo:04X},")
        w(f"        bold: &BOLD_{lo:04X},")
        w("    },")
    w("];")
    for lo, hi in range_list:
        w("")
        w(f"// U+{lo:04X}..=U+{hi:04X}")
        for prefix, table in (("REGULAR", reg), ("BOLD", bold)):
            vals = [table.get(cp, NONE) for cp in range(lo, hi + 1)]
            out.extend(array_lines(f"{prefix}_{lo:04X}", vals))


    hexfmt = lambda v: f"0x{v:04X}"  # noqa: E731
    for name, pred, doc in (
        ("ZERO_WIDTH", is_zero_width, "Zero-width codepoints (marks, format chars) outside the font."),
        ("WIDE", is_wide, "Codepoints rendered 1 em wide (CJK, Hangul, fullwidth, emoji)."),
    ):
        cps = codepoint_set(pred)
        w("")
        w(f"/// {doc}")
        w(f"/// Inclusive range starts, sorted; the matching ends are in `{name}_END`.")
        out.extend(array_lines(f"{name}_START", [lo for lo, _ in cps], "u32", hexfmt))
        w(f"/// Inclusive range ends matching `{name}_START`.")
        out.extend(array_lines(f"{name}_END", [hi for _, hi in cps], "u32", hexfmt))

    text = "\n".join(out) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {args.output}: {len(text.encode())} bytes, {covered} codepoints, {len(range_list)} ranges")

    rustfmt = shutil.which("rustfmt")
    if rustfmt:
        res = subprocess.run(
            [rustfmt, "--edition", "2024", "--check", args.output],
            capture_output=True,
            text=True,
        )
        if res.returncode != 0:
            sys.exit("generated file is not rustfmt-clean:\n" + res.stdout + res.stderr)
        print("rustfmt --check: ok")
    else:
        print("rustfmt not found; skipped formatting check", file=sys.stderr)


if __name__ == "__main__":
    main()
