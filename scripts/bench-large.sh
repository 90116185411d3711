#!/usr/bin/env bash
# Whole-process benchmark of a line chart over a large data file (README, "Performance").
# Works from any directory.
#
#   scripts/bench-large.sh           # 1,000,000 rows and 10,000 rows, 5 runs each
#   RUNS=9 scripts/bench-large.sh    # more runs (median reported)
#
# 1. Writes target/bench-large/{large,small}.csv deterministically (no randomness: a daily wave
#    plus a fixed pseudo-random jitter): `time` (ISO 8601 UTC, one row per second from
#    2026-11-01T00:00:00Z) and `latency` (ms, one decimal), 1,000,000 and 10,000 rows, and a line
#    chart (`chart-*.toml`) over each: x = "time" (a time axis), y = "latency".
# 2. Builds target/release/mdbook-svg-charts.
# 3. Runs `mdbook-svg-charts render chart-*.toml` RUNS times each and reports the median wall
#    time, the peak RSS (/usr/bin/time -v, median) and the SVG's size, or the error the render
#    printed. Writes the table to target/bench-large.md.
#
# Targets (1,000,000 rows): ≤ 250 ms, ≤ 200 MiB peak, SVG ≤ 25 KB; histogram and percentile
# plot of the 1,000,000 latencies: ≤ 300 ms each.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/bench-large"
RUNS="${RUNS:-5}"
mkdir -p "$OUT"
say() { printf 'bench-large: %s\n' "$*" >&2; }

say "writing data files in $OUT"
/usr/bin/env python3 - "$OUT" <<'PY'
import datetime, math, os, sys

out = sys.argv[1]
start = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
for name, rows in (("large", 1_000_000), ("small", 10_000)):
    lines = ["time,latency\n"]
    state = 12345
    for i in range(rows):
        # xorshift jitter: the same bytes on every run and machine.
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        t = start + datetime.timedelta(seconds=i)
        day = math.sin(2 * math.pi * (i % 86400) / 86400)
        latency = 120 + 60 * day + (state % 4000) / 100
        lines.append(f"{t:%Y-%m-%dT%H:%M:%S}Z,{latency:.1f}\n")
    with open(os.path.join(out, f"{name}.csv"), "w") as f:
        f.writelines(lines)
    with open(os.path.join(out, f"chart-{name}.toml"), "w") as f:
        f.write(
            'type = "line"\n'
            f'title = "p99 latency, {rows:,} samples"\n'
            f'data = "{name}.csv"\n'
            'x = "time"\n'
            'y = "latency"\n'
            'y-axis = { title = "latency", suffix = " ms" }\n'
        )
# Distributions of the 1,000,000 latencies: a histogram and a percentile plot.
with open(os.path.join(out, "chart-histogram.toml"), "w") as f:
    f.write('type = "histogram"\ndata = "large.csv"\nvalues = "latency"\nmark = [50, 99, 99.9]\n')
with open(os.path.join(out, "chart-percentiles.toml"), "w") as f:
    f.write('type = "cdf"\nview = "percentiles"\ndata = "large.csv"\nvalues = "latency"\nmark = [99.9]\n')
PY

say "building target/release/mdbook-svg-charts"
(cd "$ROOT" && cargo build --release --quiet --bin mdbook-svg-charts)
BIN="$ROOT/target/release/mdbook-svg-charts"
TIME=/usr/bin/time
[ -x "$TIME" ] || { say "needs /usr/bin/time (GNU time) for the peak RSS"; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

table="| case | rows | file | wall time (median of $RUNS) | peak RSS | SVG |
|---|---:|---:|---:|---:|---:|"
for name in large small histogram percentiles; do
    chart="$OUT/chart-$name.toml"
    case "$name" in
        histogram | percentiles) csv="$OUT/large.csv" ;;
        *) csv="$OUT/$name.csv" ;;
    esac
    rows=$(($(wc -l < "$csv") - 1))
    file_mb=$(awk -v b="$(stat -c %s "$csv")" 'BEGIN {printf "%.1f MB", b / 1e6}')
    "$BIN" render "$chart" > "$OUT/$name.svg" 2> "$OUT/$name.err" || true
    times=()
    rss=()
    for _ in $(seq "$RUNS"); do
        start=$(date +%s%N)
        "$BIN" render "$chart" > /dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=("$(((end - start) / 1000000))")
        "$TIME" -f '%M' -o "$OUT/time.txt" "$BIN" render "$chart" > /dev/null 2>&1 || true
        rss+=("$(tail -n 1 "$OUT/time.txt")")
    done
    t=$(printf '%s\n' "${times[@]}" | median)
    k=$(printf '%s\n' "${rss[@]}" | median)
    ms="$t ms"
    mib=$(awk -v k="$k" 'BEGIN {printf "%.0f MiB", k / 1024}')
    if [ -s "$OUT/$name.svg" ]; then
        svg=$(awk -v b="$(stat -c %s "$OUT/$name.svg")" 'BEGIN {printf "%.1f KB", b / 1e3}')
    else
        svg="refused: $(head -c 160 "$OUT/$name.err" | tr '\n' ' ')"
    fi
    case "$name" in
        histogram) what="histogram of the latencies, 3 marks" ;;
        percentiles) what="percentile plot (nines axis) of the latencies" ;;
        *) what="line chart, ISO time x, latency y" ;;
    esac
    table="$table
| $what | $rows | $file_mb | $ms | $mib | $svg |"
done
printf '%s\n' "$table" | tee "$ROOT/target/bench-large.md"
say "written to target/bench-large.md"
