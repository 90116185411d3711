#!/usr/bin/env bash
# Whole-process benchmark of the preprocessor on large books. Works from any directory.
#
#   scripts/bench-book.sh            # ~1 min after the release build
#   RUNS=30 scripts/bench-book.sh    # more runs (default 20, after 3 warm-up runs, in 5 rounds)
#
# 1. Generates (deterministic, seeded Python) three mdBook `[context, book]` JSON inputs under
#    target/bench-book/: 1,000 chapters with 1,000+ chart blocks of mixed kinds (simple
#    bar/grouped/stacked/horizontal/line/scatter/pie/donut blocks with varied data, plus the seed
#    figures of book/src/figures) in prose; the same book with every chart block turned into a
#    ```toml block (chart-free, no "chart" anywhere in the chapters); and that chart-free book
#    with prose that mentions "chart" in every chapter (defeats the cheap pre-check).
# 2. Builds target/release/mdbook-svg-charts and the pass-through floor
#    (examples/passthrough.rs: stdin → serde_json::Value → stdout).
# 3. Times both on each input with hyperfine in alternating rounds (or an interleaved warm-up +
#    median loop without it) and measures peak RSS with /usr/bin/time -v (median of 3).
# 4. Prints a markdown table and writes it to target/bench-book.md.
#
# Targets: charts book ≤ 0.2 s; chart-free book ≤ 1.1× the floor; peak RSS ≤ 2× input + 20 MB.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/bench-book"
RUNS="${RUNS:-20}"
WARMUP="${WARMUP:-3}"
mkdir -p "$OUT"
say() { printf 'bench-book: %s\n' "$*" >&2; }

# --- inputs --------------------------------------------------------------------------------------
say "generating books in $OUT"
/usr/bin/env python3 - "$ROOT/book/src/figures" "$OUT" <<'PY'
import json, os, random, sys

figdir, out = sys.argv[1], sys.argv[2]
seeds = [(f[:-5], open(os.path.join(figdir, f)).read())
         for f in sorted(os.listdir(figdir)) if f.endswith(".toml")]
rng = random.Random(20250107)

WORDS = ("latency throughput request replica queue shard index cache client server backend "
         "service gateway timeout retry budget window tenant region zone leader follower log "
         "commit snapshot batch stream token session schema migration rollout canary metric "
         "trace span alert quorum lease the a of to and in is for with on that by").split()

def sentence():
    w = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    w[0] = w[0].capitalize()
    if rng.random() < 0.2:
        w[rng.randrange(1, len(w))] = "`" + rng.choice(WORDS) + "`"
    if rng.random() < 0.1:
        w[rng.randrange(1, len(w))] = "[docs](other.md)"
    return " ".join(w) + "."

def para():
    return " ".join(sentence() for _ in range(rng.randint(3, 6)))

def nums(n, lo, hi, integer=True):
    return [rng.randint(lo, hi) if integer else round(rng.uniform(lo, hi), 2) for _ in range(n)]

def arr(xs):
    return "[" + ", ".join(json.dumps(x) for x in xs) + "]"

CATS = ["REST", "gRPC", "WebSocket", "Queue", "GraphQL", "SOAP", "MQTT", "AMQP"]

def simple(kind):
    n = rng.randint(3, 7)
    cats = rng.sample(CATS, n)
    title = f'title = "{" ".join(rng.choice(WORDS) for _ in range(3)).capitalize()}"\n'
    if kind == "bar":
        return f'type = "bar"\n{title}x = {arr(cats)}\ny = {arr(nums(n, 1, 10000))}\ny-axis = {{ title = "req/s" }}\n'
    if kind in ("grouped", "stacked"):
        s = f'type = "bar"\n{title}x = {arr(cats)}\n'
        if kind == "stacked":
            s += 'mode = "stack"\n'
        for i in range(rng.randint(2, 4)):
            s += f'[[series]]\nname = "s{i}"\ny = {arr(nums(n, 1, 500))}\n'
        return s
    if kind == "horizontal":
        return (f'type = "bar"\norientation = "horizontal"\nshow-values = true\n{title}'
                f'x = {arr(cats)}\ny = {arr(nums(n, 1, 100, False))}\ny-axis = {{ suffix = " s" }}\n')
    if kind == "line":
        s = f'type = "line"\n{title}x-axis = {{ title = "attempt" }}\n'
        m = rng.randint(5, 30)
        for i in range(rng.randint(1, 3)):
            s += f'[[series]]\nname = "l{i}"\nx = {arr(list(range(m)))}\ny = {arr(nums(m, 0, 1000, False))}\n'
            if i == 1:
                s += 'dash = "dash"\nmarkers = true\n'
        return s
    if kind == "scatter":
        m = rng.randint(4, 10)
        s = f'type = "scatter"\n{title}x = {arr(nums(m, 0, 100, False))}\ny = {arr(nums(m, 0, 100, False))}\n'
        if rng.random() < 0.5:
            s += f'labels = {arr([rng.choice(WORDS) for _ in range(m)])}\n'
        return s
    if kind in ("pie", "donut"):
        s = f'type = "pie"\n{title}labels = {arr(cats)}\nvalues = {arr(nums(n, 1, 100))}\n'
        if kind == "donut":
            s += "hole = 0.4\n"
        return s
    raise ValueError(kind)

KINDS = ["bar", "grouped", "stacked", "horizontal", "line", "scatter", "pie", "donut"]

def chart_body():
    if rng.random() < 0.2:
        name, body = rng.choice(seeds)
        return "seed:" + name, body
    k = rng.choice(KINDS)
    return k, simple(k)

# One plan, three renderings: the same prose and blocks, with `chart` or `toml` fences.
plan, counts = [], {}
for i in range(1000):
    parts = [("text", f"# Chapter {i}\n\n")]
    for p in range(rng.randint(2, 5)):
        parts.append(("text", para() + "\n\n"))
        if p == 0 or (p == 2 and i % 4 == 0):
            kind, body = chart_body()
            counts[kind] = counts.get(kind, 0) + 1
            parts.append(("chart", body))
        elif rng.random() < 0.3:
            parts.append(("text", "```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n\n"))
        elif rng.random() < 0.3:
            parts.append(("text", "".join(f"- {sentence()}\n" for _ in range(3)) + "\n"))
    plan.append(parts)

def render(parts, fence, mention):
    s = ""
    for k, v in parts:
        s += f"```{fence}\n{v}```\n\n" if k == "chart" else v
    if mention:
        s += "The flowchart above and the charts in the appendix say the same.\n"
    return s

def book(fence, mention):
    items = []
    for top in range(100):
        subs = []
        for j in range(10):
            i = top * 10 + j
            ch = {"name": f"Chapter {i}", "content": render(plan[i], fence, mention),
                  "number": None, "sub_items": [], "path": f"ch{i}.md",
                  "source_path": f"ch{i}.md", "parent_names": []}
            if j == 0:
                top_ch = ch
            else:
                ch["parent_names"] = [top_ch["name"]]
                subs.append({"Chapter": ch})
        top_ch["sub_items"] = subs
        items.append({"Chapter": top_ch})
    ctx = {"root": "/tmp/bench-book", "config": {"book": {"src": "src"},
           "preprocessor": {"svg-charts": {}}}, "renderer": "html", "mdbook_version": "0.5.4"}
    return [ctx, {"items": items}]

for name, fence, mention in [("charts", "chart", False), ("chart-free", "toml", False),
                             ("chart-free-mentions", "toml", True)]:
    b = book(fence, mention)
    if fence == "toml" and not mention:
        assert all("chart" not in c["Chapter"]["content"] for c in b[1]["items"])
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump(b, f)
total = sum(counts.values())
print(f"bench-book: {total} chart blocks: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
      file=sys.stderr)
PY

# --- binaries ------------------------------------------------------------------------------------
say "building release binaries"
cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" --bin mdbook-svg-charts --example passthrough
BIN="$ROOT/target/release/mdbook-svg-charts"
FLOOR="$ROOT/target/release/examples/passthrough"

# Sanity: the real run succeeds, renders every chart, and says how long it took inside.
RUST_LOG=info "$BIN" <"$OUT/charts.json" >"$OUT/charts.out.json" 2>"$OUT/charts.stderr"
say "$(tail -n 1 "$OUT/charts.stderr")"
if grep -q "error" "$OUT/charts.stderr"; then
    say "chart errors:"; head -n 5 "$OUT/charts.stderr" >&2; exit 1
fi

# --- timing --------------------------------------------------------------------------------------
# The floor and the preprocessor are timed in alternating rounds (ROUNDS rounds of RUNS/ROUNDS runs
# each, after WARMUP warm-up runs) so that a change in other load on the machine hits both alike.
# time_pair NAME INPUT → two lines, floor then preprocessor: "median min max cpu" in seconds
# (cpu: mean user+sys per run, which other load inflates less than wall-clock time).
ROUNDS="${ROUNDS:-5}"
time_pair() {
    local name=$1 input=$2 per=$(((RUNS + ROUNDS - 1) / ROUNDS)) r
    if command -v hyperfine >/dev/null; then
        for ((r = 0; r < ROUNDS; r++)); do
            hyperfine --style none --warmup "$([[ $r == 0 ]] && echo "$WARMUP" || echo 1)" \
                --runs "$per" --output null --export-json "$OUT/$name.timing.$r.json" \
                "'$FLOOR' < '$input'" "'$BIN' < '$input' 2>/dev/null" >/dev/null 2>&1
        done
        python3 - "$OUT/$name.timing" "$ROUNDS" <<'PY'
import json, statistics, sys
base, rounds = sys.argv[1], int(sys.argv[2])
for i in range(2):
    ts, cpu = [], []
    for r in range(rounds):
        res = json.load(open(f"{base}.{r}.json"))["results"][i]
        ts += res["times"]
        cpu.append(res["user"] + res["system"])
    print(statistics.median(ts), min(ts), max(ts), statistics.mean(cpu))
PY
    else
        python3 - "$FLOOR" "$BIN" "$input" "$WARMUP" "$RUNS" <<'PY'
import resource, statistics, subprocess, sys, time
progs, inp, warm, runs = sys.argv[1:3], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
ts, cpu = {p: [] for p in progs}, {p: 0.0 for p in progs}
for i in range(warm + runs):
    for p in progs:
        with open(inp, "rb") as f:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run([p], stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            t = time.perf_counter() - t
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i >= warm:
            ts[p].append(t)
            cpu[p] += (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
for p in progs:
    print(statistics.median(ts[p]), min(ts[p]), max(ts[p]), cpu[p] / runs)
PY
    fi
}

# peak_rss PROGRAM INPUT → median of 3 runs, in KiB
peak_rss() {
    local prog=$1 input=$2 r=()
    for _ in 1 2 3; do
        r+=("$(/usr/bin/time -v "$prog" <"$input" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')")
    done
    printf '%s\n' "${r[@]}" | sort -n | sed -n 2p
}

declare -A MED
rows=()
for case in charts chart-free chart-free-mentions; do
    input="$OUT/$case.json"
    size=$(stat -c %s "$input")
    say "timing floor and mdbook-svg-charts on $case.json"
    mapfile -t times < <(time_pair "$case" "$input")
    for i in 0 1; do
        prog=floor exe=$FLOOR
        [[ $i == 1 ]] && prog=bin exe=$BIN
        read -r med min max cpu <<<"${times[$i]}"
        rss=$(peak_rss "$exe" "$input")
        MED[$case-$prog]=$med
        rows+=("$case|$prog|$size|$med|$min|$max|$cpu|$rss")
    done
done

table=$(
    printf '| case | program | input | median | min | max | CPU user+sys | peak RSS | RSS limit (2×input+20 MiB) | ratio to floor (median) |\n'
    printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
    for row in "${rows[@]}"; do
        IFS='|' read -r case prog size med min max cpu rss <<<"$row"
        python3 - "$case" "$prog" "$size" "$med" "$min" "$max" "$cpu" "$rss" "${MED[$case-floor]}" <<'PY'
import sys
case, prog, size, med, mn, mx, cpu, rss, floor = sys.argv[1:]
size, med, mn, mx, cpu, rss, floor = int(size), float(med), float(mn), float(mx), float(cpu), int(rss), float(floor)
name = "mdbook-svg-charts" if prog == "bin" else "floor (passthrough)"
ms = lambda s: f"{s * 1000:.1f} ms"
limit = 2 * size / 2**20 + 20
print(f"| {case} | {name} | {size / 2**20:.2f} MiB | {ms(med)} | {ms(mn)} | {ms(mx)} | {ms(cpu)} | "
      f"{rss / 1024:.1f} MiB | {limit:.1f} MiB | {med / floor:.2f}× |")
PY
    done
)
{
    echo "## bench-book ($(nproc) cores, $RUNS runs in $ROUNDS alternating rounds after $WARMUP warm-up, $(date -u +%F))"
    echo
    echo "$table"
    echo
    echo "charts: $(tail -n 1 "$OUT/charts.stderr")"
} | tee "$ROOT/target/bench-book.md"
