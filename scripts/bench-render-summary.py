#!/usr/bin/env python3
"""Summarises the last `cargo bench --bench render` run from target/criterion/*/*/new/sample.json:
median and minimum time per iteration of each benchmark (the minimum is the least disturbed by
other load on the machine), against the issue 7 target of 0.25 ms per seed figure."""
import json, os, statistics, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "criterion")
rows = []
for group in sorted(os.listdir(root)):
    gdir = os.path.join(root, group)
    if not os.path.isdir(gdir) or group == "report":
        continue
    for name in sorted(os.listdir(gdir)):
        f = os.path.join(gdir, name, "new", "sample.json")
        if not os.path.exists(f):
            continue
        s = json.load(open(f))
        per = [t / n for t, n in zip(s["times"], s["iters"])]  # ns per iteration
        rows.append((f"{group}/{name}", statistics.median(per), min(per)))
print("| benchmark | median | min | target |")
print("|---|---:|---:|---|")
fmt = lambda ns: f"{ns / 1000:.1f} µs" if ns >= 1000 else f"{ns:.0f} ns"
for name, med, mn in rows:
    target = ""
    if name.startswith("seed/") or name.startswith("seed-in-chapter/"):
        target = "≤ 250 µs: " + ("met" if med <= 250_000 else "MISSED")
    print(f"| {name} | {fmt(med)} | {fmt(mn)} | {target} |")
